import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DEMO_ASSEMBLY_ID, DEMO_MEETING_ID } from "../../demo/council.js";
import { DomainError } from "../errors.js";
import type { CouncilCommand } from "./commands.js";
import { decide } from "./decide.js";
import type { AssemblySettings, CouncilEvent } from "./events.js";
import { quorumOf, seatViews, substitutesOf, type SeatView } from "./procedure.js";
import { evolve, type AssemblyState, type CouncilState, type MeetingState } from "./state.js";
import { AT, demoCommands, given, stateOf, type Given } from "./testing.js";

/**
 * Seats, attendance, quorum and jäv (RULES.md 1-5, 8): who serves in each seat, what the software
 * proposes, and what it refuses. The cases are taken from the rules' text; the council is the demo
 * council (api/src/demo/council.ts): S 1-12, M 13-22, SD 23-29, C 30-33, V 34-37, KD 38-40,
 * L 41-43, MP 44-45; member-1 chairs; substitutes sub-<party>-<rank>.
 */

// --- The demo council --------------------------------------------------------------------------

const { register, schedule } = demoCommands();

const MEETING = DEMO_MEETING_ID;
const SEATS = 45;
const CHAIR = "member-1";
const CLERK = "clerk-1";
const item = (n: number): string => `${MEETING}-${n}`;
/** Budget: proposals -a (KS), -b (M), -c (SD). */
const ITEM2 = item(2);
const ITEM3 = item(3);
const ITEM4 = item(4);
const QUESTION = "Ja för kommunstyrelsens förslag, nej för Moderaternas förslag";
const NO_RETURN = /left the meeting after serving and does not serve again today \(the assembly's no-return rule\)/;
const VOTE_OPEN = /A vote is open: attendance cannot change until it closes/;

const member = (seat: number): string => `member-${seat}`;
const seatNumbers = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const ALL_SEATS = seatNumbers(1, SEATS);

/** Serving members in call order: seat order, the chair last (RULES.md 9). */
function callOrder(serving: readonly (string | null)[]): string[] {
  const ids = serving.filter((id): id is string => id !== null);
  return ids.includes(CHAIR) ? [...ids.filter((id) => id !== CHAIR), CHAIR] : ids;
}

// --- Histories ----------------------------------------------------------------------------------

const by = (actor: string, event: CouncilEvent): Given => ({ event, actor });

function registered(settings?: AssemblySettings): Given[] {
  return [{ type: "AssemblyRegistered", data: settings ? { ...register.data, settings } : register.data }];
}

function scheduled(settings?: AssemblySettings): Given[] {
  return [...registered(settings), { type: "MeetingScheduled", data: schedule.data }];
}

function opened(settings?: AssemblySettings): Given[] {
  return [...scheduled(settings), by(CHAIR, { type: "MeetingOpened", data: { meetingId: MEETING } })];
}

function attendanceRecorded(memberId: string, present: boolean): Given {
  return by(CLERK, { type: "AttendanceRecorded", data: { meetingId: MEETING, memberId, present } });
}

/** The upprop: every holder present except those in `absentSeats`, recorded absent. */
function rollCall(absentSeats: readonly number[] = []): Given[] {
  return ALL_SEATS.map((seat) => attendanceRecorded(member(seat), !absentSeats.includes(seat)));
}

function substituteAssigned(seat: number, substituteId: string | null): Given {
  return by(CLERK, { type: "SubstituteAssigned", data: { meetingId: MEETING, seat, substituteId } });
}

function currentItemSet(itemId: string): Given {
  return by(CHAIR, { type: "CurrentItemSet", data: { meetingId: MEETING, itemId } });
}

function recusalDeclared(itemId: string, memberId: string): Given {
  return by(CLERK, { type: "RecusalDeclared", data: { meetingId: MEETING, itemId, memberId } });
}

/** Open, roll-called with `absentSeats` away, on `itemId`. */
function onItem(absentSeats: readonly number[] = [], itemId: string = ITEM2, settings?: AssemblySettings): Given[] {
  return [...opened(settings), ...rollCall(absentSeats), currentItemSet(itemId)];
}

/** The history plus the events `command` gives: histories built by the decider itself. */
function played(history: readonly Given[], command: CouncilCommand, actor: string): Given[] {
  const events = decide(command, stateOf(history), { actor, at: AT });
  return [...history, ...events.map((event) => by(actor, event))];
}

/** A vote opened on `itemId`, answered Ja by member-2 and closed: decided, not a tie waiting for the chair. */
function voteHeld(history: readonly Given[], voteId: string, itemId: string = ITEM2): Given[] {
  const answered = played(played(history, openVote(voteId, itemId), CHAIR), castBallot(voteId), member(2));
  return played(answered, closeVote(voteId), CHAIR);
}

/** The id of the vote a history opened last. */
function lastVoteId(history: readonly Given[]): string {
  const ids = history.flatMap((g) => {
    const event = "event" in g ? g.event : g;
    return event.type === "VoteOpened" ? [event.data.voteId] : [];
  });
  const id = ids.at(-1);
  assert.ok(id !== undefined, "the history opened a vote");
  return id;
}

const NO_RETURN_OFF: AssemblySettings = { noReturnAfterLeaving: false, answerChangeWhileOpen: true };

// --- Commands -----------------------------------------------------------------------------------

function setAttendance(memberId: string, present: boolean): CouncilCommand {
  return { type: "SetAttendance", data: { meetingId: MEETING, memberId, present } };
}

function assignSubstitute(seat: number, substituteId: string | null): CouncilCommand {
  return { type: "AssignSubstitute", data: { meetingId: MEETING, seat, substituteId } };
}

function setCurrentItem(itemId: string): CouncilCommand {
  return { type: "SetCurrentItem", data: { meetingId: MEETING, itemId } };
}

function declareRecusal(itemId: string, memberId: string): CouncilCommand {
  return { type: "DeclareRecusal", data: { itemId, memberId } };
}

/** A Ja/Nej vote on the item's first two proposals, or on no named proposals (`named` false). */
function openVote(voteId: string, itemId: string = ITEM2, named: boolean = true): CouncilCommand {
  return {
    type: "OpenVote",
    data: {
      voteId,
      itemId,
      method: "ELECTRONIC",
      question: QUESTION,
      yesProposalId: named ? `${itemId}-a` : null,
      noProposalId: named ? `${itemId}-b` : null,
      majority: "SIMPLE",
    },
  };
}

function castBallot(voteId: string): CouncilCommand {
  return { type: "CastBallot", data: { voteId, choice: "YES", idempotencyKey: "k-1" } };
}

function recordBallot(voteId: string, memberId: string): CouncilCommand {
  return { type: "RecordBallot", data: { voteId, memberId, choice: "YES", idempotencyKey: "k-1" } };
}

function closeVote(voteId: string): CouncilCommand {
  return { type: "CloseVote", data: { voteId } };
}

// --- Reading the state --------------------------------------------------------------------------

function meetingIn(state: CouncilState): MeetingState {
  const meeting = state.meetings.get(MEETING);
  assert.ok(meeting, "the meeting exists");
  return meeting;
}

function assemblyIn(state: CouncilState): AssemblyState {
  const assembly = state.assemblies.get(DEMO_ASSEMBLY_ID);
  assert.ok(assembly, "the assembly exists");
  return assembly;
}

function viewsIn(state: CouncilState): SeatView[] {
  return seatViews(meetingIn(state), assemblyIn(state));
}

function viewsOf(history: readonly Given[]): SeatView[] {
  return viewsIn(stateOf(history));
}

function seatOf(views: readonly SeatView[], number: number): SeatView {
  const seat = views.find((s) => s.number === number);
  assert.ok(seat, `seat ${number} exists`);
  return seat;
}

function quorumIn(history: readonly Given[]): { required: number; present: number; met: boolean } {
  const state = stateOf(history);
  return quorumOf(assemblyIn(state), viewsIn(state));
}

/** The eligible list of the vote `openVote` would open now (sides unnamed: a later round may follow). */
function eligibleOn(history: readonly Given[], itemId: string = ITEM2): readonly string[] {
  const [event] = decide(openVote("vote-probe", itemId, false), stateOf(history), { actor: CHAIR, at: AT });
  assert.ok(event?.type === "VoteOpened", "the vote opens");
  return event.data.eligible;
}

// ================================================================================================

describe("Rule 1: a substitute serves only for an absent member of the same party, called by rank", () => {
  describe("when a holder is recorded absent", () => {
    const history = (): Given[] => [...opened(), ...rollCall([5, 6])];

    const refusals: ReadonlyArray<{ name: string; command: CouncilCommand; code: "BAD_INPUT" | "CONFLICT"; message: RegExp }> = [
      {
        name: "a substitute of another party (M for an S seat)",
        command: assignSubstitute(5, "sub-M-1"),
        code: "BAD_INPUT",
        message: /\(M\) cannot serve in seat 5: a substitute serves only for a member of the same party \(S\)\./,
      },
      {
        name: "a substitute of another party (SD for a V seat)",
        command: assignSubstitute(34, "sub-SD-1"),
        code: "BAD_INPUT",
        message: /\(SD\) cannot serve in seat 34: a substitute serves only for a member of the same party \(V\)\./,
      },
      {
        name: "an ordinary member of the same party",
        command: assignSubstitute(5, member(7)),
        code: "BAD_INPUT",
        message: /is an ordinary member, not a substitute\./,
      },
      {
        name: "a substitute in the seat of a holder who is present",
        command: assignSubstitute(7, "sub-S-1"),
        code: "CONFLICT",
        message: /is present in seat 7; record them absent before a substitute steps in\./,
      },
    ];
    for (const { name, command, code, message } of refusals) {
      it(`refuses ${name} with ${code}`, () => {
        given(history()).when(command, CLERK).thenRefused(code, message);
      });
    }

    it("seats a substitute of the holder's party, who then serves and counts as present", () => {
      given(history())
        .when(assignSubstitute(5, "sub-S-1"), CLERK)
        .then([{ type: "SubstituteAssigned", data: { meetingId: MEETING, seat: 5, substituteId: "sub-S-1" } }]);
      const views = viewsOf([...history(), substituteAssigned(5, "sub-S-1")]);
      assert.equal(seatOf(views, 5).servedBy, "sub-S-1");
      assert.equal(seatOf(views, 5).holderId, member(5));
      assert.deepEqual(quorumIn([...history(), substituteAssigned(5, "sub-S-1")]), { required: 23, present: 44, met: true }, "seat 6 stays empty");
    });
  });

  describe("when a substitute already serves in another seat", () => {
    const history = (): Given[] => [...opened(), ...rollCall([5, 6]), substituteAssigned(5, "sub-S-1")];

    it("refuses them in a second seat with CONFLICT", () => {
      given(history()).when(assignSubstitute(6, "sub-S-1"), CLERK).thenRefused("CONFLICT", /That substitute already serves in seat 5\./);
    });

    it("the party's next substitute may take the second seat", () => {
      given(history())
        .when(assignSubstitute(6, "sub-S-2"), CHAIR)
        .then([{ type: "SubstituteAssigned", data: { meetingId: MEETING, seat: 6, substituteId: "sub-S-2" } }]);
    });
  });

  describe("the suggested substitute (procedure.seatViews)", () => {
    interface SuggestionCase {
      readonly name: string;
      readonly history: () => Given[];
      /** [seat, suggestedSubstituteId] for the seats of interest. */
      readonly expect: ReadonlyArray<readonly [number, string | null]>;
    }
    const cases: readonly SuggestionCase[] = [
      {
        name: "an absent S seat is offered the party's rank-1 substitute",
        history: () => [...opened(), ...rollCall([5])],
        expect: [[5, "sub-S-1"]],
      },
      {
        name: "an absent M seat is offered M's rank-1 substitute, never another party's",
        history: () => [...opened(), ...rollCall([15])],
        expect: [[15, "sub-M-1"]],
      },
      {
        name: "once sub-S-1 serves seat 5, seat 6 (S, absent) is offered sub-S-2, and seat 5 nobody",
        history: () => [...opened(), ...rollCall([5, 6]), substituteAssigned(5, "sub-S-1")],
        expect: [
          [5, null],
          [6, "sub-S-2"],
        ],
      },
      {
        name: "a substitute present but not serving is still free: rank 1 is offered",
        history: () => [...opened(), ...rollCall([5]), attendanceRecorded("sub-S-1", true)],
        expect: [[5, "sub-S-1"]],
      },
      {
        name: "a seat whose holder is present is offered nobody",
        history: () => [...opened(), ...rollCall()],
        expect: [
          [5, null],
          [44, null],
        ],
      },
      {
        name: "with every substitute of the party serving, an absent seat is offered nobody (MP has one)",
        history: () => [...opened(), ...rollCall([44, 45]), substituteAssigned(44, "sub-MP-1")],
        expect: [
          [44, null],
          [45, null],
        ],
      },
      {
        name: "with all six S substitutes serving, a seventh absent S seat is offered nobody",
        history: () => [
          ...opened(),
          ...rollCall([2, 3, 4, 5, 6, 7, 8]),
          ...seatNumbers(2, 7).map((seat) => substituteAssigned(seat, `sub-S-${seat - 1}`)),
        ],
        expect: [[8, null]],
      },
      {
        name: "a seat that will be empty from the next item is offered a substitute while its holder still serves",
        history: () => [...onItem(), attendanceRecorded(member(5), false)],
        expect: [[5, "sub-S-1"]],
      },
      {
        name: "a substitute seated for the next item is not offered for another seat",
        history: () => [...onItem([6]), attendanceRecorded(member(5), false), substituteAssigned(5, "sub-S-1")],
        expect: [
          [5, null],
          [6, "sub-S-2"],
        ],
      },
      {
        name: "a departed substitute (served at an item, then left) is skipped under the no-return policy",
        history: () => [...onItem([5, 6], ITEM2), substituteAssigned(5, "sub-S-1"), currentItemSet(ITEM3), attendanceRecorded("sub-S-1", false)],
        expect: [[5, "sub-S-2"]],
      },
      {
        name: "with noReturnAfterLeaving off, a substitute who left may be offered again",
        history: () => [
          ...onItem([5, 6], ITEM2, NO_RETURN_OFF),
          substituteAssigned(5, "sub-S-1"),
          currentItemSet(ITEM3),
          attendanceRecorded("sub-S-1", false),
        ],
        expect: [[5, "sub-S-1"]],
      },
    ];
    for (const { name, history, expect } of cases) {
      it(name, () => {
        const views = viewsOf(history());
        for (const [seat, suggested] of expect) assert.equal(seatOf(views, seat).suggestedSubstituteId, suggested, `seat ${seat}`);
      });
    }

    it("goes by rank, not by the order the roster lists the substitutes in", () => {
      const reversed = { ...register.data, members: [...register.data.members].reverse() };
      const history: Given[] = [
        { type: "AssemblyRegistered", data: reversed },
        { type: "MeetingScheduled", data: schedule.data },
        by(CHAIR, { type: "MeetingOpened", data: { meetingId: MEETING } }),
        ...rollCall([5, 6]),
        substituteAssigned(5, "sub-S-1"),
      ];
      const state = stateOf(history);
      assert.deepEqual(substitutesOf(assemblyIn(state), "S"), ["sub-S-1", "sub-S-2", "sub-S-3", "sub-S-4", "sub-S-5", "sub-S-6"]);
      assert.equal(seatOf(viewsIn(state), 6).suggestedSubstituteId, "sub-S-2");
      assert.equal(seatOf(viewsIn(state), 15).suggestedSubstituteId, null);
    });

    it("the suggestion, confirmed by the clerk, is accepted", () => {
      const history = [...opened(), ...rollCall([5, 6]), substituteAssigned(5, "sub-S-1")];
      const suggested = seatOf(viewsOf(history), 6).suggestedSubstituteId;
      assert.ok(suggested !== null, "seat 6 is offered a substitute");
      given(history)
        .when(assignSubstitute(6, suggested), CLERK)
        .then([{ type: "SubstituteAssigned", data: { meetingId: MEETING, seat: 6, substituteId: "sub-S-2" } }]);
    });
  });
});

// ================================================================================================

describe("Rule 2: attendance changes during an item take effect from the next item", () => {
  interface PendingCase {
    readonly name: string;
    readonly absentSeats: readonly number[];
    /** Substitutes seated at the roll-call, before the item. */
    readonly seated: ReadonlyArray<readonly [number, string]>;
    /** What the clerk records during the item. */
    readonly changes: readonly CouncilCommand[];
    readonly seat: number;
    readonly now: string | null;
    readonly next: string | null;
    readonly quorumNow: number;
    readonly quorumNext: number;
  }
  const cases: readonly PendingCase[] = [
    {
      name: "a member leaves",
      absentSeats: [],
      seated: [],
      changes: [setAttendance(member(5), false)],
      seat: 5,
      now: member(5),
      next: null,
      quorumNow: 45,
      quorumNext: 44,
    },
    {
      name: "a member recorded absent at the roll-call arrives",
      absentSeats: [7],
      seated: [],
      changes: [setAttendance(member(7), true)],
      seat: 7,
      now: null,
      next: member(7),
      quorumNow: 44,
      quorumNext: 45,
    },
    {
      name: "a substitute steps in for an absent member",
      absentSeats: [7],
      seated: [],
      changes: [assignSubstitute(7, "sub-S-1")],
      seat: 7,
      now: null,
      next: "sub-S-1",
      quorumNow: 44,
      quorumNext: 45,
    },
    {
      name: "a serving substitute leaves",
      absentSeats: [7],
      seated: [[7, "sub-S-1"]],
      changes: [setAttendance("sub-S-1", false)],
      seat: 7,
      now: "sub-S-1",
      next: null,
      quorumNow: 45,
      quorumNext: 44,
    },
    {
      name: "a member leaves and a substitute steps in for them",
      absentSeats: [],
      seated: [],
      changes: [setAttendance(member(20), false), assignSubstitute(20, "sub-M-1")],
      seat: 20,
      now: member(20),
      next: "sub-M-1",
      quorumNow: 45,
      quorumNext: 45,
    },
  ];

  for (const c of cases) {
    describe(`when an item is current and ${c.name}`, () => {
      const before = (): Given[] => [...opened(), ...rollCall(c.absentSeats), ...c.seated.map(([seat, id]) => substituteAssigned(seat, id)), currentItemSet(ITEM2)];
      const during = (): Given[] => c.changes.reduce<Given[]>((h, command) => played(h, command, CLERK), before());

      it("the seat shows who serves now and, as pending, who serves from the next item", () => {
        const seat = seatOf(viewsOf(during()), c.seat);
        assert.equal(seat.servedBy, c.now);
        assert.equal(seat.nextServedBy, c.next);
      });

      it("quorum on this item does not change", () => {
        assert.deepEqual(quorumIn(before()), { required: 23, present: c.quorumNow, met: true });
        assert.deepEqual(quorumIn(during()), { required: 23, present: c.quorumNow, met: true });
      });

      it("a vote opened on this item has the eligible list it would have had without the change", () => {
        assert.deepEqual(eligibleOn(during()), eligibleOn(before()));
        assert.equal(eligibleOn(during()).includes(c.now ?? "nobody"), c.now !== null);
        if (c.next !== null && c.next !== c.now) assert.ok(!eligibleOn(during()).includes(c.next), `${c.next} is not eligible yet`);
      });

      it("from the next item (setCurrentItem) the change is in effect, and nothing is pending", () => {
        const next = played(during(), setCurrentItem(ITEM3), CHAIR);
        const seat = seatOf(viewsOf(next), c.seat);
        assert.equal(seat.servedBy, c.next);
        assert.equal(seat.nextServedBy, c.next);
        assert.deepEqual(quorumIn(next), { required: 23, present: c.quorumNext, met: true });
        assert.equal(eligibleOn(next, ITEM3).includes(c.next ?? "nobody"), c.next !== null);
      });
    });
  }

  describe("when no item is current yet (the roll-call)", () => {
    it("a change takes effect at once: nothing is pending", () => {
      const history = played([...opened(), ...rollCall([7])], assignSubstitute(7, "sub-S-1"), CLERK);
      const seat = seatOf(viewsOf(history), 7);
      assert.equal(seat.servedBy, "sub-S-1");
      assert.equal(seat.nextServedBy, "sub-S-1");
      assert.deepEqual(quorumIn(history), { required: 23, present: 45, met: true });
    });
  });

  describe("when a vote is open", () => {
    const history = (): Given[] => played([...opened(), ...rollCall([7]), attendanceRecorded("sub-S-2", true), currentItemSet(ITEM2)], openVote("v"), CHAIR);
    const refused: ReadonlyArray<readonly [string, CouncilCommand]> = [
      ["a member leaving", setAttendance(member(5), false)],
      ["a member arriving", setAttendance(member(7), true)],
      ["a substitute arriving", setAttendance("sub-S-1", true)],
      ["a present substitute leaving", setAttendance("sub-S-2", false)],
      ["a substitute stepping in", assignSubstitute(7, "sub-S-1")],
      ["the holder taking the seat back", assignSubstitute(7, null)],
    ];
    for (const [name, command] of refused) {
      it(`refuses ${name} with CONFLICT`, () => {
        given(history()).when(command, CLERK).thenRefused("CONFLICT", VOTE_OPEN);
      });
    }

    it("the same changes are accepted once the vote is closed (pending until the next item)", () => {
      const closed = played(played(history(), castBallot("v"), member(2)), closeVote("v"), CHAIR);
      const after = played(closed, setAttendance(member(7), true), CLERK);
      assert.equal(seatOf(viewsOf(after), 7).servedBy, null);
      assert.equal(seatOf(viewsOf(after), 7).nextServedBy, member(7));
    });
  });

  describe("when an item is current and the chair sets the same item again", () => {
    // It would bring a change recorded during the item into effect during it (RULES.md 2: "never during one").
    it("is refused, so a change recorded during the item does not take effect on it", () => {
      const history = played(onItem(), setAttendance(member(5), false), CLERK);
      given(history).when(setCurrentItem(ITEM2), CHAIR).thenRefused("CONFLICT", /already the current item/);
      assert.equal(seatOf(viewsIn(stateOf(history)), 5).servedBy, member(5), "member-5 still serves on the item they left during");
    });
  });
});

// ================================================================================================

describe("Rule 3: arriving late, leaving, and the no-return policy", () => {
  describe("when a member recorded absent at the roll-call arrives during an item", () => {
    const history = (): Given[] =>
      played([...opened(), ...rollCall([5]), substituteAssigned(5, "sub-S-1"), currentItemSet(ITEM2)], setAttendance(member(5), true), CLERK);

    it("the substitute keeps serving on this item", () => {
      const seat = seatOf(viewsOf(history()), 5);
      assert.equal(seat.servedBy, "sub-S-1");
      assert.equal(seat.nextServedBy, member(5));
    });

    it("from the next item the member takes the seat back and the substitute steps down, still present", () => {
      const state = stateOf(played(history(), setCurrentItem(ITEM3), CHAIR));
      assert.equal(seatOf(viewsIn(state), 5).servedBy, member(5));
      assert.ok(meetingIn(state).attendance.presentSubstitutes.has("sub-S-1"), "sub-S-1 stays present");
      assert.ok(!meetingIn(state).attendance.departed.has("sub-S-1"), "stepping down is not leaving");
    });

    it("the substitute who stepped down may be seated for another absent member of the party", () => {
      const next = played([...played(history(), setCurrentItem(ITEM3), CHAIR)], setAttendance(member(6), false), CLERK);
      given(next)
        .when(assignSubstitute(6, "sub-S-1"), CLERK)
        .then([{ type: "SubstituteAssigned", data: { meetingId: MEETING, seat: 6, substituteId: "sub-S-1" } }]);
    });
  });

  describe("when a member who served at an item has left (default: no return)", () => {
    const left = (): Given[] => played(onItem(), setAttendance(member(5), false), CLERK);
    const withSubstitute = (): Given[] => played(left(), assignSubstitute(5, "sub-S-1"), CLERK);

    it("they cannot be recorded present again, on the same item", () => {
      given(left()).when(setAttendance(member(5), true), CLERK).thenRefused("CONFLICT", NO_RETURN);
    });

    it("they cannot be recorded present again, on a later item", () => {
      given(played(left(), setCurrentItem(ITEM3), CHAIR)).when(setAttendance(member(5), true), CHAIR).thenRefused("CONFLICT", NO_RETURN);
    });

    it("the seat cannot be given back to them with assignSubstitute(seat, null)", () => {
      given(played(withSubstitute(), setCurrentItem(ITEM3), CHAIR)).when(assignSubstitute(5, null), CLERK).thenRefused("CONFLICT", NO_RETURN);
    });

    it("the substitute keeps the seat on every later item", () => {
      const later = played(played(withSubstitute(), setCurrentItem(ITEM3), CHAIR), setCurrentItem(ITEM4), CHAIR);
      assert.equal(seatOf(viewsOf(later), 5).servedBy, "sub-S-1");
    });

    it("a substitute who served and left cannot be recorded present or seated again", () => {
      const subLeft = played(played(withSubstitute(), setCurrentItem(ITEM3), CHAIR), setAttendance("sub-S-1", false), CLERK);
      given(subLeft).when(setAttendance("sub-S-1", true), CLERK).thenRefused("CONFLICT", NO_RETURN);
      given(subLeft).when(assignSubstitute(5, "sub-S-1"), CLERK).thenRefused("CONFLICT", NO_RETURN);
    });
  });

  describe("when a member leaves before serving at any item", () => {
    const table: ReadonlyArray<{ name: string; history: () => Given[] }> = [
      { name: "present then absent at the roll-call (a mistake)", history: () => [...opened(), ...rollCall(), attendanceRecorded(member(5), false)] },
      {
        name: "absent at the roll-call, arrived during an item, left again during it",
        history: () => [...onItem([5]), attendanceRecorded(member(5), true), attendanceRecorded(member(5), false)],
      },
    ];
    for (const { name, history } of table) {
      it(`${name}: they may be recorded present again`, () => {
        given(history())
          .when(setAttendance(member(5), true), CLERK)
          .then([{ type: "AttendanceRecorded", data: { meetingId: MEETING, memberId: member(5), present: true } }]);
      });
    }

    it("roll-call mistakes toggled back and forth before any item leave the member serving", () => {
      const history = [...opened(), ...rollCall()];
      const toggled = [false, true, false, true].reduce<Given[]>((h, present) => played(h, setAttendance(member(5), present), CLERK), history);
      assert.equal(seatOf(viewsOf(toggled), 5).servedBy, member(5));
      assert.equal(meetingIn(stateOf(toggled)).recordedAttendance.departed.size, 0);
    });
  });

  describe("when the assembly's noReturnAfterLeaving is off", () => {
    const left = (): Given[] =>
      played(played(onItem([], ITEM2, NO_RETURN_OFF), setAttendance(member(5), false), CLERK), assignSubstitute(5, "sub-S-1"), CLERK);

    it("a member who served and left may be recorded present again", () => {
      const back = played(played(left(), setCurrentItem(ITEM3), CHAIR), setAttendance(member(5), true), CLERK);
      const seat = seatOf(viewsOf(back), 5);
      assert.equal(seat.servedBy, "sub-S-1", "the substitute serves out the item");
      assert.equal(seat.nextServedBy, member(5));
      assert.equal(seatOf(viewsOf(played(back, setCurrentItem(ITEM4), CHAIR)), 5).servedBy, member(5));
    });

    it("the seat may be given back with assignSubstitute(seat, null)", () => {
      given(played(left(), setCurrentItem(ITEM3), CHAIR))
        .when(assignSubstitute(5, null), CLERK)
        .then([{ type: "SubstituteAssigned", data: { meetingId: MEETING, seat: 5, substituteId: null } }]);
    });
  });
});

// ================================================================================================

describe("Rule 4: quorum counts served seats, substitutes included", () => {
  describe("quorumOf, for assemblies of other sizes", () => {
    const table: ReadonlyArray<readonly [seatCount: number, served: number, required: number, met: boolean]> = [
      [45, 45, 23, true],
      [45, 23, 23, true],
      [45, 22, 23, false],
      [44, 23, 23, true],
      [44, 22, 23, false],
      [3, 2, 2, true],
      [2, 1, 2, false],
      [1, 1, 1, true],
      [1, 0, 1, false],
    ];
    for (const [seatCount, served, required, met] of table) {
      it(`${served} of ${seatCount} seats served: ${required} required, ${met ? "met" : "not met"}`, () => {
        const assembly = { ...assemblyIn(stateOf(registered())), seatCount };
        const seats: SeatView[] = Array.from({ length: seatCount }, (_, i) => ({
          number: i + 1,
          holderId: member(i + 1),
          servedBy: i < served ? member(i + 1) : null,
          recusedId: null,
          nextServedBy: null,
          suggestedSubstituteId: null,
        }));
        assert.deepEqual(quorumOf(assembly, seats), { required, present: served, met });
      });
    }
  });

  interface QuorumCase {
    readonly name: string;
    readonly absentSeats: readonly number[];
    readonly seated: ReadonlyArray<readonly [number, string]>;
    readonly presentSubstitutes: readonly string[];
    readonly recused: readonly string[];
    readonly present: number;
  }
  const absentFrom = (first: number): number[] => seatNumbers(first, SEATS);
  const cases: readonly QuorumCase[] = [
    { name: "23 holders", absentSeats: absentFrom(24), seated: [], presentSubstitutes: [], recused: [], present: 23 },
    { name: "22 holders", absentSeats: absentFrom(23), seated: [], presentSubstitutes: [], recused: [], present: 22 },
    { name: "22 holders and a serving substitute", absentSeats: absentFrom(23), seated: [[23, "sub-SD-1"]], presentSubstitutes: [], recused: [], present: 23 },
    { name: "22 holders and a present substitute not serving", absentSeats: absentFrom(23), seated: [], presentSubstitutes: ["sub-SD-1"], recused: [], present: 22 },
    {
      name: "23 holders, one with jäv and no substitute of the party present (the seat is empty)",
      absentSeats: absentFrom(24),
      seated: [],
      presentSubstitutes: ["sub-M-1"],
      recused: [member(2)],
      present: 22,
    },
    {
      name: "23 holders, one with jäv and a substitute of the party present",
      absentSeats: absentFrom(24),
      seated: [],
      presentSubstitutes: ["sub-S-1"],
      recused: [member(2)],
      present: 23,
    },
  ];

  for (const c of cases) {
    describe(`when an item is current with ${c.name}`, () => {
      const history = (): Given[] => [
        ...opened(),
        ...rollCall(c.absentSeats),
        ...c.presentSubstitutes.map((id) => attendanceRecorded(id, true)),
        ...c.seated.map(([seat, id]) => substituteAssigned(seat, id)),
        ...c.recused.map((id) => recusalDeclared(ITEM2, id)),
        currentItemSet(ITEM2),
      ];
      const met = c.present >= 23;

      it(`quorum is ${c.present} of 23 required: ${met ? "met" : "not met"}`, () => {
        assert.deepEqual(quorumIn(history()), { required: 23, present: c.present, met });
      });

      if (met) {
        it(`a vote opens, with ${c.present} present and eligible`, () => {
          const [event] = decide(openVote("v"), stateOf(history()), { actor: CHAIR, at: AT });
          assert.ok(event?.type === "VoteOpened");
          assert.equal(event.data.present, c.present);
          assert.equal(event.data.eligible.length, c.present);
        });
      } else {
        it("a vote cannot be opened: CONFLICT", () => {
          given(history())
            .when(openVote("v"), CHAIR)
            .thenRefused("CONFLICT", new RegExp(`The meeting is not quorate: ${c.present} seats are served, 23 are needed\\.`));
        });
      }
    });
  }
});

// ================================================================================================

describe("Rule 5: jäv", () => {
  describe("DeclareRecusal", () => {
    const recusal = (itemId: string, memberId: string): CouncilEvent => ({
      type: "RecusalDeclared",
      data: { meetingId: MEETING, itemId, memberId },
    });

    describe("when an item is current", () => {
      for (const actor of [CHAIR, CLERK, "clerk-2"]) {
        it(`${actor} records jäv on the current item`, () => {
          given(onItem()).when(declareRecusal(ITEM2, member(5)), actor).then([recusal(ITEM2, member(5))]);
        });
      }

      it("jäv may be recorded on a later item, and for a substitute", () => {
        given(onItem()).when(declareRecusal(ITEM3, "sub-S-1"), CLERK).then([recusal(ITEM3, "sub-S-1")]);
      });

      for (const actor of [member(5), member(2), "observer", "admin"]) {
        it(`is refused to ${actor}: FORBIDDEN`, () => {
          given(onItem()).when(declareRecusal(ITEM2, member(5)), actor).thenRefused("FORBIDDEN", /Only the chair or a clerk records jäv\./);
        });
      }

      it("refuses an unknown item: NOT_FOUND", () => {
        given(onItem()).when(declareRecusal(item(99), member(5)), CLERK).thenRefused("NOT_FOUND", /Agenda item kf-2026-12-14-99 was not found\./);
      });

      it("refuses an unknown member: NOT_FOUND", () => {
        given(onItem())
          .when(declareRecusal(ITEM2, member(46)), CLERK)
          .thenRefused("NOT_FOUND", /Member member-46 of Exempelstads kommunfullmäktige was not found\./);
      });

      it("AgendaItem.recusals lists the members in the order declared", () => {
        const state = stateOf([...onItem(), recusalDeclared(ITEM2, member(9)), recusalDeclared(ITEM2, member(5))]);
        assert.deepEqual(meetingIn(state).items.get(ITEM2)?.recusals, [member(9), member(5)]);
        assert.deepEqual(meetingIn(state).items.get(ITEM3)?.recusals, []);
      });
    });

    describe("when jäv is already declared", () => {
      it("refuses it again: CONFLICT", () => {
        given([...onItem(), recusalDeclared(ITEM2, member(5))])
          .when(declareRecusal(ITEM2, member(5)), CHAIR)
          .thenRefused("CONFLICT", /has already declared jäv on §2\./);
      });

      it("the same member may still declare jäv on another item", () => {
        given([...onItem(), recusalDeclared(ITEM2, member(5))]).when(declareRecusal(ITEM3, member(5)), CHAIR).then([recusal(ITEM3, member(5))]);
      });
    });

    describe("when a vote is open", () => {
      const voteOpen = (): Given[] => played(onItem(), openVote("v"), CHAIR);

      it("refuses jäv on the item voted on: CONFLICT", () => {
        given(voteOpen())
          .when(declareRecusal(ITEM2, member(5)), CLERK)
          .thenRefused("CONFLICT", /A vote on this item is open: jäv is declared before it opens\./);
      });

      it("accepts jäv on another item", () => {
        given(voteOpen()).when(declareRecusal(ITEM3, member(5)), CLERK).then([recusal(ITEM3, member(5))]);
      });
    });

    describe("when a vote on the item is closed but the item is not decided", () => {
      it("accepts jäv, and the next round leaves the member out", () => {
        const closed = voteHeld(onItem(), "v1");
        const recused = played(closed, declareRecusal(ITEM2, member(5)), CLERK);
        assert.ok(!eligibleOn(recused).includes(member(5)));
        assert.equal(eligibleOn(recused).length, 44);
      });
    });

    describe("when the item is decided", () => {
      it("refuses jäv on it: CONFLICT", () => {
        const decided = played(onItem(), { type: "RecordDecision", data: { itemId: ITEM2, text: "Budgeten fastställs." } }, CLERK);
        given(decided).when(declareRecusal(ITEM2, member(5)), CLERK).thenRefused("CONFLICT", /Item §2 is already decided\./);
      });
    });

    describe("when the meeting is scheduled", () => {
      it("jäv may be recorded in advance", () => {
        given(scheduled()).when(declareRecusal(ITEM3, member(5)), CLERK).then([recusal(ITEM3, member(5))]);
      });
    });

    describe("when the meeting is closed", () => {
      it("refuses jäv: CONFLICT", () => {
        const closed = played(onItem(), { type: "CloseMeeting", data: { meetingId: MEETING } }, CHAIR);
        given(closed).when(declareRecusal(ITEM3, member(5)), CLERK).thenRefused("CONFLICT", /The meeting is closed\./);
      });
    });
  });

  describe("who serves on the item (procedure.seatViews, and the vote that OpenVote opens)", () => {
    interface JavCase {
      readonly name: string;
      readonly absentSeats?: readonly number[];
      readonly seated?: ReadonlyArray<readonly [number, string]>;
      /** Substitutes recorded present (setAttendance(sub, true)) before the item. */
      readonly presentSubstitutes?: readonly string[];
      /** Jäv on the current item (ITEM2). */
      readonly recused?: readonly string[];
      /** Jäv on ITEM2 declared after it became current, rather than before. */
      readonly declaredDuring?: boolean;
      /** Jäv on another item (ITEM3). */
      readonly recusedElsewhere?: readonly string[];
      /** [seat, servedBy, recusedId] where the seat does not simply go to its holder if present. */
      readonly expect: ReadonlyArray<readonly [number, string | null, string | null]>;
    }
    const cases: readonly JavCase[] = [
      { name: "nobody recused: every holder serves", expect: [] },
      { name: "a holder absent, no substitute: the seat is empty", absentSeats: [5], expect: [[5, null, null]] },
      { name: "jäv with the party's substitute present: the substitute serves", presentSubstitutes: ["sub-S-1"], recused: [member(5)], expect: [[5, "sub-S-1", member(5)]] },
      { name: "jäv declared during the item: it applies at once", presentSubstitutes: ["sub-S-1"], recused: [member(5)], declaredDuring: true, expect: [[5, "sub-S-1", member(5)]] },
      { name: "jäv with no substitute present: the seat is empty", recused: [member(5)], expect: [[5, null, member(5)]] },
      { name: "jäv with only another party's substitute present: the seat is empty", presentSubstitutes: ["sub-M-1"], recused: [member(5)], expect: [[5, null, member(5)]] },
      { name: "jäv of the chair: a substitute serves, and is not the chair", presentSubstitutes: ["sub-S-1"], recused: [CHAIR], expect: [[1, "sub-S-1", CHAIR]] },
      { name: "jäv with substitutes present out of rank order: the lowest rank serves", presentSubstitutes: ["sub-S-3", "sub-S-2"], recused: [member(5)], expect: [[5, "sub-S-2", member(5)]] },
      {
        name: "jäv when the rank-1 substitute already serves another seat: the next present one serves",
        absentSeats: [6],
        seated: [[6, "sub-S-1"]],
        presentSubstitutes: ["sub-S-2"],
        recused: [member(5)],
        expect: [
          [5, "sub-S-2", member(5)],
          [6, "sub-S-1", null],
        ],
      },
      {
        name: "jäv when the only present substitute serves another seat: the seat is empty",
        absentSeats: [6],
        seated: [[6, "sub-S-1"]],
        recused: [member(5)],
        expect: [
          [5, null, member(5)],
          [6, "sub-S-1", null],
        ],
      },
      {
        name: "two with jäv, two substitutes present: one each, by seat and rank",
        presentSubstitutes: ["sub-S-1", "sub-S-2"],
        recused: [member(9), member(5)],
        expect: [
          [5, "sub-S-1", member(5)],
          [9, "sub-S-2", member(9)],
        ],
      },
      {
        name: "two with jäv, one substitute present: the other seat is empty",
        presentSubstitutes: ["sub-S-1"],
        recused: [member(5), member(9)],
        expect: [
          [5, "sub-S-1", member(5)],
          [9, null, member(9)],
        ],
      },
      {
        name: "jäv in two parties: each gets its own party's substitute",
        presentSubstitutes: ["sub-S-1", "sub-M-1"],
        recused: [member(5), member(15)],
        expect: [
          [5, "sub-S-1", member(5)],
          [15, "sub-M-1", member(15)],
        ],
      },
      {
        name: "a substitute with jäv on the item is not used as a replacement",
        presentSubstitutes: ["sub-S-1", "sub-S-2"],
        recused: [member(5), "sub-S-1"],
        expect: [[5, "sub-S-2", member(5)]],
      },
      {
        name: "a serving substitute with jäv is replaced by the party's next present substitute",
        absentSeats: [5],
        seated: [[5, "sub-S-1"]],
        presentSubstitutes: ["sub-S-2"],
        recused: ["sub-S-1"],
        expect: [[5, "sub-S-2", "sub-S-1"]],
      },
      { name: "jäv of an absent holder changes nothing: the seat stays empty", absentSeats: [5], presentSubstitutes: ["sub-S-1"], recused: [member(5)], expect: [[5, null, null]] },
      {
        name: "jäv of an absent holder whose substitute serves: the substitute serves",
        absentSeats: [5],
        seated: [[5, "sub-S-1"]],
        recused: [member(5)],
        expect: [[5, "sub-S-1", null]],
      },
      { name: "jäv on another item changes nothing on this one", presentSubstitutes: ["sub-S-1"], recusedElsewhere: [member(5)], expect: [] },
    ];

    for (const c of cases) {
      describe(`when ${c.name}`, () => {
        const absentSeats = c.absentSeats ?? [];
        const recusals = (c.recused ?? []).map((id) => recusalDeclared(ITEM2, id));
        const history = (): Given[] => [
          ...opened(),
          ...rollCall(absentSeats),
          ...(c.presentSubstitutes ?? []).map((id) => attendanceRecorded(id, true)),
          ...(c.seated ?? []).map(([seat, id]) => substituteAssigned(seat, id)),
          ...(c.recusedElsewhere ?? []).map((id) => recusalDeclared(ITEM3, id)),
          ...(c.declaredDuring ? [currentItemSet(ITEM2), ...recusals] : [...recusals, currentItemSet(ITEM2)]),
        ];
        const overrides = new Map(c.expect.map(([seat, servedBy, recused]) => [seat, { servedBy, recused }]));
        const expected = ALL_SEATS.map((seat) => {
          const override = overrides.get(seat);
          return {
            number: seat,
            servedBy: override ? override.servedBy : absentSeats.includes(seat) ? null : member(seat),
            recusedId: override ? override.recused : null,
          };
        });

        it("seatViews: who serves in each seat, and who is recused", () => {
          const views = viewsOf(history()).map(({ number, servedBy, recusedId }) => ({ number, servedBy, recusedId }));
          assert.deepEqual(views, expected);
        });

        it("quorumOf counts the seats served, jäv replacements included", () => {
          const present = expected.filter((s) => s.servedBy !== null).length;
          assert.deepEqual(quorumIn(history()), { required: 23, present, met: true });
        });

        it("OpenVote: the eligible list is those serving, the recused left out, in call order", () => {
          const [event] = decide(openVote("v"), stateOf(history()), { actor: CHAIR, at: AT });
          assert.ok(event?.type === "VoteOpened");
          assert.deepEqual(event.data.eligible, callOrder(expected.map((s) => s.servedBy)));
          assert.equal(event.data.chairMemberId, expected[0]?.servedBy === CHAIR ? CHAIR : null);
          for (const id of c.recused ?? []) assert.ok(!event.data.eligible.includes(id), `${id} is not eligible`);
        });
      });
    }
  });

  describe("when a vote is open on an item with jäv", () => {
    const history = (): Given[] =>
      played([...opened(), ...rollCall(), attendanceRecorded("sub-S-1", true), recusalDeclared(ITEM2, member(5)), currentItemSet(ITEM2)], openVote("v"), CHAIR);

    it("the recused member's own ballot is FORBIDDEN", () => {
      given(history())
        .when(castBallot("v"), member(5))
        .thenRefused("FORBIDDEN", /You are not serving in a seat in this vote, so you cannot vote in it\./);
    });

    it("a clerk cannot record an answer for the recused member: CONFLICT", () => {
      given(history()).when(recordBallot("v", member(5)), CLERK).thenRefused("CONFLICT", /is not eligible in this vote\./);
    });

    it("the substitute serving in their place votes", () => {
      given(history())
        .when(castBallot("v"), "sub-S-1")
        .then([
          {
            type: "BallotCast",
            data: { meetingId: MEETING, voteId: "v", memberId: "sub-S-1", choice: "YES", source: "DEVICE", idempotencyKey: "k-1" },
          },
        ]);
    });
  });

  describe("when the meeting moves on from the item with jäv", () => {
    const onNext = (): Given[] =>
      played(
        voteHeld([...opened(), ...rollCall(), attendanceRecorded("sub-S-1", true), recusalDeclared(ITEM2, member(5)), currentItemSet(ITEM2)], "v"),
        setCurrentItem(ITEM3),
        CHAIR,
      );

    it("the member serves again, without a setAttendance, and the substitute stands down", () => {
      const seat = seatOf(viewsOf(onNext()), 5);
      assert.equal(seat.servedBy, member(5));
      assert.equal(seat.recusedId, null);
      assert.ok(eligibleOn(onNext(), ITEM3).includes(member(5)));
      assert.ok(!eligibleOn(onNext(), ITEM3).includes("sub-S-1"));
    });

    it("jäv is not leaving: the member is not departed, and may later leave and be recorded like anyone", () => {
      const state = stateOf(onNext());
      assert.ok(!meetingIn(state).recordedAttendance.departed.has(member(5)));
      given(onNext())
        .when(setAttendance(member(5), true), CLERK)
        .then([{ type: "AttendanceRecorded", data: { meetingId: MEETING, memberId: member(5), present: true } }]);
    });

    it("the item keeps its recusal for the minutes", () => {
      assert.deepEqual(meetingIn(stateOf(onNext())).items.get(ITEM2)?.recusals, [member(5)]);
    });

    it("the vote on the item keeps its eligible list without the member", () => {
      const vote = stateOf(onNext()).votes.get("v");
      assert.ok(vote);
      assert.ok(!vote.eligible.includes(member(5)));
      assert.ok(vote.eligible.includes("sub-S-1"));
    });
  });

  describe("when a substitute stood in for jäv at an item and then leaves (no-return on)", () => {
    // A jäv stand-in serves the item: leaving afterwards is leaving (RULES.md 3).
    const history = (): Given[] =>
      played(
        [...opened(), ...rollCall([6]), attendanceRecorded("sub-S-1", true), recusalDeclared(ITEM2, member(5)), currentItemSet(ITEM2)],
        setAttendance("sub-S-1", false),
        CLERK,
      );

    it("they served on the item", () => {
      assert.equal(seatOf(viewsOf(history()), 5).servedBy, "sub-S-1");
    });

    it("they cannot be recorded present again that day", () => {
      given(played(history(), setCurrentItem(ITEM3), CHAIR)).when(setAttendance("sub-S-1", true), CLERK).thenRefused("CONFLICT", NO_RETURN);
    });
  });
});

// ================================================================================================

describe("Rule 8: the eligible list is frozen when the vote opens", () => {
  describe("when a vote is open", () => {
    const voteOpen = (): Given[] => played([...opened(), ...rollCall(), attendanceRecorded("sub-S-1", true), currentItemSet(ITEM2)], openVote("v"), CHAIR);
    const eligibleOf = (history: readonly Given[]): readonly string[] => {
      const vote = stateOf(history).votes.get(lastVoteId(history));
      assert.ok(vote);
      return vote.eligible;
    };

    it("the list is the 45 holders in seat order, the chair last", () => {
      assert.deepEqual(eligibleOf(voteOpen()), callOrder(ALL_SEATS.map(member)));
    });

    it("jäv declared on the next item changes the seats of neither this item nor this vote", () => {
      const after = played(voteOpen(), declareRecusal(ITEM3, member(5)), CLERK);
      assert.deepEqual(eligibleOf(after), eligibleOf(voteOpen()));
      assert.equal(seatOf(viewsOf(after), 5).servedBy, member(5));
    });

    it("even a recusal on the voted item, entered in the ledger, leaves the frozen list as it was", () => {
      // The decider refuses this (see Rule 5); the state must still not recompute the list from the seats.
      const after = [...voteOpen(), recusalDeclared(ITEM2, member(5))];
      assert.equal(seatOf(viewsOf(after), 5).servedBy, "sub-S-1", "the seats now show the replacement");
      assert.deepEqual(eligibleOf(after), eligibleOf(voteOpen()));
    });
  });

  describe("when the vote is closed and a member has left during the item", () => {
    const history = (): Given[] => played(voteHeld(onItem(), "v1"), setAttendance(member(5), false), CLERK);

    it("the closed vote keeps its list, and a second vote on the same item still has the member (rule 2)", () => {
      const second = played(history(), openVote("v2", ITEM2, false), CHAIR);
      const state = stateOf(second);
      assert.ok(state.votes.get("v1")?.eligible.includes(member(5)));
      assert.ok(state.votes.get("v2")?.eligible.includes(member(5)));
    });

    it("a vote on the next item does not have them", () => {
      const next = played(history(), setCurrentItem(ITEM3), CHAIR);
      assert.ok(!eligibleOn(next, ITEM3).includes(member(5)));
      assert.equal(eligibleOn(next, ITEM3).length, 44);
    });
  });
});
