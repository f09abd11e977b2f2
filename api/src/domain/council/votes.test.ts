import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DEMO_MEETING_ID } from "../../demo/council.js";
import type { CouncilCommand } from "./commands.js";
import { decide, votesOf } from "./decide.js";
import { DEFAULT_SETTINGS } from "./events.js";
import type { AssemblySettings, Choice, CouncilEvent, DecidedBy, Majority, Outcome, VoteMethod, VoteResultRecord } from "./events.js";
import { adoptedProposal, nextToAnswer, remainingProposals } from "./procedure.js";
import type { CouncilState, ItemState, MeetingState, VoteState } from "./state.js";
import { AT, demoCommands, given, stateOf, type Given } from "./testing.js";

/**
 * Votes beyond the plain yes/no (RULES.md 7-13): cancelling, ties and the casting vote, qualified
 * majority, proposals and contra-proposition voting, the roll-call order, changed answers and the
 * eligible list frozen at open. Histories are the demo council's (api/src/demo/council.ts).
 */

// --- The demo council ---------------------------------------------------------------------------

const { register, schedule } = demoCommands();

const MEETING = DEMO_MEETING_ID;
const SEATS = 45;
/** member-1 holds seat 1 and is the chair. */
const CHAIR = "member-1";
const CLERK = "clerk-1";
/** The budget: three proposals. */
const BUDGET = `${MEETING}-2`;
/** Kommunstyrelsens förslag: the main proposal. */
const KS = `${BUDGET}-a`;
/** Moderaternas förslag. */
const M = `${BUDGET}-b`;
/** Sverigedemokraternas förslag. */
const SD = `${BUDGET}-c`;
/** The tax rate: two proposals, -a and -b. */
const TAX = `${MEETING}-3`;
const VOTE = "vote-1";
const QUESTION = "Ja för kommunstyrelsens förslag, nej för Moderaternas förslag";
const NO_CHANGE: AssemblySettings = { noReturnAfterLeaving: true, answerChangeWhileOpen: false };

const member = (seat: number): string => `member-${seat}`;
const seatNumbers = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Holders serving when `absentSeats` are away, in call order: seat order, the chair last. */
function callOrder(absentSeats: readonly number[] = []): string[] {
  const serving = seatNumbers(1, SEATS)
    .filter((seat) => !absentSeats.includes(seat))
    .map(member);
  return serving.includes(CHAIR) ? [...serving.filter((id) => id !== CHAIR), CHAIR] : serving;
}

/** The party of a seat in the demo council. */
function partyOf(seat: number): string {
  if (seat <= 12) return "S";
  if (seat <= 22) return "M";
  if (seat <= 29) return "SD";
  if (seat <= 33) return "C";
  if (seat <= 37) return "V";
  if (seat <= 40) return "KD";
  if (seat <= 43) return "L";
  return "MP";
}

// --- Histories ----------------------------------------------------------------------------------

const by = (actor: string, event: CouncilEvent): Given => ({ event, actor });

interface Setup {
  readonly absentSeats?: readonly number[];
  readonly itemId?: string;
  readonly settings?: AssemblySettings;
}

function registered(settings?: AssemblySettings): Given[] {
  return [{ type: "AssemblyRegistered", data: settings === undefined ? register.data : { ...register.data, settings } }];
}

function opened(settings?: AssemblySettings): Given[] {
  return [
    ...registered(settings),
    { type: "MeetingScheduled", data: schedule.data },
    by(CHAIR, { type: "MeetingOpened", data: { meetingId: MEETING } }),
  ];
}

function attendanceRecorded(memberId: string, present: boolean): Given {
  return by(CLERK, { type: "AttendanceRecorded", data: { meetingId: MEETING, memberId, present } });
}

function rollCall(absentSeats: readonly number[] = []): Given[] {
  return seatNumbers(1, SEATS).map((seat) => attendanceRecorded(member(seat), !absentSeats.includes(seat)));
}

function substituteAssigned(seat: number, substituteId: string | null): Given {
  return by(CLERK, { type: "SubstituteAssigned", data: { meetingId: MEETING, seat, substituteId } });
}

function currentItemSet(itemId: string): Given {
  return by(CHAIR, { type: "CurrentItemSet", data: { meetingId: MEETING, itemId } });
}

/** Open, roll-called, on the item (the budget unless told). */
function onItem({ absentSeats = [], itemId = BUDGET, settings }: Setup = {}): Given[] {
  return [...opened(settings), ...rollCall(absentSeats), currentItemSet(itemId)];
}

function meetingClosed(): Given {
  return by(CHAIR, { type: "MeetingClosed", data: { meetingId: MEETING } });
}

function decisionRecorded(itemId: string = BUDGET): Given {
  return by(CLERK, { type: "DecisionRecorded", data: { meetingId: MEETING, itemId, text: "Bifall till kommunstyrelsens förslag." } });
}

interface OpenedVote {
  readonly voteId?: string;
  readonly itemId?: string;
  readonly round?: number;
  readonly yesProposalId?: string | null;
  readonly noProposalId?: string | null;
  readonly majority?: Majority;
  readonly method?: VoteMethod;
  readonly absentSeats?: readonly number[];
  /** Overrides the eligible list (call order) the absences give. */
  readonly eligible?: readonly string[];
  /** Overrides the seats served the absences give. */
  readonly present?: number;
}

/** A VoteOpened as the ledger holds it. */
function voteOpened(spec: OpenedVote = {}): Given {
  const absentSeats = spec.absentSeats ?? [];
  return by(CHAIR, {
    type: "VoteOpened",
    data: {
      meetingId: MEETING,
      voteId: spec.voteId ?? VOTE,
      itemId: spec.itemId ?? BUDGET,
      round: spec.round ?? 1,
      method: spec.method ?? "ELECTRONIC",
      question: QUESTION,
      yesProposalId: spec.yesProposalId === undefined ? KS : spec.yesProposalId,
      noProposalId: spec.noProposalId === undefined ? M : spec.noProposalId,
      majority: spec.majority ?? "SIMPLE",
      eligible: spec.eligible ?? callOrder(absentSeats),
      present: spec.present ?? SEATS - absentSeats.length,
      chairMemberId: absentSeats.includes(1) ? null : CHAIR,
    },
  });
}

/** On the budget with a vote open on it. */
function voteOpen(spec: OpenedVote & { readonly settings?: AssemblySettings } = {}): Given[] {
  const setup: Setup = { absentSeats: spec.absentSeats ?? [], itemId: spec.itemId ?? BUDGET };
  return [...onItem(spec.settings === undefined ? setup : { ...setup, settings: spec.settings }), voteOpened(spec)];
}

/** A ballot as the ledger holds it: from the member's device, or recorded by `actor` on their behalf. */
function ballotCast(memberId: string, choice: Choice, idempotencyKey: string, actor: string = memberId, voteId: string = VOTE): Given {
  return by(actor, {
    type: "BallotCast",
    data: { meetingId: MEETING, voteId, memberId, choice, source: actor === memberId ? "DEVICE" : "CLERK", idempotencyKey },
  });
}

function ballots(seats: readonly number[], choice: Choice, voteId: string = VOTE): Given[] {
  return seats.map((seat) => ballotCast(member(seat), choice, `${voteId}-${seat}-${choice}`, member(seat), voteId));
}

function result(outcome: Outcome, decidedBy: DecidedBy | null, counts: { yes?: number; no?: number; abstain?: number } = {}): VoteResultRecord {
  const yes = counts.yes ?? 0;
  const no = counts.no ?? 0;
  const abstain = counts.abstain ?? 0;
  return { outcome, decidedBy, yes, no, abstain, absent: SEATS - yes - no - abstain };
}

