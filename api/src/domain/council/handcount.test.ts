import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DEMO_MEETING_ID } from "../../demo/council.js";
import type { ErrorCode } from "../errors.js";
import type { CouncilCommand } from "./commands.js";
import { decide, handCountVoteId, votesOf } from "./decide.js";
import type { Choice, CouncilEvent, Majority, VoteResultRecord } from "./events.js";
import type { CouncilState, MeetingState, VoteState } from "./state.js";
import { AT, demoCommands, given, stateOf, type Given } from "./testing.js";
import { adoptedProposal, remainingProposals } from "./procedure.js";

/**
 * The manual fallback (RULES.md 14): a hand count that replaces an open electronic vote, and a vote
 * held on paper entered afterwards. Given a history, when EnterHandCount, then events or a refusal.
 */

// --- The demo council (api/src/demo/council.ts) -------------------------------------------------

const { register, schedule } = demoCommands();

const MEETING = DEMO_MEETING_ID;
const SEATS = 45;
/** member-1 holds seat 1 and is the chair. */
const CHAIR = "member-1";
const CLERK = "clerk-1";
const OTHER_CLERK = "clerk-2";
/** Three proposals: -a (KS), -b (M), -c (SD). */
const ITEM2 = `${MEETING}-2`;
const ITEM3 = `${MEETING}-3`;
const VOTE = "vote-1";
/** The id the command gives a vote held on paper. */
const PAPER = "paper-1";
const QUESTION = "Ja för kommunstyrelsens förslag, nej för Moderaternas förslag";
const REASON = "Voteringssystemet gick ner under omröstningen.";
const KEY = "hand-count-1";

/** Every given event is recorded at AT (testing.ts), and AT is "now" for the command. */
const NOW = AT;
/** When the electronic vote opened: ten minutes before now, so a count can fall in between. */
const OPENED = "2026-12-14T16:50:00.000Z";
const IN_BETWEEN = "2026-12-14T16:55:00.000Z";
/** When a vote held on paper was really counted: half an hour before it is entered. */
const COUNTED_EARLIER = "2026-12-14T16:30:00.000Z";
const msAfter = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();

const member = (seat: number): string => `member-${seat}`;
const seatNumbers = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function titleOf(itemId: string): string {
  const title = schedule.data.agenda.find((i) => i.id === itemId)?.title;
  assert.ok(title, `the demo agenda has ${itemId}`);
  return title;
}

/** Members serving, in call order: seat order (a substitute in the place of the seat), the chair last. */
function callOrder({ absentSeats = [], replaced = new Map<number, string | null>() }: { absentSeats?: readonly number[]; replaced?: ReadonlyMap<number, string | null> } = {}): string[] {
  const serving = seatNumbers(1, SEATS)
    .filter((seat) => !absentSeats.includes(seat))
    .flatMap((seat) => {
      const stand = replaced.get(seat);
      if (stand === undefined) return [member(seat)];
      return stand === null ? [] : [stand];
    });
  return serving.includes(CHAIR) ? [...serving.filter((id) => id !== CHAIR), CHAIR] : serving;
}

// --- Histories ----------------------------------------------------------------------------------

const by = (actor: string, event: CouncilEvent): Given => ({ event, actor });

function scheduled(): Given[] {
  return [
    { type: "AssemblyRegistered", data: register.data },
    { type: "MeetingScheduled", data: schedule.data },
  ];
}

function opened(): Given[] {
  return [...scheduled(), by(CHAIR, { type: "MeetingOpened", data: { meetingId: MEETING } })];
}

function attendanceRecorded(memberId: string, present: boolean): Given {
  return by(CLERK, { type: "AttendanceRecorded", data: { meetingId: MEETING, memberId, present } });
}

/** The chair moves on to `itemId`: attendance recorded since takes effect (RULES.md 2). */
function moveTo(itemId: string, at: string = AT): Given {
  return { event: { type: "CurrentItemSet", data: { meetingId: MEETING, itemId } }, actor: CHAIR, at };
}

interface Roll {
  /** Seats whose holder is recorded absent at the roll-call. */
  readonly absentSeats?: readonly number[];
  /** Substitutes recorded present (not seated). */
  readonly substitutesPresent?: readonly string[];
  /** Members who declared jäv on the item, before it was taken up. */
  readonly recused?: readonly string[];
}

/** Open, roll-called, jäv declared, `itemId` current. */
function onItem({ absentSeats = [], substitutesPresent = [], recused = [] }: Roll = {}, itemId: string = ITEM2): Given[] {
  return [
    ...opened(),
    ...seatNumbers(1, SEATS).map((seat) => attendanceRecorded(member(seat), !absentSeats.includes(seat))),
    ...substitutesPresent.map((id) => attendanceRecorded(id, true)),
    ...recused.map((memberId) => by(CLERK, { type: "RecusalDeclared", data: { meetingId: MEETING, itemId: ITEM2, memberId } })),
    by(CHAIR, { type: "CurrentItemSet", data: { meetingId: MEETING, itemId } }),
  ];
}

interface OpenSpec {
  readonly voteId?: string;
  readonly majority?: Majority;
  readonly absentSeats?: readonly number[];
  readonly round?: number;
  readonly openedAt?: string;
}

/** The chair opened an electronic vote on item 2, at OPENED. */
function voteOpened({ voteId = VOTE, majority = "SIMPLE", absentSeats = [], round = 1, openedAt = OPENED }: OpenSpec = {}): Given {
  return by(CHAIR, {
    type: "VoteOpened",
    data: {
      meetingId: MEETING,
      voteId,
      itemId: ITEM2,
      round,
      method: "ELECTRONIC",
      question: QUESTION,
      yesProposalId: `${ITEM2}-a`,
      noProposalId: `${ITEM2}-b`,
      majority,
      eligible: callOrder({ absentSeats }),
      present: SEATS - absentSeats.length,
      chairMemberId: absentSeats.includes(1) ? null : CHAIR,
      // The given history is all recorded at AT; this puts the opening ten minutes earlier.
      openedAt,
    },
  });
}

function voteOpen(spec: OpenSpec = {}): Given[] {
  return [...onItem({ absentSeats: spec.absentSeats ?? [] }), voteOpened(spec)];
}

function ballotCast(memberId: string, choice: Choice, actor: string = memberId, voteId: string = VOTE): Given {
  return by(actor, {
    type: "BallotCast",
    data: { meetingId: MEETING, voteId, memberId, choice, source: actor === memberId ? "DEVICE" : "CLERK", idempotencyKey: `${actor}-${memberId}` },
  });
}

/** Three device answers (the chair's on Ja) and one a clerk recorded for a member whose tablet failed. */
const EARLY_BALLOTS: readonly Given[] = [
  ballotCast(member(3), "YES"),
  ballotCast(member(4), "NO"),
  ballotCast(CHAIR, "YES"),
  ballotCast(member(5), "ABSTAIN", CLERK),
];

function voteClosed(voteId: string = VOTE): Given {
  const result: VoteResultRecord = { outcome: "YES", decidedBy: "MAJORITY", yes: 2, no: 1, abstain: 1, absent: 41 };
  return by(CHAIR, { type: "VoteClosed", data: { meetingId: MEETING, voteId, result } });
}