function voteClosed(outcome: Outcome, voteId: string = VOTE): Given {
  return by(CHAIR, {
    type: "VoteClosed",
    data: { meetingId: MEETING, voteId, result: result(outcome, outcome === "TIE" ? null : "MAJORITY", { yes: 1, no: outcome === "TIE" ? 1 : 0 }) },
  });
}

function voteCancelled(voteId: string = VOTE): Given {
  return by(CHAIR, { type: "VoteCancelled", data: { meetingId: MEETING, voteId, reason: "Fel förslag på Ja-sidan." } });
}

function tieResolved(choice: "YES" | "NO", voteId: string = VOTE): Given {
  return by(CHAIR, {
    type: "TieResolved",
    data: { meetingId: MEETING, voteId, choice, result: result(choice, "CASTING_VOTE", { yes: 1, no: 1 }) },
  });
}

/** The history after `command`, decided as `actor` against the state `history` builds. */
function run(history: readonly Given[], command: CouncilCommand, actor: string): Given[] {
  const events = decide(command, stateOf(history), { actor, at: AT });
  return [...history, ...events.map((event) => by(actor, event))];
}

// --- Commands -----------------------------------------------------------------------------------

type OpenVoteData = Extract<CouncilCommand, { type: "OpenVote" }>["data"];

function openVote(overrides: Partial<OpenVoteData> = {}): CouncilCommand {
  return {
    type: "OpenVote",
    data: {
      voteId: VOTE,
      itemId: BUDGET,
      method: "ELECTRONIC",
      question: QUESTION,
      yesProposalId: KS,
      noProposalId: M,
      majority: "SIMPLE",
      ...overrides,
    },
  };
}

function castBallot(choice: Choice, idempotencyKey: string, voteId: string = VOTE): CouncilCommand {
  return { type: "CastBallot", data: { voteId, choice, idempotencyKey } };
}

function recordBallot(memberId: string, choice: Choice, idempotencyKey: string, voteId: string = VOTE): CouncilCommand {
  return { type: "RecordBallot", data: { voteId, memberId, choice, idempotencyKey } };
}

function closeVote(voteId: string = VOTE): CouncilCommand {
  return { type: "CloseVote", data: { voteId } };
}

function cancelVote(reason: string, voteId: string = VOTE): CouncilCommand {
  return { type: "CancelVote", data: { voteId, reason } };
}

function resolveTie(choice: Choice, voteId: string = VOTE): CouncilCommand {
  return { type: "ResolveTie", data: { voteId, choice } };
}

interface ProposalFields {
  readonly itemId?: string;
  readonly proposalId?: string;
  readonly label?: string;
  readonly text?: string;
  readonly proposedBy?: string | null;
}

function addProposal(fields: ProposalFields = {}): CouncilCommand {
  return {
    type: "AddProposal",
    data: {
      itemId: fields.itemId ?? BUDGET,
      proposalId: fields.proposalId ?? "proposal-L",
      label: fields.label ?? "Liberalernas yrkande",
      text: fields.text ?? "Ärendet återremitteras.",
      proposedBy: fields.proposedBy === undefined ? "Liberalerna" : fields.proposedBy,
    },
  };
}

// --- Reading the state --------------------------------------------------------------------------

function meetingIn(state: CouncilState): MeetingState {
  const meeting = state.meetings.get(MEETING);
  assert.ok(meeting, "the meeting exists");
  return meeting;
}

function voteIn(state: CouncilState, voteId: string = VOTE): VoteState {
  const vote = state.votes.get(voteId);
  assert.ok(vote, `vote ${voteId} exists`);
  return vote;
}

function itemIn(state: CouncilState, itemId: string = BUDGET): ItemState {
  const item = meetingIn(state).items.get(itemId);
  assert.ok(item, `item ${itemId} exists`);
  return item;
}

/** The ids of the proposals still in play on the item. */
function remaining(state: CouncilState, itemId: string = BUDGET): string[] {
  const item = itemIn(state, itemId);
  return remainingProposals(item, votesOf(state, item)).map((p) => p.id);
}

/** The id of the proposal the item adopted, or null. */
function adopted(state: CouncilState, itemId: string = BUDGET): string | null {
  const item = itemIn(state, itemId);
  return adoptedProposal(item, votesOf(state, item))?.id ?? null;
}

/** The result the last event of `history` (a VoteClosed or TieResolved) records. */
function lastResult(history: readonly Given[]): VoteResultRecord | null {
  const last = history.at(-1);
  const event = last === undefined ? undefined : "event" in last ? last.event : last;
  return event?.type === "VoteClosed" || event?.type === "TieResolved" ? event.data.result : null;
}

// --- CancelVote ---------------------------------------------------------------------------------

describe("CancelVote (CHAIR)", () => {
  describe("when the vote is open", () => {
    it("the chair cancels it with the reason, trimmed", () => {
      given(voteOpen())
        .when(cancelVote("  Fel förslag på Ja-sidan.\n"), CHAIR)
        .then([{ type: "VoteCancelled", data: { meetingId: MEETING, voteId: VOTE, reason: "Fel förslag på Ja-sidan." } }]);
    });

    it("the vote is CANCELLED with its reason and time, decides nothing, and the meeting has no open vote", () => {
      const state = given([...voteOpen(), ...ballots([2, 3], "YES")]).when(cancelVote("Fel förslag på Ja-sidan."), CHAIR).thenState();
      const vote = voteIn(state);
      assert.equal(vote.status, "CANCELLED");
      assert.equal(vote.cancelReason, "Fel förslag på Ja-sidan.");
      assert.equal(vote.closedAt, AT);
      assert.equal(vote.result, null);
      assert.equal(vote.ballots.size, 2, "the ballots already cast stay");
      assert.equal(meetingIn(state).openVoteId, null);
    });

    const reasons: ReadonlyArray<{ reason: string; refused: RegExp | null }> = [
      { reason: "", refused: /Say why the vote is cancelled/ },
      { reason: " \t\n ", refused: /Say why the vote is cancelled/ },
      { reason: "x".repeat(1001), refused: /The reason is longer than 1000 characters/ },
      { reason: ` ${"x".repeat(1000)} `, refused: null },
      { reason: "x", refused: null },
    ];
    for (const { reason, refused } of reasons) {
      const shown = reason.length > 20 ? `${reason.trim().length} characters` : JSON.stringify(reason);
      it(`a reason of ${shown} is ${refused ? "BAD_INPUT" : "accepted"}`, () => {
        const when = given(voteOpen()).when(cancelVote(reason), CHAIR);
        if (refused) when.thenRefused("BAD_INPUT", refused);
        else assert.equal(voteIn(when.thenState()).cancelReason, reason.trim());
      });
    }

    for (const actor of [CLERK, member(2), "observer", "admin"]) {
      it(`is refused to ${actor}`, () => {
        given(voteOpen()).when(cancelVote("Fel."), actor).thenRefused("FORBIDDEN", /Only the chair cancels a vote/);
      });
    }

    it("refuses an unknown vote", () => {
      given(voteOpen()).when(cancelVote("Fel.", "vote-9"), CHAIR).thenRefused("NOT_FOUND", /Vote vote-9 was not found/);
    });
  });

  describe("when the vote is cancelled", () => {
    const cancelled = (): Given[] => [...voteOpen(), ...ballots([2], "YES"), voteCancelled()];

    it("a new vote can be opened on the item: the next round", () => {
      const state = given(cancelled()).when(openVote({ voteId: "vote-2" }), CHAIR).thenState();
      assert.equal(voteIn(state, "vote-2").round, 2);
      assert.equal(voteIn(state, "vote-2").status, "OPEN");
      assert.equal(meetingIn(state).openVoteId, "vote-2");
      assert.deepEqual(itemIn(state).voteIds, [VOTE, "vote-2"]);
    });

    it("puts no proposal out: the same pair may be put again", () => {
      assert.deepEqual(remaining(stateOf(cancelled())), [KS, M, SD]);
      assert.equal(adopted(stateOf(cancelled())), null);
    });

    it("attendance may change again", () => {
      given(cancelled())
        .when({ type: "SetAttendance", data: { meetingId: MEETING, memberId: member(5), present: false } }, CLERK)
        .then([{ type: "AttendanceRecorded", data: { meetingId: MEETING, memberId: member(5), present: false } }]);
    });

    const refusals: ReadonlyArray<{ name: string; command: CouncilCommand; actor: string; message: RegExp }> = [
      { name: "cancelling it again", command: cancelVote("Igen."), actor: CHAIR, message: /The vote is cancelled/ },
      { name: "closing it", command: closeVote(), actor: CHAIR, message: /The vote is cancelled/ },
      { name: "a member's answer", command: castBallot("NO", "late"), actor: member(3), message: /The vote is cancelled/ },
      { name: "a clerk's recorded answer", command: recordBallot(member(3), "NO", "late"), actor: CLERK, message: /The vote is cancelled/ },
      { name: "resolving a tie", command: resolveTie("YES"), actor: CHAIR, message: /did not end in an undecided tie/ },
    ];
    for (const { name, command, actor, message } of refusals) {
      it(`refuses ${name} (CONFLICT)`, () => {
        given(cancelled()).when(command, actor).thenRefused("CONFLICT", message);
      });
    }
  });

  describe("when the vote is closed", () => {
    it("refuses to cancel it (CONFLICT)", () => {
      given([...voteOpen(), voteClosed("YES")]).when(cancelVote("Fel."), CHAIR).thenRefused("CONFLICT", /The vote is closed/);
    });
  });
});

// --- Ties (RULES.md 11) -------------------------------------------------------------------------

describe("CloseVote: a tie (RULES.md 11)", () => {
  interface TieCase {
    readonly state: string;
    readonly chair: readonly Choice[];
    readonly yes: readonly number[];
    readonly no: readonly number[];
    readonly absentSeats?: readonly number[];
    readonly majority?: Majority;
    readonly expected: VoteResultRecord;
  }
  const cases: readonly TieCase[] = [
    { state: "the chair voted Ja", chair: ["YES"], yes: [], no: [3], expected: result("YES", "CASTING_VOTE", { yes: 1, no: 1 }) },
    { state: "the chair voted Nej", chair: ["NO"], yes: [2, 3], no: [4], expected: result("NO", "CASTING_VOTE", { yes: 2, no: 2 }) },
    { state: "the chair abstained", chair: ["ABSTAIN"], yes: [2], no: [3], expected: result("TIE", null, { yes: 1, no: 1, abstain: 1 }) },
    { state: "the chair did not answer", chair: [], yes: [2], no: [3], expected: result("TIE", null, { yes: 1, no: 1 }) },
    {
      state: "the chair changed Ja to Avstår",
      chair: ["YES", "ABSTAIN"],
      yes: [2],
      no: [3],
      expected: result("TIE", null, { yes: 1, no: 1, abstain: 1 }),
    },
    { state: "the chair changed Avstår to Ja", chair: ["ABSTAIN", "YES"], yes: [], no: [3], expected: result("YES", "CASTING_VOTE", { yes: 1, no: 1 }) },
    {
      state: "the chair's seat is empty (no chair serves)",
      chair: [],
      yes: [2],
      no: [3],
      absentSeats: [1],
      expected: { outcome: "TIE", decidedBy: null, yes: 1, no: 1, abstain: 0, absent: 42 },
    },
    { state: "no tie: the chair's side has fewer votes", chair: ["YES"], yes: [], no: [3, 4], expected: result("NO", "MAJORITY", { yes: 1, no: 2 }) },
    {
      state: "Ja = Nej under TWO_THIRDS_OF_PRESENT: no casting vote, NO",
      chair: ["YES"],
      yes: seatNumbers(2, 15),
      no: seatNumbers(16, 30),
      majority: "TWO_THIRDS_OF_PRESENT",
      expected: result("NO", "MAJORITY", { yes: 15, no: 15 }),
    },
  ];
  for (const c of cases) {
    describe(`when ${c.state}`, () => {
      it(`closes ${c.expected.outcome}, decided by ${c.expected.decidedBy ?? "nobody yet"}`, () => {
        const absentSeats = c.absentSeats ?? [];
        const history = [
          ...voteOpen({ absentSeats, majority: c.majority ?? "SIMPLE" }),
          ...c.chair.map((choice, i) => ballotCast(CHAIR, choice, `chair-${i}`)),
          ...ballots(c.yes, "YES"),
          ...ballots(c.no, "NO"),
        ];
        given(history)
          .when(closeVote(), CHAIR)
          .then([{ type: "VoteClosed", data: { meetingId: MEETING, voteId: VOTE, result: c.expected } }]);
      });
    });
  }
});

describe("ResolveTie (CHAIR)", () => {
  /** Ja 1 (seat 2), Nej 1 (seat 3), the chair abstained: TIE. */
  const tied = (): Given[] => run([...voteOpen(), ...ballots([2], "YES"), ...ballots([3], "NO"), ballotCast(CHAIR, "ABSTAIN", "c1")], closeVote(), CHAIR);

  describe("when the vote ended in a tie", () => {
    it("the history is a TIE, decided by nobody yet", () => {
      assert.deepEqual(lastResult(tied()), result("TIE", null, { yes: 1, no: 1, abstain: 1 }));
    });

    const sides: ReadonlyArray<"YES" | "NO"> = ["YES", "NO"];
    for (const choice of sides) {
      it(`the chair decides it ${choice}: the outcome by casting vote, the counts unchanged`, () => {
        const decided = result(choice, "CASTING_VOTE", { yes: 1, no: 1, abstain: 1 });
        given(tied())
          .when(resolveTie(choice), CHAIR)
          .then([{ type: "TieResolved", data: { meetingId: MEETING, voteId: VOTE, choice, result: decided } }]);
        const vote = voteIn(given(tied()).when(resolveTie(choice), CHAIR).thenState());
        assert.deepEqual(vote.result, decided);
        assert.equal(vote.status, "CLOSED");
        assert.deepEqual(vote.counts, { yes: 1, no: 1, abstain: 1 });
      });
    }

    it("a tie where no chair served is decided by the chair all the same", () => {
      const history = run([...voteOpen({ absentSeats: [1] }), ...ballots([2], "YES"), ...ballots([3], "NO")], closeVote(), CHAIR);
      const vote = voteIn(given(history).when(resolveTie("NO"), CHAIR).thenState());
      assert.equal(vote.result?.outcome, "NO");
      assert.equal(vote.result?.decidedBy, "CASTING_VOTE");
    });

    it("refuses ABSTAIN (BAD_INPUT)", () => {
      given(tied()).when(resolveTie("ABSTAIN"), CHAIR).thenRefused("BAD_INPUT", /A tie is decided for Ja \(YES\) or Nej \(NO\)/);
    });

    for (const actor of [CLERK, member(2), "observer", "admin"]) {
      it(`is refused to ${actor}`, () => {
        given(tied()).when(resolveTie("YES"), actor).thenRefused("FORBIDDEN", /Only the chair decides a tie/);
      });
    }

    it("refuses an unknown vote", () => {
      given(tied()).when(resolveTie("YES", "vote-9"), CHAIR).thenRefused("NOT_FOUND", /Vote vote-9 was not found/);
    });

    it("puts nobody out until it is decided; then the losing side drops out", () => {
      assert.deepEqual(remaining(stateOf(tied())), [KS, M, SD]);
      assert.equal(adopted(stateOf(tied())), null);
      const decidedNo = given(tied()).when(resolveTie("NO"), CHAIR).thenState();
      assert.deepEqual(remaining(decidedNo), [M, SD]);
      assert.equal(adopted(decidedNo), null, "two proposals are still in play: the main vote is to come");
    });

    it("is refused once the meeting is closed (CONFLICT)", () => {
      given([...tied(), meetingClosed()]).when(resolveTie("YES"), CHAIR).thenRefused("CONFLICT", /The meeting is closed/);
    });
  });

  const refusedStates: ReadonlyArray<{ state: string; history: () => Given[]; message: RegExp }> = [
    { state: "the vote is open", history: () => [...voteOpen(), ...ballots([2], "YES"), ...ballots([3], "NO")], message: /The vote is still open: close it first/ },
    {
      state: "the vote was decided by majority",
      history: () => run([...voteOpen(), ...ballots([2, 3], "YES")], closeVote(), CHAIR),
      message: /did not end in an undecided tie/,
    },
    {
      state: "the tie went the chair's way at close (casting vote)",
      history: () => run([...voteOpen(), ballotCast(CHAIR, "YES", "c1"), ...ballots([3], "NO")], closeVote(), CHAIR),
      message: /did not end in an undecided tie/,
    },
    { state: "the tie is already decided", history: () => [...tied(), tieResolved("YES")], message: /did not end in an undecided tie/ },
    { state: "the vote is cancelled", history: () => [...voteOpen(), ...ballots([2], "YES"), ...ballots([3], "NO"), voteCancelled()], message: /did not end in an undecided tie/ },
  ];
  for (const { state, history, message } of refusedStates) {
    describe(`when ${state}`, () => {
      it("is refused (CONFLICT)", () => {
        given(history()).when(resolveTie("YES"), CHAIR).thenRefused("CONFLICT", message);
      });
    });
  }
});