// --- Commands -----------------------------------------------------------------------------------

type HandCountData = Extract<CouncilCommand, { type: "EnterHandCount" }>["data"];

/** A count replacing the open vote-1: 25 Ja, 15 Nej, 5 Avstår, counted in between. */
function handCount(overrides: Partial<HandCountData> = {}): CouncilCommand {
  return {
    type: "EnterHandCount",
    data: {
      voteId: VOTE,
      newVoteId: PAPER,
      itemId: null,
      question: null,
      yesProposalId: null,
      noProposalId: null,
      yes: 25,
      no: 15,
      abstain: 5,
      countedAt: IN_BETWEEN,
      reason: REASON,
      majority: "SIMPLE",
      idempotencyKey: KEY,
      ...overrides,
    },
  };
}

/** A vote held on paper on item 2, counted half an hour ago. */
function paperCount(overrides: Partial<HandCountData> = {}): CouncilCommand {
  return handCount({ voteId: null, itemId: ITEM2, countedAt: COUNTED_EARLIER, ...overrides });
}

// --- Deciding and reading -----------------------------------------------------------------------

function eventsOf(history: readonly Given[], command: CouncilCommand, actor: string = CLERK): readonly CouncilEvent[] {
  return decide(command, stateOf(history), { actor, at: NOW });
}

type HandCountEntered = Extract<CouncilEvent, { type: "HandCountEntered" }>["data"];
type VoteOpenedData = Extract<CouncilEvent, { type: "VoteOpened" }>["data"];

function handCountEntered(events: readonly CouncilEvent[]): HandCountEntered {
  const event = events.at(-1);
  assert.ok(event?.type === "HandCountEntered", `the last event is HandCountEntered: ${JSON.stringify(events)}`);
  return event.data;
}

/** The history with the command's events appended, as `actor` caused them. */
function after(history: readonly Given[], command: CouncilCommand, actor: string = CLERK): Given[] {
  return [...history, ...eventsOf(history, command, actor).map((event) => by(actor, event))];
}

function voteIn(state: CouncilState, voteId: string): VoteState {
  const vote = state.votes.get(voteId);
  assert.ok(vote, `vote ${voteId} exists`);
  return vote;
}

function meetingIn(state: CouncilState): MeetingState {
  const meeting = state.meetings.get(MEETING);
  assert.ok(meeting, "the meeting exists");
  return meeting;
}

const result = (outcome: VoteResultRecord["outcome"], counts: { yes: number; no: number; abstain: number }, eligible: number): VoteResultRecord => ({
  outcome,
  decidedBy: outcome === "TIE" ? null : "MAJORITY",
  ...counts,
  absent: eligible - counts.yes - counts.no - counts.abstain,
});

interface Refusal {
  readonly name: string;
  readonly overrides: Partial<HandCountData>;
  readonly code: ErrorCode;
  readonly message?: RegExp;
}

/** Refusals both kinds of count share: what is counted, why, when, and the key. */
const INPUT_REFUSALS: readonly Refusal[] = [
  { name: "a negative Ja count", overrides: { yes: -1 }, code: "BAD_INPUT", message: /The Ja count must be a whole number, 0 or more\./ },
  { name: "a negative Nej count", overrides: { no: -1 }, code: "BAD_INPUT", message: /The Nej count must be a whole number, 0 or more\./ },
  { name: "a negative Avstår count", overrides: { abstain: -3 }, code: "BAD_INPUT", message: /The Avstår count must be a whole number, 0 or more\./ },
  { name: "a fractional Ja count", overrides: { yes: 24.5 }, code: "BAD_INPUT", message: /The Ja count must be a whole number/ },
  { name: "a Nej count that is not a number", overrides: { no: Number.NaN }, code: "BAD_INPUT", message: /The Nej count must be a whole number/ },
  { name: "more answers counted than members may vote (46 of 45)", overrides: { yes: 30, no: 15, abstain: 1 }, code: "BAD_INPUT", message: /46 answers counted, but only 45 members may vote\./ },
  { name: "an empty reason", overrides: { reason: "" }, code: "BAD_INPUT", message: /Say why the vote was counted by hand\./ },
  { name: "a blank reason", overrides: { reason: " \n\t " }, code: "BAD_INPUT", message: /Say why the vote was counted by hand\./ },
  { name: "a reason longer than 1000 characters", overrides: { reason: "x".repeat(1001) }, code: "BAD_INPUT", message: /The reason is longer than 1000 characters\./ },
  { name: "a countedAt a millisecond in the future", overrides: { countedAt: msAfter(NOW, 1) }, code: "BAD_INPUT", message: /cannot have been taken in the future/ },
  { name: "a countedAt tomorrow", overrides: { countedAt: "2026-12-15T17:00:00.000Z" }, code: "BAD_INPUT", message: /cannot have been taken in the future/ },
  // The GraphQL DateTime scalar stops this at the API; the domain records whatever time it is given.
  { name: "a countedAt that is not a time at all", overrides: { countedAt: "igår kväll" }, code: "BAD_INPUT" },
  { name: "an empty idempotency key", overrides: { idempotencyKey: "" }, code: "BAD_INPUT", message: /The idempotency key must be 1-200 characters\./ },
  { name: "a blank idempotency key", overrides: { idempotencyKey: "   " }, code: "BAD_INPUT", message: /The idempotency key must be 1-200 characters\./ },
  { name: "an idempotency key longer than 200 characters", overrides: { idempotencyKey: "k".repeat(201) }, code: "BAD_INPUT", message: /The idempotency key must be 1-200 characters\./ },
  { name: "neither a vote nor an item", overrides: { voteId: null, itemId: null }, code: "BAD_INPUT", message: /Say which item a vote held on paper was on \(itemId\), or which open vote the count replaces \(voteId\)\./ },
];

// --- Tests --------------------------------------------------------------------------------------

describe("EnterHandCount", () => {
  describe("when an electronic vote is open", () => {
    const open: readonly Given[] = [...voteOpen(), ...EARLY_BALLOTS];

    it("a clerk's count closes it with one HandCountEntered: the counts, when, why (trimmed), the key and the result", () => {
      const events = eventsOf(open, handCount({ reason: `  ${REASON}  ` }));
      assert.equal(events.length, 1);
      const { request, ...data } = handCountEntered(events);
      assert.equal(typeof request, "string");
      assert.deepEqual(data, {
        meetingId: MEETING,
        voteId: VOTE,
        yes: 25,
        no: 15,
        abstain: 5,
        countedAt: IN_BETWEEN,
        reason: REASON,
        idempotencyKey: KEY,
        result: result("YES", { yes: 25, no: 15, abstain: 5 }, 45),
      });
    });

    it("the chair may enter the count too", () => {
      assert.equal(handCountEntered(eventsOf(open, handCount(), CHAIR)).voteId, VOTE);
    });

    for (const actor of ["member-2", "sub-S-1", "observer", "admin"]) {
      it(`is refused to ${actor}`, () => {
        given(open).when(handCount(), actor).thenRefused("FORBIDDEN", /Only a clerk or the chair enters a hand count\./);
      });
    }

    it("the vote is CLOSED with the counted numbers as its tally, the hand count on it, and the meeting has no open vote", () => {
      const state = given(open).when(handCount(), CLERK).thenState();
      const vote = voteIn(state, VOTE);
      assert.equal(vote.status, "CLOSED");
      assert.equal(vote.closedAt, NOW);
      assert.equal(vote.method, "ELECTRONIC");
      assert.deepEqual(vote.counts, { yes: 25, no: 15, abstain: 5 });
      assert.deepEqual(vote.handCount, { yes: 25, no: 15, abstain: 5, countedAt: IN_BETWEEN, enteredBy: CLERK, enteredAt: NOW, reason: REASON });
      assert.deepEqual(vote.result, result("YES", { yes: 25, no: 15, abstain: 5 }, 45));
      assert.equal(meetingIn(state).openVoteId, null);
    });

    it("the answers given before the count stay on the vote, device and clerk-recorded alike", () => {
      const vote = voteIn(given(open).when(handCount(), CLERK).thenState(), VOTE);
      assert.deepEqual(
        [...vote.ballots.values()].map((b) => [b.memberId, b.choice, b.source, b.recordedBy]),
        [
          [member(3), "YES", "DEVICE", member(3)],
          [member(4), "NO", "DEVICE", member(4)],
          [CHAIR, "YES", "DEVICE", CHAIR],
          [member(5), "ABSTAIN", "CLERK", CLERK],
        ],
      );
    });

    it("accepts an itemId that names the vote's own item", () => {
      assert.equal(handCountEntered(eventsOf(open, handCount({ itemId: ITEM2 }))).voteId, VOTE);
    });

    describe("the result follows the vote's own majority, whatever the input says (RULES.md 10-11)", () => {
      const cases: ReadonlyArray<{
        readonly name: string;
        readonly majority: Majority;
        readonly input: Majority;
        readonly absentSeats: readonly number[];
        readonly counts: { yes: number; no: number; abstain: number };
        readonly outcome: VoteResultRecord["outcome"];
      }> = [
        { name: "SIMPLE, more Ja than Nej: YES", majority: "SIMPLE", input: "SIMPLE", absentSeats: [], counts: { yes: 23, no: 22, abstain: 0 }, outcome: "YES" },
        { name: "SIMPLE, more Nej than Ja: NO", majority: "SIMPLE", input: "SIMPLE", absentSeats: [], counts: { yes: 10, no: 11, abstain: 24 }, outcome: "NO" },
        { name: "SIMPLE, Ja = Nej: TIE although the chair's device said Ja (it is superseded)", majority: "SIMPLE", input: "SIMPLE", absentSeats: [], counts: { yes: 20, no: 20, abstain: 5 }, outcome: "TIE" },
        { name: "SIMPLE, nothing counted: TIE, everyone absent", majority: "SIMPLE", input: "SIMPLE", absentSeats: [], counts: { yes: 0, no: 0, abstain: 0 }, outcome: "TIE" },
        { name: "SIMPLE vote, TWO_THIRDS_OF_PRESENT asked: 25-20 is still YES", majority: "SIMPLE", input: "TWO_THIRDS_OF_PRESENT", absentSeats: [], counts: { yes: 25, no: 20, abstain: 0 }, outcome: "YES" },
        { name: "TWO_THIRDS_OF_PRESENT of 45: 29 Ja is NO", majority: "TWO_THIRDS_OF_PRESENT", input: "TWO_THIRDS_OF_PRESENT", absentSeats: [], counts: { yes: 29, no: 2, abstain: 14 }, outcome: "NO" },
        { name: "TWO_THIRDS_OF_PRESENT of 45: 30 Ja is YES", majority: "TWO_THIRDS_OF_PRESENT", input: "TWO_THIRDS_OF_PRESENT", absentSeats: [], counts: { yes: 30, no: 15, abstain: 0 }, outcome: "YES" },
        { name: "TWO_THIRDS_OF_PRESENT of 44: 29 Ja is NO (needs 30)", majority: "TWO_THIRDS_OF_PRESENT", input: "TWO_THIRDS_OF_PRESENT", absentSeats: [2], counts: { yes: 29, no: 0, abstain: 0 }, outcome: "NO" },
        { name: "TWO_THIRDS_OF_PRESENT of 44: 30 Ja is YES", majority: "TWO_THIRDS_OF_PRESENT", input: "TWO_THIRDS_OF_PRESENT", absentSeats: [2], counts: { yes: 30, no: 14, abstain: 0 }, outcome: "YES" },
        { name: "TWO_THIRDS_OF_PRESENT vote, SIMPLE asked: 25-5 is still NO", majority: "TWO_THIRDS_OF_PRESENT", input: "SIMPLE", absentSeats: [], counts: { yes: 25, no: 5, abstain: 0 }, outcome: "NO" },
      ];
      for (const c of cases) {
        it(c.name, () => {
          const history = [...voteOpen({ majority: c.majority, absentSeats: c.absentSeats }), ...EARLY_BALLOTS];
          const entered = handCountEntered(eventsOf(history, handCount({ ...c.counts, majority: c.input })));
          assert.deepEqual(entered.result, result(c.outcome, c.counts, SEATS - c.absentSeats.length));
        });
      }
    });

    describe("refuses, appending nothing", () => {
      const cases: readonly Refusal[] = [
        ...INPUT_REFUSALS,
        { name: "a countedAt a millisecond before the vote opened", overrides: { countedAt: msAfter(OPENED, -1) }, code: "BAD_INPUT", message: /The count cannot have been taken before the vote opened\./ },
        { name: "an itemId that is not the vote's item", overrides: { itemId: ITEM3 }, code: "BAD_INPUT", message: /The vote is not on that item\./ },
        { name: "an unknown vote", overrides: { voteId: "no-such-vote" }, code: "NOT_FOUND", message: /Vote no-such-vote was not found\./ },
      ];
      for (const c of cases) {
        it(c.name, () => {
          given(open).when(handCount(c.overrides), CLERK).thenRefused(c.code, c.message);
        });
      }

      it("a count timed to the minute before the one the vote opened in", () => {
        given(voteOpen({ openedAt: "2026-12-14T16:50:30.000Z" }))
          .when(handCount({ countedAt: "2026-12-14T16:49:00.000Z" }), CLERK)
          .thenRefused("BAD_INPUT", /The count cannot have been taken before the vote opened\./);
      });

      it("45 counted with 44 eligible (seat 2 absent)", () => {
        given(voteOpen({ absentSeats: [2] }))
          .when(handCount({ yes: 30, no: 15, abstain: 0 }), CLERK)
          .thenRefused("BAD_INPUT", /45 answers counted, but only 44 members may vote\./);
      });
    });

    describe("accepts the edges", () => {
      const cases: ReadonlyArray<{ readonly name: string; readonly overrides: Partial<HandCountData> }> = [
        { name: "every eligible member counted (45 of 45)", overrides: { yes: 30, no: 10, abstain: 5 } },
        { name: "counted the moment the vote opened", overrides: { countedAt: OPENED } },
        { name: "counted just now", overrides: { countedAt: NOW } },
        { name: "a reason of exactly 1000 characters", overrides: { reason: "x".repeat(1000) } },
      ];
      for (const c of cases) {
        it(c.name, () => {
          assert.equal(eventsOf(open, handCount(c.overrides)).length, 1);
        });
      }

      it("counted, to the minute as the clerk's form gives it, in the minute the vote opened (16:50 for a vote opened 16:50:30)", () => {
        const events = eventsOf(voteOpen({ openedAt: "2026-12-14T16:50:30.000Z" }), handCount({ countedAt: "2026-12-14T16:50:00.000Z" }));
        assert.equal(events.length, 1);
      });
    });
  });

  describe("when the open vote has been counted by hand", () => {
    const counted = after([...voteOpen(), ...EARLY_BALLOTS], handCount());

    it("the same key with the same count appends nothing (a retry after the vote closed)", () => {
      given(counted).when(handCount(), CLERK).then([]);
    });

    it("a retry whose reason differs only in surrounding spaces is the same count", () => {
      given(counted).when(handCount({ reason: ` ${REASON}\n` }), CLERK).then([]);
    });

    it("names the counted vote for the key, for the clerk who sent it only", () => {
      const state = stateOf(counted);
      assert.equal(handCountVoteId(state, MEETING, CLERK, KEY), VOTE);
      assert.equal(handCountVoteId(state, MEETING, OTHER_CLERK, KEY), null);
    });

    const changed: ReadonlyArray<{ readonly name: string; readonly overrides: Partial<HandCountData> }> = [
      { name: "another Ja count", overrides: { yes: 24 } },
      { name: "another Nej count", overrides: { no: 16 } },
      { name: "another Avstår count", overrides: { abstain: 4 } },
      { name: "another time", overrides: { countedAt: OPENED } },
      { name: "another reason", overrides: { reason: "Surfplattorna tappade nätet." } },
    ];
    for (const c of changed) {
      it(`the same key with ${c.name} is a CONFLICT`, () => {
        given(counted).when(handCount(c.overrides), CLERK).thenRefused("CONFLICT", /already used for a different count; send a new key/);
      });
    }

    it("a new count with a new key is a CONFLICT: the vote is closed", () => {
      given(counted).when(handCount({ idempotencyKey: "hand-count-2" }), CLERK).thenRefused("CONFLICT", /The vote is closed\./);
    });

    it("another clerk's same key is not a retry of the first clerk's count: CONFLICT, the vote is closed", () => {
      given(counted).when(handCount(), OTHER_CLERK).thenRefused("CONFLICT", /The vote is closed\./);
    });

    it("a member's ballot after the count is a CONFLICT: the vote is closed", () => {
      given(counted)
        .when({ type: "CastBallot", data: { voteId: VOTE, choice: "NO", idempotencyKey: "member-6-late" } }, member(6))
        .thenRefused("CONFLICT", /The vote is closed\./);
    });

    it("a clerk's recorded ballot after the count is a CONFLICT: the vote is closed", () => {
      given(counted)
        .when({ type: "RecordBallot", data: { voteId: VOTE, memberId: member(7), choice: "YES", idempotencyKey: "clerk-for-7" } }, CLERK)
        .thenRefused("CONFLICT", /The vote is closed\./);
    });

    it("closing it is a CONFLICT: it is closed", () => {
      given(counted).when({ type: "CloseVote", data: { voteId: VOTE } }, CHAIR).thenRefused("CONFLICT", /The vote is closed\./);
    });

    it("a tie cannot be resolved: the count decided it", () => {
      given(counted).when({ type: "ResolveTie", data: { voteId: VOTE, choice: "NO" } }, CHAIR).thenRefused("CONFLICT", /did not end in an undecided tie/);
    });
  });

  describe("when the hand count ended in a tie", () => {
    const tied = after([...voteOpen(), ...EARLY_BALLOTS], handCount({ yes: 20, no: 20, abstain: 5 }));
    const tie = result("TIE", { yes: 20, no: 20, abstain: 5 }, 45);

    it("the result is TIE with no decidedBy", () => {
      assert.deepEqual(voteIn(stateOf(tied), VOTE).result, tie);
    });

    for (const choice of ["YES", "NO"] as const) {
      it(`the chair decides it for ${choice} with resolveTie: CASTING_VOTE`, () => {
        given(tied)
          .when({ type: "ResolveTie", data: { voteId: VOTE, choice } }, CHAIR)
          .then([{ type: "TieResolved", data: { meetingId: MEETING, voteId: VOTE, choice, result: { ...tie, outcome: choice, decidedBy: "CASTING_VOTE" } } }]);
      });
    }

    it("a clerk cannot decide it", () => {
      given(tied).when({ type: "ResolveTie", data: { voteId: VOTE, choice: "YES" } }, CLERK).thenRefused("FORBIDDEN", /Only the chair decides a tie\./);
    });
  });

  describe("when the vote was closed by the chair", () => {
    it("a hand count for it is a CONFLICT: the vote is closed", () => {
      given([...voteOpen(), ...EARLY_BALLOTS, voteClosed()]).when(handCount(), CLERK).thenRefused("CONFLICT", /The vote is closed\./);
    });
  });

  describe("when the vote was cancelled", () => {
    it("a hand count for it is a CONFLICT: the vote is cancelled", () => {
      const cancelled = by(CHAIR, { type: "VoteCancelled", data: { meetingId: MEETING, voteId: VOTE, reason: "Fel förslag på Ja-sidan." } });
      given([...voteOpen(), ...EARLY_BALLOTS, cancelled]).when(handCount(), CLERK).thenRefused("CONFLICT", /The vote is cancelled\./);
    });
  });

  describe("when no vote is open", () => {
    const idle = onItem();

    it("a vote held on paper is entered as VoteOpened (HAND_COUNT, opened when counted) then HandCountEntered", () => {
      const events = eventsOf(idle, paperCount({ majority: "TWO_THIRDS_OF_PRESENT", yes: 31, no: 10, abstain: 2 }));
      assert.equal(events.length, 2);
      const expectedOpened: VoteOpenedData = {
        meetingId: MEETING,
        voteId: PAPER,
        itemId: ITEM2,
        round: 1,
        method: "HAND_COUNT",
        question: titleOf(ITEM2),
        yesProposalId: null,
        noProposalId: null,
        majority: "TWO_THIRDS_OF_PRESENT",
        eligible: callOrder(),
        // Seat order, the chair (seat 1) last.
        seats: [...Array.from({ length: SEATS - 1 }, (_, i) => i + 2), 1],
        present: 45,
        chairMemberId: CHAIR,
        openedAt: COUNTED_EARLIER,
      };
      assert.deepEqual(events[0], { type: "VoteOpened", data: expectedOpened });
      const { request, ...entered } = handCountEntered(events);
      assert.equal(typeof request, "string");
      assert.deepEqual(entered, {
        meetingId: MEETING,
        voteId: PAPER,
        yes: 31,
        no: 10,
        abstain: 2,
        countedAt: COUNTED_EARLIER,
        reason: REASON,
        idempotencyKey: KEY,
        result: result("YES", { yes: 31, no: 10, abstain: 2 }, 45),
      });
    });

    it("the chair may enter it too", () => {
      assert.equal(eventsOf(idle, paperCount(), CHAIR).length, 2);
    });

    for (const actor of ["member-2", "observer", "admin"]) {
      it(`is refused to ${actor}`, () => {
        given(idle).when(paperCount(), actor).thenRefused("FORBIDDEN", /Only a clerk or the chair enters a hand count\./);
      });
    }

    it("the paper vote is CLOSED, opened when it was counted, counted, and listed on its item; nothing stays open", () => {
      const state = given(idle).when(paperCount(), CLERK).thenState();
      const vote = voteIn(state, PAPER);
      assert.equal(vote.status, "CLOSED");
      assert.equal(vote.method, "HAND_COUNT");
      assert.equal(vote.openedAt, COUNTED_EARLIER);
      assert.equal(vote.closedAt, NOW);
      assert.deepEqual(vote.counts, { yes: 25, no: 15, abstain: 5 });
      assert.deepEqual(vote.handCount, { yes: 25, no: 15, abstain: 5, countedAt: COUNTED_EARLIER, enteredBy: CLERK, enteredAt: NOW, reason: REASON });
      assert.equal(vote.ballots.size, 0);
      const meeting = meetingIn(state);
      assert.deepEqual(meeting.items.get(ITEM2)?.voteIds, [PAPER]);
      assert.equal(meeting.openVoteId, null);
    });

    it("keeps the question given, trimmed", () => {
      const events = eventsOf(idle, paperCount({ question: "  Bifall till kommunstyrelsens förslag?  " }));
      assert.ok(events[0]?.type === "VoteOpened");
      assert.equal(events[0].data.question, "Bifall till kommunstyrelsens förslag?");
    });

    it("a blank question falls back to the item's title", () => {
      const events = eventsOf(idle, paperCount({ question: "   " }));
      assert.ok(events[0]?.type === "VoteOpened");
      assert.equal(events[0].data.question, titleOf(ITEM2));
    });

    it("counted after a vote already held on the item, it is the next round", () => {
      const events = eventsOf([...idle, voteOpened(), voteClosed()], paperCount({ countedAt: NOW }));
      assert.ok(events[0]?.type === "VoteOpened");
      assert.equal(events[0].data.round, 2);
    });

    it("counted before a vote already held on the item, it is round 1 (held order, not entry order)", () => {
      const events = eventsOf([...idle, voteOpened(), voteClosed()], paperCount({ countedAt: COUNTED_EARLIER }));
      assert.ok(events[0]?.type === "VoteOpened");
      assert.equal(events[0].data.round, 1);
    });

    it("may be on an item taken up earlier (entered after the meeting moved on)", () => {
      const events = eventsOf([...onItem({}, ITEM3), moveTo(ITEM2)], paperCount({ itemId: ITEM3 }));
      assert.ok(events[0]?.type === "VoteOpened");
      assert.equal(events[0].data.itemId, ITEM3);
      assert.equal(events[0].data.round, 1);
      assert.equal(events[0].data.question, titleOf(ITEM3));
    });

    it("accepts a time long before it is entered", () => {
      assert.equal(eventsOf(idle, paperCount({ countedAt: "2026-12-14T09:00:00.000Z" })).length, 2);
    });

    describe("who is eligible: the members serving now for that item (RULES.md 5, 8)", () => {
      const cases: ReadonlyArray<{ readonly name: string; readonly roll: Roll; readonly eligible: readonly string[] }> = [
        { name: "every seat served: all 45, the chair last", roll: {}, eligible: callOrder() },
        { name: "seats 2 and 40 absent: 43", roll: { absentSeats: [2, 40] }, eligible: callOrder({ absentSeats: [2, 40] }) },
        {
          name: "member-3 has jäv on the item and no substitute is present: the seat is empty",
          roll: { recused: [member(3)] },
          eligible: callOrder({ replaced: new Map([[3, null]]) }),
        },
        {
          name: "member-3 has jäv and sub-S-1 is present: the substitute serves for the item",
          roll: { recused: [member(3)], substitutesPresent: ["sub-S-1"] },
          eligible: callOrder({ replaced: new Map([[3, "sub-S-1"]]) }),
        },
      ];
      for (const c of cases) {
        it(c.name, () => {
          const events = eventsOf(onItem(c.roll), paperCount({ yes: 1, no: 0, abstain: 0 }));
          assert.ok(events[0]?.type === "VoteOpened");
          assert.deepEqual(events[0].data.eligible, c.eligible);
          assert.equal(events[0].data.present, c.eligible.length);
        });
      }

      it("jäv on another item does not take the member out of this item's vote", () => {
        const events = eventsOf(onItem({ recused: [member(3)] }, ITEM3), paperCount({ itemId: ITEM3, yes: 1, no: 0, abstain: 0 }));
        assert.ok(events[0]?.type === "VoteOpened");
        assert.deepEqual(events[0].data.eligible, callOrder());
      });
    });

    describe("the result follows the majority given for the paper vote", () => {
      const cases: ReadonlyArray<{
        readonly name: string;
        readonly majority: Majority;
        readonly roll: Roll;
        readonly counts: { yes: number; no: number; abstain: number };
        readonly outcome: VoteResultRecord["outcome"];
      }> = [
        { name: "SIMPLE, more Ja: YES", majority: "SIMPLE", roll: {}, counts: { yes: 23, no: 20, abstain: 2 }, outcome: "YES" },
        { name: "SIMPLE, more Nej: NO", majority: "SIMPLE", roll: {}, counts: { yes: 12, no: 20, abstain: 0 }, outcome: "NO" },
        { name: "SIMPLE, Ja = Nej: TIE for the chair to decide", majority: "SIMPLE", roll: {}, counts: { yes: 22, no: 22, abstain: 1 }, outcome: "TIE" },
        { name: "TWO_THIRDS_OF_PRESENT of 45: 29 Ja is NO", majority: "TWO_THIRDS_OF_PRESENT", roll: {}, counts: { yes: 29, no: 16, abstain: 0 }, outcome: "NO" },
        { name: "TWO_THIRDS_OF_PRESENT of 45: 30 Ja is YES", majority: "TWO_THIRDS_OF_PRESENT", roll: {}, counts: { yes: 30, no: 0, abstain: 0 }, outcome: "YES" },
        {
          name: "TWO_THIRDS_OF_PRESENT with jäv leaving 44 present: 29 Ja is NO",
          majority: "TWO_THIRDS_OF_PRESENT",
          roll: { recused: [member(3)] },
          counts: { yes: 29, no: 15, abstain: 0 },
          outcome: "NO",
        },
        {
          name: "TWO_THIRDS_OF_PRESENT with jäv leaving 44 present: 30 Ja is YES",
          majority: "TWO_THIRDS_OF_PRESENT",
          roll: { recused: [member(3)] },
          counts: { yes: 30, no: 14, abstain: 0 },
          outcome: "YES",
        },
      ];
      for (const c of cases) {
        it(c.name, () => {
          const eligible = c.roll.recused === undefined ? SEATS : SEATS - c.roll.recused.length;
          const entered = handCountEntered(eventsOf(onItem(c.roll), paperCount({ ...c.counts, majority: c.majority })));
          assert.deepEqual(entered.result, result(c.outcome, c.counts, eligible));
        });
      }
    });

    describe("refuses, appending nothing", () => {
      const cases: readonly Refusal[] = [
        ...INPUT_REFUSALS.map((c) => ({ ...c, overrides: { voteId: null, itemId: ITEM2, ...c.overrides } })),
        { name: "an unknown item", overrides: { itemId: `${MEETING}-99` }, code: "NOT_FOUND", message: /Agenda item kf-2026-12-14-99 was not found\./ },
        { name: "an unknown vote with an item", overrides: { voteId: "no-such-vote" }, code: "NOT_FOUND", message: /Vote no-such-vote was not found\./ },
        { name: "a new vote id that is taken", overrides: { newVoteId: "taken" }, code: "CONFLICT", message: /Vote taken already exists\./ },
        // openVote refuses a question over 1000 characters (decide.ts MAX_QUESTION); a paper vote should too.
        { name: "a question longer than 1000 characters", overrides: { question: "?".repeat(1001) }, code: "BAD_INPUT", message: /longer than 1000 characters/ },
      ];
      const history = [...idle, voteOpened({ voteId: "taken" }), voteClosed("taken")];
      for (const c of cases) {
        it(c.name, () => {
          given(history).when(paperCount(c.overrides), CLERK).thenRefused(c.code, c.message);
        });
      }

      it("45 counted when jäv leaves 44 eligible", () => {
        given(onItem({ recused: [member(3)] }))
          .when(paperCount({ yes: 30, no: 15, abstain: 0 }), CLERK)
          .thenRefused("BAD_INPUT", /45 answers counted, but only 44 members may vote\./);
      });
    });
  });

  describe("when a vote held on paper has been entered", () => {
    const entered = after(onItem(), paperCount());

    it("the same key with the same count appends nothing, though the retry brings a fresh vote id", () => {
      given(entered).when(paperCount({ newVoteId: "paper-retry" }), CLERK).then([]);
      assert.equal(handCountVoteId(stateOf(entered), MEETING, CLERK, KEY), PAPER);
    });

    it("the same key with another count is a CONFLICT", () => {
      given(entered).when(paperCount({ newVoteId: "paper-2", yes: 26 }), CLERK).thenRefused("CONFLICT", /already used for a different count/);
    });

    it("the same key on another item is a CONFLICT", () => {
      given(entered).when(paperCount({ newVoteId: "paper-2", itemId: ITEM3 }), CLERK).thenRefused("CONFLICT", /already used for a different count/);
    });

    it("another clerk may use the same key for another vote: round 2", () => {
      const events = eventsOf(entered, paperCount({ newVoteId: "paper-2", yes: 10, no: 30, abstain: 0 }), OTHER_CLERK);
      assert.ok(events[0]?.type === "VoteOpened");
      assert.equal(events[0].data.round, 2);
      assert.deepEqual(handCountEntered(events).result, result("NO", { yes: 10, no: 30, abstain: 0 }, 45));
    });

    it("a retry is still answered with nothing appended while an electronic vote is open", () => {
      given([...entered, voteOpened({ voteId: "vote-2", round: 2 })]).when(paperCount({ newVoteId: "paper-retry" }), CLERK).then([]);
    });
  });

  describe("when an electronic vote is open, for a vote held on paper", () => {
    for (const itemId of [ITEM2, ITEM3]) {
      it(`a paper vote on ${itemId === ITEM2 ? "the same" : "another"} item is a CONFLICT`, () => {
        given(voteOpen()).when(paperCount({ itemId }), CLERK).thenRefused("CONFLICT", /A vote is open: close it, or enter the count for it, first\./);
      });
    }
  });

  describe("when a vote on the item ended in a tie the chair has not decided", () => {
    // RULES.md 11: openVote and recordDecision refuse to go on with the item (requireNoTiePending).
    const tied = after([...voteOpen(), ...EARLY_BALLOTS], handCount({ yes: 20, no: 20, abstain: 5 }));

    it("a vote held on paper on that item is a CONFLICT", () => {
      given(tied).when(paperCount({ idempotencyKey: "paper-after-tie" }), CLERK).thenRefused("CONFLICT", /tie the chair has not decided/);
    });

    it("a vote held on paper on another item is entered", () => {
      assert.equal(eventsOf([...tied, moveTo(ITEM3)], paperCount({ itemId: ITEM3, idempotencyKey: "paper-after-tie" })).length, 2);
    });
  });

  describe("when the meeting is scheduled", () => {
    it("a vote held on paper is a CONFLICT: the meeting is not open yet", () => {
      given(scheduled()).when(paperCount(), CLERK).thenRefused("CONFLICT", /The meeting is not open yet\./);
    });
  });

  describe("when the meeting is closed", () => {
    it("a vote held on paper is a CONFLICT: the meeting is closed", () => {
      const closed = [...onItem(), by(CHAIR, { type: "MeetingClosed", data: { meetingId: MEETING } })];
      given(closed).when(paperCount(), CLERK).thenRefused("CONFLICT", /The meeting is closed\./);
    });
  });

  describe("when only 22 seats are served (no quorum)", () => {
    // RULES.md 4: the meeting may decide only if more than half of the seats are served; openVote refuses.
    it("a vote held on paper is a CONFLICT: the meeting is not quorate", () => {
      given(onItem({ absentSeats: seatNumbers(23, 45) }))
        .when(paperCount({ yes: 12, no: 10, abstain: 0 }), CLERK)
        .thenRefused("CONFLICT", /not quorate/);
    });
  });
});