// --- Qualified majority (RULES.md 10) -----------------------------------------------------------

describe("CloseVote: TWO_THIRDS_OF_PRESENT (RULES.md 10)", () => {
  interface Case {
    readonly state: string;
    readonly absentSeats: readonly number[];
    readonly yes: number;
    readonly no?: number;
    readonly abstain?: number;
    readonly outcome: "YES" | "NO";
  }
  const cases: readonly Case[] = [
    { state: "45 present, 30 Ja, the rest silent", absentSeats: [], yes: 30, outcome: "YES" },
    { state: "45 present, 29 Ja, the rest silent", absentSeats: [], yes: 29, outcome: "NO" },
    { state: "45 present, 30 Ja, 15 Nej", absentSeats: [], yes: 30, no: 15, outcome: "YES" },
    { state: "45 present, 29 Ja, 16 Avstår (abstentions do not lower the base)", absentSeats: [], yes: 29, abstain: 16, outcome: "NO" },
    { state: "45 present, 20 Ja, 10 Nej (two thirds of the answers is not enough)", absentSeats: [], yes: 20, no: 10, outcome: "NO" },
    { state: "44 present, 29 Ja (30 needed)", absentSeats: [45], yes: 29, outcome: "NO" },
    { state: "43 present, 29 Ja (29 needed)", absentSeats: [44, 45], yes: 29, outcome: "YES" },
    { state: "23 present, 16 Ja (16 needed)", absentSeats: seatNumbers(24, 45), yes: 16, outcome: "YES" },
    { state: "23 present, 15 Ja, 0 Nej", absentSeats: seatNumbers(24, 45), yes: 15, outcome: "NO" },
  ];
  for (const c of cases) {
    describe(`when ${c.state}`, () => {
      it(`closes ${c.outcome} by majority`, () => {
        const no = c.no ?? 0;
        const abstain = c.abstain ?? 0;
        // Answers come from the lowest seats up: Ja first, then Nej, then Avstår.
        const serving = seatNumbers(1, SEATS).filter((seat) => !c.absentSeats.includes(seat));
        const history = run(onItem({ absentSeats: c.absentSeats }), openVote({ majority: "TWO_THIRDS_OF_PRESENT" }), CHAIR);
        assert.equal(voteIn(stateOf(history)).present, serving.length, "the base is the seats served at open");
        const answers = [
          ...ballots(serving.slice(0, c.yes), "YES"),
          ...ballots(serving.slice(c.yes, c.yes + no), "NO"),
          ...ballots(serving.slice(c.yes + no, c.yes + no + abstain), "ABSTAIN"),
        ];
        given([...history, ...answers])
          .when(closeVote(), CHAIR)
          .then([
            {
              type: "VoteClosed",
              data: {
                meetingId: MEETING,
                voteId: VOTE,
                result: { outcome: c.outcome, decidedBy: "MAJORITY", yes: c.yes, no, abstain, absent: serving.length - c.yes - no - abstain },
              },
            },
          ]);
      });
    });
  }

  describe("when fewer are eligible than are present (Vote.present 45, 43 eligible)", () => {
    it("the base is the seats served at open, not the eligible list: 29 Ja is NO", () => {
      const eligible = callOrder().filter((id) => id !== member(44) && id !== member(45));
      given([...onItem(), voteOpened({ majority: "TWO_THIRDS_OF_PRESENT", eligible, present: 45 }), ...ballots(seatNumbers(2, 30), "YES")])
        .when(closeVote(), CHAIR)
        .then([
          {
            type: "VoteClosed",
            data: { meetingId: MEETING, voteId: VOTE, result: { outcome: "NO", decidedBy: "MAJORITY", yes: 29, no: 0, abstain: 0, absent: 14 } },
          },
        ]);
    });
  });
});

// --- AddProposal --------------------------------------------------------------------------------