describe("a vote held on paper in a contra-proposition (RULES.md 13, 14)", () => {
  const sides = { yesProposalId: `${ITEM2}-b`, noProposalId: `${ITEM2}-c` };

  it("names its Ja and Nej proposals, and the losing side drops out of play", () => {
    const history = after(onItem(), paperCount({ ...sides, yes: 25, no: 15, abstain: 5 }));
    const state = stateOf(history);
    const vote = voteIn(state, PAPER);
    assert.equal(vote.yesProposalId, `${ITEM2}-b`);
    assert.equal(vote.noProposalId, `${ITEM2}-c`);
    const item = meetingIn(state).items.get(ITEM2);
    assert.ok(item);
    assert.deepEqual(
      remainingProposals(item, [vote]).map((p) => p.id),
      [`${ITEM2}-a`, `${ITEM2}-b`],
    );
  });

  const refusals: ReadonlyArray<{ name: string; history: () => Given[]; overrides: Partial<HandCountData>; code: "BAD_INPUT" | "CONFLICT"; message: RegExp }> = [
    { name: "a proposal not on the item", history: () => onItem(), overrides: { yesProposalId: "nope" }, code: "BAD_INPUT", message: /not on this item/ },
    { name: "the same proposal on both sides", history: () => onItem(), overrides: { yesProposalId: `${ITEM2}-a`, noProposalId: `${ITEM2}-a` }, code: "BAD_INPUT", message: /different proposals/ },
    {
      name: "a proposal that lost an earlier round",
      history: () => after(onItem(), paperCount({ ...sides, yes: 25, no: 15, abstain: 5, idempotencyKey: "round-1" })),
      overrides: { yesProposalId: `${ITEM2}-a`, noProposalId: `${ITEM2}-c`, newVoteId: "paper-2", idempotencyKey: "round-2" },
      code: "CONFLICT",
      message: /lost an earlier round and is out of play/,
    },
  ];
  for (const r of refusals) {
    it(`refuses ${r.name} (${r.code})`, () => {
      given(r.history()).when(paperCount(r.overrides), CLERK).thenRefused(r.code, r.message);
    });
  }
});

describe("a vote held on paper, entered after the meeting moved on (RULES.md 2, 8, 13, 14)", () => {
  /** Not yet taken up in the timeline below. */
  const ITEM4 = `${MEETING}-4`;
  const ELECTRONIC = "vote-electronic";
  // The timeline: the meeting opens at its scheduled time (AT, 17:00), item 2 is taken up at 17:05,
  // the system goes down and item 2 is voted on by hand at 17:15, an electronic round on it opens at
  // 17:40, the chair moves on to item 3 at 18:00, and the clerk enters the paper vote at 21:00.
  const ITEM2_AT = "2026-12-14T17:05:00.000Z";
  const PAPER_COUNTED = "2026-12-14T17:15:00.000Z";
  const DURING_ITEM2 = "2026-12-14T17:20:00.000Z";
  const ELECTRONIC_OPENED = "2026-12-14T17:40:00.000Z";
  const ELECTRONIC_CLOSED = "2026-12-14T17:45:00.000Z";
  const ITEM3_AT = "2026-12-14T18:00:00.000Z";
  const ITEM3_COUNTED = "2026-12-14T18:10:00.000Z";
  const ENTERED = "2026-12-14T21:00:00.000Z";

  const at = (time: string, actor: string, event: CouncilEvent): Given => ({ event, actor, at: time });
  const present = (memberId: string, isPresent: boolean, time: string = AT): Given =>
    at(time, CLERK, { type: "AttendanceRecorded", data: { meetingId: MEETING, memberId, present: isPresent } });

  /**
   * Item 2 is held with seats 2 and 40 absent and member-3 recused, sub-S-1 serving in seat 3: 43
   * serve. During item 2 member-2 arrives and member-10, member-11 and sub-S-1 leave; from item 3 on,
   * seats 10, 11 and 40 are empty and member-3 serves himself: 42 serve.
   */
  function movedOn(extra: readonly Given[] = []): Given[] {
    return [
      ...opened(),
      ...seatNumbers(1, SEATS).map((seat) => present(member(seat), ![2, 40].includes(seat))),
      present("sub-S-1", true),
      by(CLERK, { type: "RecusalDeclared", data: { meetingId: MEETING, itemId: ITEM2, memberId: member(3) } }),
      moveTo(ITEM2, ITEM2_AT),
      ...extra,
      present(member(2), true, DURING_ITEM2),
      present(member(10), false, DURING_ITEM2),
      present(member(11), false, DURING_ITEM2),
      present("sub-S-1", false, DURING_ITEM2),
      moveTo(ITEM3, ITEM3_AT),
    ];
  }
  const heldOnItem2 = callOrder({ absentSeats: [2, 40], replaced: new Map([[3, "sub-S-1"]]) });
  const servingNow = callOrder({ absentSeats: [10, 11, 40] });

  /** The electronic round on item 2 at 17:40: -a (KS) against -c (SD), -a won. */
  function electronicRound(): Given[] {
    return [
      at(ELECTRONIC_OPENED, CHAIR, {
        type: "VoteOpened",
        data: {
          meetingId: MEETING,
          voteId: ELECTRONIC,
          itemId: ITEM2,
          round: 1,
          method: "ELECTRONIC",
          question: "Ja för kommunstyrelsens förslag, nej för Sverigedemokraternas förslag",
          yesProposalId: `${ITEM2}-a`,
          noProposalId: `${ITEM2}-c`,
          majority: "SIMPLE",
          eligible: heldOnItem2,
          present: heldOnItem2.length,
          chairMemberId: CHAIR,
        },
      }),
      at(ELECTRONIC_CLOSED, CHAIR, {
        type: "VoteClosed",
        data: { meetingId: MEETING, voteId: ELECTRONIC, result: { outcome: "YES", decidedBy: "MAJORITY", yes: 30, no: 13, abstain: 0, absent: 0 } },
      }),
    ];
  }

  /** The paper vote on item 2, counted at 17:15. */
  const paperOnItem2 = (overrides: Partial<HandCountData> = {}): CouncilCommand =>
    paperCount({ itemId: ITEM2, countedAt: PAPER_COUNTED, yes: 20, no: 20, abstain: 3, ...overrides });

  function entered(history: readonly Given[], command: CouncilCommand): readonly CouncilEvent[] {
    return decide(command, stateOf(history), { actor: CLERK, at: ENTERED });
  }

  function opening(events: readonly CouncilEvent[]): VoteOpenedData {
    const event = events[0];
    assert.ok(event?.type === "VoteOpened", `the first event is VoteOpened: ${JSON.stringify(events)}`);
    return event.data;
  }

  /** The history with the command's events appended, entered by the clerk at 21:00. */
  function afterEntry(history: readonly Given[], command: CouncilCommand): Given[] {
    return [...history, ...entered(history, command).map((event) => at(ENTERED, CLERK, event))];
  }

  describe("who is eligible", () => {
    it("on the current item: the members serving now (42), and the present count of the same seats", () => {
      const data = opening(entered(movedOn(), paperCount({ itemId: ITEM3, countedAt: ITEM3_COUNTED, yes: 1, no: 0, abstain: 0 })));
      assert.deepEqual(data.eligible, servingNow);
      assert.equal(data.present, 42);
    });

    it("on item 2, after moving on with attendance changed: who served at item 2 (43), jäv stand-in included", () => {
      const data = opening(entered(movedOn(), paperOnItem2()));
      assert.deepEqual(data.eligible, heldOnItem2);
      assert.equal(data.present, 43);
      assert.ok(data.eligible.includes(member(10)) && data.eligible.includes("sub-S-1"), "those who left during item 2 served at it");
      assert.ok(!data.eligible.includes(member(2)) && !data.eligible.includes(member(3)), "member-2 arrived later; member-3 had jäv");
      assert.equal(data.seats?.[data.eligible.indexOf("sub-S-1")], 3, "sub-S-1 served in seat 3");
    });

    it("two thirds of the present at item 2 (43: 29 needed), not of those serving now (42: 28 would do)", () => {
      const command = (yes: number) => paperOnItem2({ majority: "TWO_THIRDS_OF_PRESENT", yes, no: 43 - yes, abstain: 0 });
      assert.equal(handCountEntered(entered(movedOn(), command(28))).result.outcome, "NO");
      assert.equal(handCountEntered(entered(movedOn(), command(29))).result.outcome, "YES");
    });

    describe("quorum is judged on the seats served at the item", () => {
      /** Item 2 held with seats 1..served present; during it the rest arrive or leave, from item 3. */
      function quorumHistory(servedAtItem2: number, servedNow: number): Given[] {
        return [
          ...opened(),
          ...seatNumbers(1, SEATS).map((seat) => present(member(seat), seat <= servedAtItem2)),
          moveTo(ITEM2, ITEM2_AT),
          ...seatNumbers(1, SEATS)
            .filter((seat) => seat <= servedAtItem2 !== seat <= servedNow)
            .map((seat) => present(member(seat), seat <= servedNow, DURING_ITEM2)),
          moveTo(ITEM3, ITEM3_AT),
        ];
      }

      it("item 2 held with 22 seats served is not quorate, though all 45 serve now: CONFLICT", () => {
        given(quorumHistory(22, 45))
          .when(paperOnItem2({ yes: 12, no: 10, abstain: 0 }), CLERK, ENTERED)
          .thenRefused("CONFLICT", /not quorate: 22 seats are served, 23 are needed/);
      });

      it("item 2 held with 23 seats served is quorate, though only 22 serve now", () => {
        const data = opening(entered(quorumHistory(23, 22), paperOnItem2({ yes: 12, no: 10, abstain: 1 })));
        assert.equal(data.present, 23);
        given(quorumHistory(23, 22))
          .when(paperCount({ itemId: ITEM3, countedAt: ITEM3_COUNTED, yes: 12, no: 10, abstain: 0 }), CLERK, ENTERED)
          .thenRefused("CONFLICT", /not quorate: 22 seats are served/);
      });
    });

    it("an item never taken up is refused: CONFLICT, make it the current item first", () => {
      given(movedOn())
        .when(paperCount({ itemId: ITEM4, countedAt: ITEM3_COUNTED }), CLERK, ENTERED)
        .thenRefused("CONFLICT", /§4 has not been taken up: make it the current item first \(setCurrentItem\)/);
      given(onItem())
        .when(paperCount({ itemId: ITEM3 }), CLERK)
        .thenRefused("CONFLICT", /§3 has not been taken up/);
    });
  });

  describe("its place among the item's votes: the order held", () => {
    const history = movedOn(electronicRound());
    // -b (M) against -c (SD) at 17:15, -c won: the contra-proposition round before the main vote at 17:40.
    const contra = paperOnItem2({ yesProposalId: `${ITEM2}-b`, noProposalId: `${ITEM2}-c`, yes: 15, no: 25, abstain: 3 });

    it("counted at 17:15, entered at 21:00 after the round opened at 17:40: VoteOpened says round 1", () => {
      const data = opening(entered(history, contra));
      assert.equal(data.round, 1);
      assert.equal(data.openedAt, PAPER_COUNTED);
    });

    it("the item lists it first, round 1, and the electronic round becomes round 2; replayed from scratch, the same", () => {
      const full = afterEntry(history, contra);
      const incremental = given(history).when(contra, CLERK, ENTERED).thenState();
      const replayed = stateOf(full);
      assert.deepStrictEqual(replayed, incremental);
      assert.deepEqual(meetingIn(replayed).items.get(ITEM2)?.voteIds, [PAPER, ELECTRONIC]);
      assert.deepEqual([voteIn(replayed, PAPER).round, voteIn(replayed, ELECTRONIC).round], [1, 2]);
    });

    it("a vote counted at the same moment as one already held comes after it (stable)", () => {
      const same = afterEntry(history, paperOnItem2({ countedAt: ELECTRONIC_OPENED, idempotencyKey: "same-time" }));
      assert.deepEqual(meetingIn(stateOf(same)).items.get(ITEM2)?.voteIds, [ELECTRONIC, PAPER]);
      assert.deepEqual([voteIn(stateOf(same), ELECTRONIC).round, voteIn(stateOf(same), PAPER).round], [1, 2]);
    });

    it("contra-proposition: -c, out only after the 17:40 round, was in play at 17:15; the main vote, last, adopts -a", () => {
      const state = stateOf(afterEntry(history, contra));
      const item = meetingIn(state).items.get(ITEM2);
      assert.ok(item);
      const votes = votesOf(state, item);
      assert.deepEqual(remainingProposals(item, votes).map((p) => p.id), [`${ITEM2}-a`]);
      assert.equal(adoptedProposal(item, votes)?.id, `${ITEM2}-a`);
    });

    it("a count putting out a proposal that a later round put again is refused: CONFLICT", () => {
      // -c losing at 17:15 contradicts the 17:40 round between -a and -c.
      given(history)
        .when(paperOnItem2({ yesProposalId: `${ITEM2}-b`, noProposalId: `${ITEM2}-c`, yes: 25, no: 15, abstain: 3 }), CLERK, ENTERED)
        .thenRefused("CONFLICT", /loses this vote, but was put again in round 1, held after it/);
    });

    it("a proposal out before the count was taken is still out of play: CONFLICT", () => {
      // Counted after the 17:40 round, which put -c out.
      given(history)
        .when(paperOnItem2({ countedAt: ELECTRONIC_CLOSED, yesProposalId: `${ITEM2}-b`, noProposalId: `${ITEM2}-c` }), CLERK, ENTERED)
        .thenRefused("CONFLICT", /lost an earlier round and is out of play/);
    });

    it("a retry with the same key records it once", () => {
      const full = afterEntry(history, contra);
      given(full).when(paperOnItem2({ yesProposalId: `${ITEM2}-b`, noProposalId: `${ITEM2}-c`, yes: 15, no: 25, abstain: 3, newVoteId: "paper-retry" }), CLERK, ENTERED).then([]);
      assert.deepEqual(meetingIn(stateOf(full)).items.get(ITEM2)?.voteIds, [PAPER, ELECTRONIC]);
    });
  });

  describe("when it was counted", () => {
    const DAY_BEFORE = "2026-12-13T17:00:00.000Z";

    it("more than 24 hours before the meeting's scheduled time is refused: BAD_INPUT, a mistyped date", () => {
      given(onItem())
        .when(paperCount({ countedAt: msAfter(DAY_BEFORE, -1) }), CLERK)
        .thenRefused("BAD_INPUT", /cannot have been taken more than 24 hours before the meeting \(2026-12-14T17:00:00\.000Z\): check the date/);
      given(onItem())
        .when(paperCount({ countedAt: "2025-12-14T17:15:00.000Z" }), CLERK)
        .thenRefused("BAD_INPUT", /more than 24 hours before the meeting/);
    });

    it("24 hours before is accepted", () => {
      assert.equal(eventsOf(onItem(), paperCount({ countedAt: DAY_BEFORE })).length, 2);
    });

    it("a meeting opened earlier than scheduled counts from when it opened", () => {
      const OPENED_EARLY = "2026-12-01T09:00:00.000Z";
      const early = onItem().map((g, i) => (i === 2 ? at(OPENED_EARLY, CHAIR, { type: "MeetingOpened", data: { meetingId: MEETING } }) : g));
      assert.equal(eventsOf(early, paperCount({ countedAt: "2026-12-01T09:30:00.000Z" })).length, 2);
      given(early).when(paperCount({ countedAt: "2026-11-30T08:59:59.999Z" }), CLERK).thenRefused("BAD_INPUT", /\(2026-12-01T09:00:00\.000Z\)/);
    });
  });
});