describe("AddProposal (CHAIR or CLERK)", () => {
  const added = (proposal: { id: string; label: string; text: string; proposedBy: string | null }, itemId: string = BUDGET): CouncilEvent[] => [
    { type: "ProposalAdded", data: { meetingId: MEETING, itemId, proposal } },
  ];

  describe("when an item is current", () => {
    it("a clerk adds a proposal, trimmed", () => {
      given(onItem())
        .when(addProposal({ label: "  Liberalernas yrkande ", text: "\nÄrendet återremitteras.  ", proposedBy: " Liberalerna " }), CLERK)
        .then(added({ id: "proposal-L", label: "Liberalernas yrkande", text: "Ärendet återremitteras.", proposedBy: "Liberalerna" }));
    });

    it("the chair adds one; it comes last on the item and is in play", () => {
      const state = given(onItem()).when(addProposal(), CHAIR).thenState();
      assert.deepEqual(
        itemIn(state).proposals.map((p) => p.id),
        [KS, M, SD, "proposal-L"],
      );
      assert.deepEqual(remaining(state), [KS, M, SD, "proposal-L"]);
    });

    const proposers: ReadonlyArray<{ given: string | null; recorded: string | null }> = [
      { given: null, recorded: null },
      { given: "", recorded: null },
      { given: "  \t", recorded: null },
      { given: " Centerpartiet ", recorded: "Centerpartiet" },
    ];
    for (const p of proposers) {
      it(`proposedBy ${JSON.stringify(p.given)} is recorded as ${JSON.stringify(p.recorded)}`, () => {
        given(onItem())
          .when(addProposal({ proposedBy: p.given }), CLERK)
          .then(added({ id: "proposal-L", label: "Liberalernas yrkande", text: "Ärendet återremitteras.", proposedBy: p.recorded }));
      });
    }

    const texts: ReadonlyArray<{ name: string; fields: ProposalFields; refused: RegExp | null }> = [
      { name: "a blank label", fields: { label: "  " }, refused: /A proposal needs a label/ },
      { name: "a label of 201 characters", fields: { label: "x".repeat(201) }, refused: /The label is longer than 200 characters/ },
      { name: "a label of 200 characters", fields: { label: "x".repeat(200) }, refused: null },
      { name: "an empty text", fields: { text: "" }, refused: /A proposal needs a text/ },
      { name: "a blank text", fields: { text: "\n\t " }, refused: /A proposal needs a text/ },
      { name: "a text of 20001 characters", fields: { text: "x".repeat(20_001) }, refused: /The proposal's text is longer than 20000 characters/ },
      { name: "a text of 20000 characters", fields: { text: ` ${"x".repeat(20_000)} ` }, refused: null },
    ];
    for (const { name, fields, refused } of texts) {
      it(`${name} is ${refused ? "BAD_INPUT" : "accepted"}`, () => {
        const when = given(onItem()).when(addProposal(fields), CLERK);
        if (refused) when.thenRefused("BAD_INPUT", refused);
        else assert.equal(itemIn(when.thenState()).proposals.length, 4);
      });
    }

    for (const actor of [member(2), "observer", "admin", "sub-S-1"]) {
      it(`is refused to ${actor}`, () => {
        given(onItem()).when(addProposal(), actor).thenRefused("FORBIDDEN", /Only the chair or a clerk adds a proposal/);
      });
    }

    it("refuses an unknown item", () => {
      given(onItem()).when(addProposal({ itemId: `${MEETING}-99` }), CLERK).thenRefused("NOT_FOUND", /Agenda item kf-2026-12-14-99 was not found/);
    });

    it("refuses a proposal id already on the item", () => {
      given(onItem()).when(addProposal({ proposalId: SD }), CLERK).thenRefused("CONFLICT", /Proposal kf-2026-12-14-2-c already exists/);
    });
  });

  describe("when a vote on the item is open", () => {
    it("is refused: proposals do not change during a vote", () => {
      given(voteOpen()).when(addProposal(), CLERK).thenRefused("CONFLICT", /A vote on this item is open: proposals cannot change during it/);
    });

    it("a proposal on another item is accepted", () => {
      given(voteOpen())
        .when(addProposal({ itemId: TAX, proposalId: "tax-L" }), CLERK)
        .then(added({ id: "tax-L", label: "Liberalernas yrkande", text: "Ärendet återremitteras.", proposedBy: "Liberalerna" }, TAX));
    });
  });

  describe("when a vote on the item is closed", () => {
    it("a proposal is added and is in play for the next round", () => {
      const state = given([...voteOpen(), voteClosed("YES")]).when(addProposal(), CHAIR).thenState();
      assert.deepEqual(remaining(state), [KS, SD, "proposal-L"]);
    });
  });

  describe("when the item is decided", () => {
    it("is refused", () => {
      given([...onItem(), decisionRecorded()]).when(addProposal(), CLERK).thenRefused("CONFLICT", /Item §2 is already decided/);
    });
  });

  describe("when the meeting is closed", () => {
    it("is refused", () => {
      given([...onItem(), meetingClosed()]).when(addProposal(), CLERK).thenRefused("CONFLICT", /The meeting is closed/);
    });
  });
});

// --- Contra-proposition (RULES.md 13) -----------------------------------------------------------

describe("contra-proposition voting (RULES.md 13)", () => {
  const ROUND1 = "vote-round-1";
  const ROUND2 = "vote-round-2";

  /** Round 1: Moderaternas förslag (Ja) against Sverigedemokraternas (Nej). M, C, KD, L Ja; SD Nej; S, V, MP abstain. */
  const round1Choice = (seat: number): Choice => {
    const party = partyOf(seat);
    if (party === "SD") return "NO";
    return ["M", "C", "KD", "L"].includes(party) ? "YES" : "ABSTAIN";
  };
  /** Round 2, the main vote: Kommunstyrelsens förslag (Ja) against the counter-proposal (Nej). S, V, MP, C Ja; SD abstains. */
  const round2Choice = (seat: number): Choice => {
    const party = partyOf(seat);
    if (party === "SD") return "ABSTAIN";
    return ["S", "V", "MP", "C"].includes(party) ? "YES" : "NO";
  };

  /** Every seat answers through CastBallot, from its own device. */
  function everyoneAnswers(history: readonly Given[], voteId: string, choiceOf: (seat: number) => Choice): Given[] {
    return seatNumbers(1, SEATS).reduce<Given[]>(
      (h, seat) => run(h, castBallot(choiceOf(seat), `${voteId}-${seat}`, voteId), member(seat)),
      [...history],
    );
  }

  function round1Open(): Given[] {
    return run(
      onItem(),
      openVote({ voteId: ROUND1, yesProposalId: M, noProposalId: SD, question: "Ja för Moderaternas förslag, nej för Sverigedemokraternas förslag" }),
      CHAIR,
    );
  }

  function round1Closed(): Given[] {
    return run(everyoneAnswers(round1Open(), ROUND1, round1Choice), closeVote(ROUND1), CHAIR);
  }

  function round2Closed(): Given[] {
    const open = run(
      round1Closed(),
      openVote({ voteId: ROUND2, yesProposalId: KS, noProposalId: M, question: "Ja för kommunstyrelsens förslag, nej för Moderaternas förslag" }),
      CHAIR,
    );
    return run(everyoneAnswers(open, ROUND2, round2Choice), closeVote(ROUND2), CHAIR);
  }

  describe("when three proposals are on the item and no vote is held", () => {
    it("all three are in play and none is adopted", () => {
      const state = stateOf(onItem());
      assert.deepEqual(remaining(state), [KS, M, SD]);
      assert.equal(adopted(state), null);
    });

    it("round 1 puts two of the others against each other", () => {
      const state = stateOf(round1Open());
      const vote = voteIn(state, ROUND1);
      assert.equal(vote.round, 1);
      assert.deepEqual([vote.yesProposalId, vote.noProposalId], [M, SD]);
      assert.deepEqual(remaining(state), [KS, M, SD], "an open round puts nobody out");
    });
  });

  describe("when round 1 is closed", () => {
    it("Ja won (M, C, KD, L 20 against SD 7): the Nej side drops out", () => {
      const history = round1Closed();
      assert.deepEqual(lastResult(history), result("YES", "MAJORITY", { yes: 20, no: 7, abstain: 18 }));
      assert.deepEqual(remaining(stateOf(history)), [KS, M]);
    });

    it("the proposal that lost cannot be put again (CONFLICT)", () => {
      given(round1Closed())
        .when(openVote({ voteId: ROUND2, yesProposalId: KS, noProposalId: SD }), CHAIR)
        .thenRefused("CONFLICT", /"Sverigedemokraternas förslag" lost an earlier round and is out of play/);
      given(round1Closed())
        .when(openVote({ voteId: ROUND2, yesProposalId: SD, noProposalId: null }), CHAIR)
        .thenRefused("CONFLICT", /lost an earlier round and is out of play/);
    });

    it("the main vote is round 2: the main proposal (Ja) against the counter-proposal (Nej)", () => {
      const state = given(round1Closed()).when(openVote({ voteId: ROUND2, yesProposalId: KS, noProposalId: M }), CHAIR).thenState();
      const vote = voteIn(state, ROUND2);
      assert.equal(vote.round, 2);
      assert.deepEqual([vote.yesProposalId, vote.noProposalId], [KS, M]);
    });

    it("no proposal is adopted yet: the main vote is still to come", () => {
      assert.equal(adopted(stateOf(round1Closed())), null);
    });
  });

  describe("when the main vote is closed", () => {
    it("Ja won (S, V, MP, C 22 against M, KD, L 16): only the main proposal is left, and it is adopted", () => {
      const history = round2Closed();
      assert.deepEqual(lastResult(history), result("YES", "MAJORITY", { yes: 22, no: 16, abstain: 7 }));
      const state = stateOf(history);
      assert.deepEqual(remaining(state), [KS]);
      assert.equal(adopted(state), KS);
    });

    it("every round is a vote on the item, in order", () => {
      const state = stateOf(round2Closed());
      assert.deepEqual(itemIn(state).voteIds, [ROUND1, ROUND2]);
      assert.deepEqual(
        votesOf(state, itemIn(state)).map((v) => [v.round, v.status, v.yesProposalId, v.noProposalId]),
        [
          [1, "CLOSED", M, SD],
          [2, "CLOSED", KS, M],
        ],
      );
    });

    it("the decision is recorded", () => {
      given(round2Closed())
        .when({ type: "RecordDecision", data: { itemId: BUDGET, text: "Bifall till kommunstyrelsens förslag." } }, CLERK)
        .then([{ type: "DecisionRecorded", data: { meetingId: MEETING, itemId: BUDGET, text: "Bifall till kommunstyrelsens förslag." } }]);
    });
  });

  describe("when round 1 ends in a tie", () => {
    it("nobody drops out until the chair decides it; the side the chair names stays", () => {
      const tied = run(
        [...round1Open(), ...ballots([13], "YES", ROUND1), ...ballots([23], "NO", ROUND1), ballotCast(CHAIR, "ABSTAIN", "c", CHAIR, ROUND1)],
        closeVote(ROUND1),
        CHAIR,
      );
      assert.equal(lastResult(tied)?.outcome, "TIE");
      assert.deepEqual(remaining(stateOf(tied)), [KS, M, SD]);
      // The next round waits for the chair's decision (RULES.md 11), and so does the item's decision.
      given(tied)
        .when(openVote({ voteId: ROUND2, yesProposalId: M, noProposalId: SD }), CHAIR)
        .thenRefused("CONFLICT", /ended in a tie the chair has not decided yet/);
      given(tied)
        .when({ type: "RecordDecision", data: { itemId: BUDGET, text: "Bifall." } }, CLERK)
        .thenRefused("CONFLICT", /ended in a tie the chair has not decided yet/);
      const resolved = run(tied, resolveTie("NO", ROUND1), CHAIR);
      assert.deepEqual(remaining(stateOf(resolved)), [KS, SD]);
      given(resolved)
        .when(openVote({ voteId: ROUND2, yesProposalId: KS, noProposalId: M }), CHAIR)
        .thenRefused("CONFLICT", /"Moderaternas förslag" lost an earlier round/);
    });
  });

  describe("remainingProposals and adoptedProposal, by the item's votes", () => {
    interface Case {
      readonly state: string;
      readonly votes: readonly Given[];
      readonly remaining: readonly string[];
      readonly adopted: string | null;
    }
    const round1 = (outcome: Outcome | null): Given[] => [
      voteOpened({ voteId: "r1", yesProposalId: M, noProposalId: SD }),
      ...(outcome === null ? [] : [voteClosed(outcome, "r1")]),
    ];
    const main = (yes: string, no: string, outcome: Outcome): Given[] => [
      voteOpened({ voteId: "r2", round: 2, yesProposalId: yes, noProposalId: no }),
      voteClosed(outcome, "r2"),
    ];
    const cases: readonly Case[] = [
      { state: "no vote is held", votes: [], remaining: [KS, M, SD], adopted: null },
      { state: "round 1 is open", votes: round1(null), remaining: [KS, M, SD], adopted: null },
      { state: "round 1 closed YES", votes: round1("YES"), remaining: [KS, M], adopted: null },
      { state: "round 1 closed NO", votes: round1("NO"), remaining: [KS, SD], adopted: null },
      { state: "round 1 closed TIE", votes: round1("TIE"), remaining: [KS, M, SD], adopted: null },
      { state: "round 1 TIE decided YES", votes: [...round1("TIE"), tieResolved("YES", "r1")], remaining: [KS, M], adopted: null },
      { state: "round 1 TIE decided NO", votes: [...round1("TIE"), tieResolved("NO", "r1")], remaining: [KS, SD], adopted: null },
      { state: "round 1 cancelled", votes: [...round1(null), voteCancelled("r1")], remaining: [KS, M, SD], adopted: null },
      {
        state: "a vote with no Nej proposal closed NO (the Ja proposal falls)",
        votes: [voteOpened({ voteId: "r1", yesProposalId: SD, noProposalId: null }), voteClosed("NO", "r1")],
        remaining: [KS, M],
        adopted: null,
      },
      { state: "round 1 YES, main vote YES", votes: [...round1("YES"), ...main(KS, M, "YES")], remaining: [KS], adopted: KS },
      { state: "round 1 YES, main vote NO", votes: [...round1("YES"), ...main(KS, M, "NO")], remaining: [M], adopted: M },
      { state: "round 1 NO, main vote NO", votes: [...round1("NO"), ...main(KS, SD, "NO")], remaining: [SD], adopted: SD },
      { state: "round 1 YES, main vote TIE", votes: [...round1("YES"), ...main(KS, M, "TIE")], remaining: [KS, M], adopted: null },
      {
        state: "round 1 YES, main vote TIE decided NO",
        votes: [...round1("YES"), ...main(KS, M, "TIE"), tieResolved("NO", "r2")],
        remaining: [M],
        adopted: M,
      },
    ];
    for (const c of cases) {
      it(`when ${c.state}: ${c.remaining.map((id) => id.slice(-1)).join(", ")} in play, ${c.adopted === null ? "none" : c.adopted.slice(-1)} adopted`, () => {
        const state = stateOf([...onItem(), ...c.votes]);
        assert.deepEqual(remaining(state), c.remaining);
        assert.equal(adopted(state), c.adopted);
      });
    }

    /** Two proposals on the tax item: the one vote is the main vote. */
    const taxVote = (...after: Given[]): Given[] => [
      ...onItem({ itemId: TAX }),
      voteOpened({ voteId: "t1", itemId: TAX, yesProposalId: `${TAX}-a`, noProposalId: `${TAX}-b` }),
      ...after,
    ];
    const adoptedCases: ReadonlyArray<{ state: string; history: Given[]; adopted: string | null }> = [
      { state: "the vote is open", history: taxVote(), adopted: null },
      { state: "the vote closed YES", history: taxVote(voteClosed("YES", "t1")), adopted: `${TAX}-a` },
      { state: "the vote closed NO", history: taxVote(voteClosed("NO", "t1")), adopted: `${TAX}-b` },
      { state: "the vote closed TIE", history: taxVote(voteClosed("TIE", "t1")), adopted: null },
      { state: "the TIE was decided NO", history: taxVote(voteClosed("TIE", "t1"), tieResolved("NO", "t1")), adopted: `${TAX}-b` },
      { state: "the vote was cancelled", history: taxVote(voteCancelled("t1")), adopted: null },
      {
        state: "a cancelled vote, then a vote closed YES",
        history: taxVote(
          voteCancelled("t1"),
          voteOpened({ voteId: "t2", itemId: TAX, round: 2, yesProposalId: `${TAX}-a`, noProposalId: `${TAX}-b` }),
          voteClosed("YES", "t2"),
        ),
        adopted: `${TAX}-a`,
      },
    ];
    for (const c of adoptedCases) {
      it(`with two proposals, when ${c.state}: adopted ${c.adopted ?? "none"}`, () => {
        assert.equal(adopted(stateOf(c.history), TAX), c.adopted);
      });
    }
  });
});

// --- Roll-call (RULES.md 9) ---------------------------------------------------------------------

describe("roll-call vote (RULES.md 9)", () => {
  /** On the budget, a roll-call vote opened by the chair. */
  const rollCallOpen = (setup: Setup = {}): Given[] => run(onItem(setup), openVote({ method: "ROLL_CALL" }), CHAIR);

  /** Answers recorded by the clerk, in this order (a seat may answer twice: a changed answer). */
  const answered = (history: readonly Given[], seats: readonly number[]): Given[] => [
    ...history,
    ...seats.map((seat, i) => ballotCast(member(seat), "YES", `roll-${i}`, CLERK)),
  ];

  const allBut = (...left: number[]): number[] => seatNumbers(2, SEATS).filter((seat) => !left.includes(seat));

  describe("when the vote opens", () => {
    it("the call order is seat order, absentees left out, a substitute in the seat's place, the chair last", () => {
      const history = [...opened(), ...rollCall([3, 5]), substituteAssigned(5, "sub-S-1"), currentItemSet(BUDGET)];
      const vote = voteIn(given(history).when(openVote({ method: "ROLL_CALL" }), CHAIR).thenState());
      assert.equal(vote.method, "ROLL_CALL");
      assert.deepEqual(vote.eligible, [member(2), member(4), "sub-S-1", ...seatNumbers(6, SEATS).map(member), CHAIR]);
      assert.equal(nextToAnswer(vote), member(2));
    });
  });

  describe("nextToAnswer", () => {
    interface Case {
      readonly state: string;
      readonly history: () => Given[];
      readonly next: string | null;
    }
    const cases: readonly Case[] = [
      { state: "nobody has answered", history: () => rollCallOpen(), next: member(2) },
      { state: "seat 2 has answered", history: () => answered(rollCallOpen(), [2]), next: member(3) },
      { state: "seat 4 was not ready (2, 3, 5 answered)", history: () => answered(rollCallOpen(), [2, 3, 5]), next: member(6) },
      { state: "everyone but seat 4 and the chair has answered", history: () => answered(rollCallOpen(), allBut(4)), next: member(4) },
      { state: "seat 4 answered at the end", history: () => answered(rollCallOpen(), [...allBut(4), 4]), next: CHAIR },
      { state: "everyone but the chair has answered", history: () => answered(rollCallOpen(), allBut()), next: CHAIR },
      { state: "everyone has answered", history: () => answered(rollCallOpen(), [...allBut(), 1]), next: null },
      { state: "seat 10 answered out of turn after seat 2", history: () => answered(rollCallOpen(), [2, 10]), next: member(11) },
      { state: "seats 40-45 answered out of turn after 2-5", history: () => answered(rollCallOpen(), [2, 3, 4, 5, 40, 41, 42, 43, 44, 45]), next: member(6) },
      { state: "seat 3 changed the answer after 2-5 answered", history: () => answered(rollCallOpen(), [2, 3, 4, 5, 3]), next: member(6) },
      { state: "the chair answered first", history: () => answered(rollCallOpen(), [1]), next: member(2) },
      { state: "the chair answered first, everyone since", history: () => answered(rollCallOpen(), [1, ...allBut()]), next: null },
      { state: "seats 2 and 3 are absent", history: () => rollCallOpen({ absentSeats: [2, 3] }), next: member(4) },
      { state: "the vote is closed with seats unanswered", history: () => run(answered(rollCallOpen(), [2]), closeVote(), CHAIR), next: null },
      { state: "the vote is cancelled with seats unanswered", history: () => [...answered(rollCallOpen(), [2]), voteCancelled()], next: null },
    ];
    for (const c of cases) {
      it(`when ${c.state}: ${c.next ?? "nobody"}`, () => {
        assert.equal(nextToAnswer(voteIn(stateOf(c.history()))), c.next);
      });
    }

    describe("when a substitute serves in the chair's seat (no chair in the vote)", () => {
      const open = (): Given[] =>
        run([...opened(), ...rollCall([1]), substituteAssigned(1, "sub-S-1"), currentItemSet(BUDGET)], openVote({ method: "ROLL_CALL" }), CHAIR);

      const subCases: readonly Case[] = [
        { state: "nobody has answered", history: open, next: "sub-S-1" },
        { state: "the substitute was not ready", history: () => answered(open(), allBut()), next: "sub-S-1" },
        { state: "seat 45 answered last", history: () => [...open(), ballotCast("sub-S-1", "NO", "s", CLERK), ...answered([], allBut())], next: null },
      ];
      for (const c of subCases) {
        it(`when ${c.state}: ${c.next ?? "nobody"}`, () => {
          assert.equal(nextToAnswer(voteIn(stateOf(c.history()))), c.next);
        });
      }
    });
  });

  describe("when the clerk is calling seat 2", () => {
    it("an answer out of turn is accepted, recorded by the clerk", () => {
      given(rollCallOpen())
        .when(recordBallot(member(30), "NO", "roll-30"), CLERK)
        .then([
          {
            type: "BallotCast",
            data: { meetingId: MEETING, voteId: VOTE, memberId: member(30), choice: "NO", source: "CLERK", idempotencyKey: "roll-30" },
          },
        ]);
    });

    it("an answer out of turn from a member's device is accepted", () => {
      given(rollCallOpen())
        .when(castBallot("ABSTAIN", "d-30"), member(30))
        .then([
          {
            type: "BallotCast",
            data: { meetingId: MEETING, voteId: VOTE, memberId: member(30), choice: "ABSTAIN", source: "DEVICE", idempotencyKey: "d-30" },
          },
        ]);
    });

    it("the chair's own answer before everyone else is accepted", () => {
      const vote = voteIn(given(rollCallOpen()).when(recordBallot(CHAIR, "YES", "roll-chair"), CLERK).thenState());
      assert.equal(vote.ballots.get(CHAIR)?.choice, "YES");
    });
  });
});

// --- Changed answers (RULES.md 12) --------------------------------------------------------------

describe("changing an answer (RULES.md 12)", () => {
  describe("when the assembly allows it (the default)", () => {
    it("the assembly's settings are the defaults", () => {
      const assembly = stateOf(registered()).assemblies.get("kf");
      assert.deepEqual(assembly?.settings, DEFAULT_SETTINGS);
      assert.deepEqual(DEFAULT_SETTINGS, { noReturnAfterLeaving: true, answerChangeWhileOpen: true });
    });

    const changes: ReadonlyArray<{ first: "device" | "clerk"; second: "device" | "clerk" }> = [
      { first: "device", second: "device" },
      { first: "device", second: "clerk" },
      { first: "clerk", second: "device" },
      { first: "clerk", second: "clerk" },
    ];
    for (const { first, second } of changes) {
      it(`a ${first} answer changed by ${second === "device" ? "the member" : "the clerk"}: the last answer counts`, () => {
        const history = [...voteOpen(), ballotCast(member(2), "YES", "first", first === "device" ? member(2) : CLERK)];
        const command = second === "device" ? castBallot("NO", "second") : recordBallot(member(2), "NO", "second");
        const actor = second === "device" ? member(2) : CLERK;
        given(history)
          .when(command, actor)
          .then([
            {
              type: "BallotCast",
              data: {
                meetingId: MEETING,
                voteId: VOTE,
                memberId: member(2),
                choice: "NO",
                source: second === "device" ? "DEVICE" : "CLERK",
                idempotencyKey: "second",
              },
            },
          ]);
        const vote = voteIn(given(history).when(command, actor).thenState());
        assert.equal(vote.ballots.get(member(2))?.choice, "NO");
        assert.equal(vote.ballots.get(member(2))?.recordedBy, actor);
        assert.deepEqual(vote.counts, { yes: 0, no: 1, abstain: 0 });
      });
    }

    it("every answer stays in the history and the result counts only the last", () => {
      const history = [...voteOpen(), ballotCast(member(2), "YES", "a"), ballotCast(member(2), "ABSTAIN", "b"), ballotCast(member(2), "NO", "c")];
      const answers = history.flatMap((g) => {
        const event = "event" in g ? g.event : g;
        return event.type === "BallotCast" ? [event.data.choice] : [];
      });
      assert.deepEqual(answers, ["YES", "ABSTAIN", "NO"]);
      given(history)
        .when(closeVote(), CHAIR)
        .then([{ type: "VoteClosed", data: { meetingId: MEETING, voteId: VOTE, result: result("NO", "MAJORITY", { no: 1 }) } }]);
    });
  });

  describe("when the assembly does not allow it (answerChangeWhileOpen: false)", () => {
    const noChange = (...after: Given[]): Given[] => [...voteOpen({ settings: NO_CHANGE }), ...after];

    it("the assembly's settings are as registered", () => {
      assert.deepEqual(stateOf(registered(NO_CHANGE)).assemblies.get("kf")?.settings, NO_CHANGE);
    });

    it("a first answer from the device is accepted", () => {
      given(noChange())
        .when(castBallot("YES", "k1"), member(2))
        .then([
          { type: "BallotCast", data: { meetingId: MEETING, voteId: VOTE, memberId: member(2), choice: "YES", source: "DEVICE", idempotencyKey: "k1" } },
        ]);
    });

    it("a first answer recorded by the clerk is accepted", () => {
      given(noChange())
        .when(recordBallot(member(2), "YES", "k1"), CLERK)
        .then([
          { type: "BallotCast", data: { meetingId: MEETING, voteId: VOTE, memberId: member(2), choice: "YES", source: "CLERK", idempotencyKey: "k1" } },
        ]);
    });

    const second: ReadonlyArray<{ name: string; first: Given; command: CouncilCommand; actor: string }> = [
      { name: "the member changes a device answer", first: ballotCast(member(2), "YES", "k1"), command: castBallot("NO", "k2"), actor: member(2) },
      { name: "the member repeats a device answer with a new key", first: ballotCast(member(2), "YES", "k1"), command: castBallot("YES", "k2"), actor: member(2) },
      {
        name: "the clerk changes a device answer",
        first: ballotCast(member(2), "YES", "k1"),
        command: recordBallot(member(2), "NO", "k2"),
        actor: CLERK,
      },
      {
        name: "the member changes an answer the clerk recorded",
        first: ballotCast(member(2), "YES", "k1", CLERK),
        command: castBallot("ABSTAIN", "k2"),
        actor: member(2),
      },
      {
        name: "another clerk changes an answer the clerk recorded",
        first: ballotCast(member(2), "YES", "k1", CLERK),
        command: recordBallot(member(2), "NO", "k1"),
        actor: "clerk-2",
      },
    ];
    for (const c of second) {
      it(`refuses a second answer: ${c.name} (CONFLICT)`, () => {
        given(noChange(c.first))
          .when(c.command, c.actor)
          .thenRefused("CONFLICT", /This assembly does not allow an answer to be changed, and this member has answered/);
      });
    }

    it("a retry of the first answer with its key appends nothing", () => {
      given(noChange(ballotCast(member(2), "YES", "k1"))).when(castBallot("YES", "k1"), member(2)).then([]);
      given(noChange(ballotCast(member(2), "YES", "k1", CLERK))).when(recordBallot(member(2), "YES", "k1"), CLERK).then([]);
    });

    it("another member still answers", () => {
      given(noChange(ballotCast(member(2), "YES", "k1")))
        .when(castBallot("NO", "k1"), member(3))
        .then([
          { type: "BallotCast", data: { meetingId: MEETING, voteId: VOTE, memberId: member(3), choice: "NO", source: "DEVICE", idempotencyKey: "k1" } },
        ]);
    });

    it("a member answers again in the next vote", () => {
      const history = [...noChange(ballotCast(member(2), "YES", "k1")), voteClosed("YES"), voteOpened({ voteId: "vote-2", round: 2, yesProposalId: KS, noProposalId: SD })];
      given(history)
        .when(castBallot("NO", "k2", "vote-2"), member(2))
        .then([
          { type: "BallotCast", data: { meetingId: MEETING, voteId: "vote-2", memberId: member(2), choice: "NO", source: "DEVICE", idempotencyKey: "k2" } },
        ]);
    });
  });
});

// --- The eligible list (RULES.md 8) -------------------------------------------------------------

describe("the eligible list is frozen when the vote opens (RULES.md 8)", () => {
  const voteOnTax = (): CouncilCommand => openVote({ voteId: "vote-tax", itemId: TAX, yesProposalId: `${TAX}-a`, noProposalId: `${TAX}-b` });

  describe("when the vote is closed and a member then leaves", () => {
    const left = (): Given[] => [...voteOpen(), ...ballots([5], "YES"), voteClosed("YES"), attendanceRecorded(member(5), false)];

    it("the closed vote keeps its list", () => {
      const vote = voteIn(stateOf(left()));
      assert.deepEqual(vote.eligible, callOrder());
      assert.equal(vote.present, SEATS);
    });

    it("a second round on the same item still lists them: the change takes effect from the next item", () => {
      const vote = voteIn(given(left()).when(openVote({ voteId: "vote-2", yesProposalId: KS, noProposalId: SD }), CHAIR).thenState(), "vote-2");
      assert.deepEqual(vote.eligible, callOrder());
    });

    it("on the next item a new vote leaves them out; the earlier vote keeps its list", () => {
      const state = given([...left(), currentItemSet(TAX)]).when(voteOnTax(), CHAIR).thenState();
      assert.deepEqual(voteIn(state, "vote-tax").eligible, callOrder([5]));
      assert.equal(voteIn(state, "vote-tax").present, 44);
      assert.deepEqual(voteIn(state).eligible, callOrder());
      assert.equal(voteIn(state).present, SEATS);
    });
  });

  describe("when a member arrives between items", () => {
    it("the vote already held does not list them; the next item's vote does", () => {
      const history = [...voteOpen({ absentSeats: [7] }), voteClosed("YES"), attendanceRecorded(member(7), true), currentItemSet(TAX)];
      const state = given(history).when(voteOnTax(), CHAIR).thenState();
      assert.deepEqual(voteIn(state).eligible, callOrder([7]));
      assert.deepEqual(voteIn(state, "vote-tax").eligible, callOrder());
    });
  });

  describe("when a substitute steps in between items", () => {
    it("the vote already held lists the holder; the next item's vote lists the substitute in the seat's place", () => {
      const history = [
        ...voteOpen(),
        voteClosed("YES"),
        attendanceRecorded(member(5), false),
        substituteAssigned(5, "sub-S-1"),
        currentItemSet(TAX),
      ];
      const state = given(history).when(voteOnTax(), CHAIR).thenState();
      assert.deepEqual(voteIn(state).eligible, callOrder());
      assert.deepEqual(voteIn(state, "vote-tax").eligible, callOrder().map((id) => (id === member(5) ? "sub-S-1" : id)));
    });
  });

  describe("when the meeting moves on with no vote open", () => {
    it("attendance recorded before the item starts counts on it at once", () => {
      const history = [...opened(), ...rollCall(), attendanceRecorded(member(9), false), currentItemSet(TAX)];
      const vote = voteIn(given(history).when(voteOnTax(), CHAIR).thenState(), "vote-tax");
      assert.deepEqual(vote.eligible, callOrder([9]));
    });
  });
});
