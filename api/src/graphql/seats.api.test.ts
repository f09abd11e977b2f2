import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ErrorCode } from "../domain/errors.js";
import { codes, dataOf, startTestServer, type TestServer } from "../testing/server.js";

/**
 * Seats, attendance, quorum and jäv (RULES.md 1-5, 8) through the real server over HTTP, as a
 * client sees them: Meeting.seats (servedBy, status, recused, nextServedBy, changePending,
 * suggestedSubstitute), Meeting.quorum, AgendaItem.recusals, Vote.eligible. Every refusal must
 * leave the ledger head and the read models as they were.
 */

const MEETING = "kf-2026-12-14";
const item = (n: number): string => `${MEETING}-${n}`;
const member = (seat: number): string => `member-${seat}`;
const ALL_SEATS = Array.from({ length: 45 }, (_, i) => i + 1);
const CHAIR = "member-1";
const CLERK = "clerk-1";
const NO_RETURN = /left the meeting after serving and does not serve again today \(the assembly's no-return rule\)\./;
const VOTE_OPEN = /A vote is open: attendance cannot change until it closes\./;

// --- What a client asks for ---------------------------------------------------------------------

const SEAT_FIELDS = `number status holder { id } servedBy { id } recused { id } nextServedBy { id } changePending
  suggestedSubstitute { id party substituteRank }`;
const MEETING_FIELDS = `currentItem { id } quorum { required present met } seats { ${SEAT_FIELDS} }`;

interface Ref {
  readonly id: string;
}
interface SeatView {
  readonly number: number;
  readonly status: "PRESENT" | "ABSENT";
  readonly holder: Ref;
  readonly servedBy: Ref | null;
  readonly recused: Ref | null;
  readonly nextServedBy: Ref | null;
  readonly changePending: boolean;
  readonly suggestedSubstitute: { readonly id: string; readonly party: string; readonly substituteRank: number | null } | null;
}
interface Quorum {
  readonly required: number;
  readonly present: number;
  readonly met: boolean;
}
interface MeetingView {
  readonly currentItem: Ref | null;
  readonly quorum: Quorum;
  readonly seats: readonly SeatView[];
}
interface VoteView {
  readonly id: string;
  readonly status: string;
  readonly eligible: readonly Ref[];
}

const OPEN_MEETING = `mutation($m: ID!) { openMeeting(meetingId: $m) { id } }`;
const SET_ATTENDANCE = `mutation($m: ID!, $id: ID!, $p: Boolean!) { setAttendance(meetingId: $m, memberId: $id, present: $p) { ${MEETING_FIELDS} } }`;
const ASSIGN_SUBSTITUTE = `mutation($m: ID!, $s: Int!, $id: ID) { assignSubstitute(meetingId: $m, seat: $s, substituteId: $id) { ${MEETING_FIELDS} } }`;
const SET_CURRENT_ITEM = `mutation($m: ID!, $i: ID!) { setCurrentItem(meetingId: $m, itemId: $i) { ${MEETING_FIELDS} } }`;
const DECLARE_RECUSAL = `mutation($i: ID!, $id: ID!) { declareRecusal(itemId: $i, memberId: $id) { id recusals { id } } }`;
const OPEN_VOTE = `mutation($in: OpenVoteInput!) { openVote(input: $in) { id status eligible { id } } }`;
const CAST_BALLOT = `mutation($v: ID!, $k: String!) { castBallot(voteId: $v, choice: YES, idempotencyKey: $k) { member { id } choice } }`;
const CLOSE_VOTE = `mutation($v: ID!) { closeVote(voteId: $v) { id status } }`;
const RECORD_DECISION = `mutation($i: ID!, $t: String!) { recordDecision(itemId: $i, text: $t) { id } }`;
const CLOSE_MEETING = `mutation($m: ID!) { closeMeeting(meetingId: $m) { id } }`;
const MEETING_QUERY = `query($m: ID!) { meeting(id: $m) { ${MEETING_FIELDS} } }`;
const RECUSALS_QUERY = `query($m: ID!) { meeting(id: $m) { agenda { id recusals { id } } } }`;
const SETTINGS_QUERY = `query($m: ID!) { meeting(id: $m) { assembly { settings { noReturnAfterLeaving answerChangeWhileOpen } } } }`;
const SNAPSHOT = `query($m: ID!) { meeting(id: $m) {
  status ${MEETING_FIELDS}
  agenda { id status decision recusals { id } votes { id status eligible { id } tally { yes no abstain notVoted eligible } } }
} }`;

// --- Talking to the server ----------------------------------------------------------------------

interface Head {
  readonly seq: number;
  readonly hash: string;
}

/** A copy of the ledger head now. */
function head(api: TestServer): Head {
  const { seq, hash } = api.server.council.head;
  return { seq, hash };
}

/** Sends a mutation that must succeed and append to the ledger; returns its data. */
async function succeed<T>(api: TestServer, as: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const before = head(api);
  const data = dataOf(await api.gql<T>(as, query, variables));
  assert.ok(head(api).seq > before.seq, "the mutation appended to the ledger");
  return data;
}

/** Sends a mutation that must be refused with `code` and `message`, and change nothing. */
async function refuse(api: TestServer, as: string, query: string, variables: Record<string, unknown>, code: ErrorCode, message: RegExp): Promise<void> {
  const headBefore = head(api);
  const stateBefore = dataOf(await api.gql(CHAIR, SNAPSHOT, { m: MEETING }));
  const res = await api.gql(as, query, variables);
  assert.deepEqual(codes(res), [code], JSON.stringify(res.errors));
  assert.match(res.errors[0]?.message ?? "", message);
  assert.deepEqual(head(api), headBefore, "a refusal appends nothing to the ledger");
  assert.deepEqual(dataOf(await api.gql(CHAIR, SNAPSHOT, { m: MEETING })), stateBefore, "a refusal changes no read model");
}

async function meetingNow(api: TestServer, as: string = "observer"): Promise<MeetingView> {
  const { meeting } = dataOf(await api.gql<{ meeting: MeetingView | null }>(as, MEETING_QUERY, { m: MEETING }));
  assert.ok(meeting, "the meeting exists");
  return meeting;
}

async function recusalsOf(api: TestServer): Promise<Map<string, string[]>> {
  const { meeting } = dataOf(await api.gql<{ meeting: { agenda: { id: string; recusals: Ref[] }[] } | null }>("observer", RECUSALS_QUERY, { m: MEETING }));
  assert.ok(meeting);
  return new Map(meeting.agenda.map((i) => [i.id, i.recusals.map((r) => r.id)]));
}

function seatIn(meeting: MeetingView, number: number): SeatView {
  const seat = meeting.seats.find((s) => s.number === number);
  assert.ok(seat, `seat ${number} exists`);
  return seat;
}

const idOf = (ref: Ref | null): string | null => ref?.id ?? null;

/** What a client sees of one seat, in short. */
function seatSummary(meeting: MeetingView, number: number) {
  const s = seatIn(meeting, number);
  return {
    status: s.status,
    servedBy: idOf(s.servedBy),
    recused: idOf(s.recused),
    nextServedBy: idOf(s.nextServedBy),
    changePending: s.changePending,
    suggested: idOf(s.suggestedSubstitute),
  };
}

const setAttendanceVars = (memberId: string, present: boolean) => ({ m: MEETING, id: memberId, p: present });
const assignVars = (seat: number, substituteId: string | null) => ({ m: MEETING, s: seat, id: substituteId });

async function setAttendance(api: TestServer, memberId: string, present: boolean): Promise<MeetingView> {
  return (await succeed<{ setAttendance: MeetingView }>(api, CLERK, SET_ATTENDANCE, setAttendanceVars(memberId, present))).setAttendance;
}

async function assignSubstitute(api: TestServer, seat: number, substituteId: string | null): Promise<MeetingView> {
  return (await succeed<{ assignSubstitute: MeetingView }>(api, CLERK, ASSIGN_SUBSTITUTE, assignVars(seat, substituteId))).assignSubstitute;
}

async function setCurrentItem(api: TestServer, itemId: string): Promise<MeetingView> {
  return (await succeed<{ setCurrentItem: MeetingView }>(api, CHAIR, SET_CURRENT_ITEM, { m: MEETING, i: itemId })).setCurrentItem;
}

async function declareRecusal(api: TestServer, itemId: string, memberId: string): Promise<string[]> {
  const { declareRecusal: agendaItem } = await succeed<{ declareRecusal: { recusals: Ref[] } }>(api, CLERK, DECLARE_RECUSAL, { i: itemId, id: memberId });
  return agendaItem.recusals.map((r) => r.id);
}

const openVoteVars = (itemId: string) => ({
  in: {
    itemId,
    method: "ELECTRONIC",
    question: "Ja för kommunstyrelsens förslag, nej för yrkandet",
    yesProposalId: `${itemId}-a`,
    noProposalId: `${itemId}-b`,
  },
});

async function openVote(api: TestServer, itemId: string): Promise<VoteView> {
  return (await succeed<{ openVote: VoteView }>(api, CHAIR, OPEN_VOTE, openVoteVars(itemId))).openVote;
}

/** Closes the vote after member-2 answers Ja: decided, not a tie waiting for the chair (RULES.md 11). */
async function closeVote(api: TestServer, voteId: string): Promise<void> {
  await succeed(api, member(2), CAST_BALLOT, { v: voteId, k: `${voteId}-member-2` });
  await succeed(api, CHAIR, CLOSE_VOTE, { v: voteId });
}

/** Opens the meeting and calls the roll: every holder present except `absentSeats`, recorded absent. */
async function openWithRollCall(api: TestServer, absentSeats: readonly number[]): Promise<void> {
  await succeed(api, CHAIR, OPEN_MEETING, { m: MEETING });
  await Promise.all(ALL_SEATS.map((seat) => succeed(api, CLERK, SET_ATTENDANCE, setAttendanceVars(member(seat), !absentSeats.includes(seat)))));
}

/** Member ids in call order (seat order, the chair last) for who serves in each seat. */
function callOrder(servedBy: (seat: number) => string | null): string[] {
  const ids = ALL_SEATS.map(servedBy).filter((id): id is string => id !== null);
  return ids.includes(CHAIR) ? [...ids.filter((id) => id !== CHAIR), CHAIR] : ids;
}

// ================================================================================================

describe("a meeting with absences, substitutes by suggestion and jäv, held through the API", () => {
  let api: TestServer;
  let budgetVote: VoteView;
  const BUDGET = item(2);
  const TAX = item(3);
  const ABSENT = [5, 6, 15];
  /** Who serves on the budget item: substitutes for the absent, sub-S-3 for member-7 (jäv). */
  const onBudget = new Map<number, string>([
    [5, "sub-S-1"],
    [6, "sub-S-2"],
    [7, "sub-S-3"],
    [15, "sub-M-1"],
  ]);

  before(async () => {
    api = await startTestServer();
  });
  after(async () => {
    await api.dispose();
  });

  it("calls the roll with three absences: each empty seat is offered its party's substitute of rank 1", async () => {
    await openWithRollCall(api, ABSENT);
    const meeting = await meetingNow(api);
    assert.deepEqual(meeting.quorum, { required: 23, present: 42, met: true });
    assert.deepEqual(seatSummary(meeting, 5), { status: "ABSENT", servedBy: null, recused: null, nextServedBy: null, changePending: false, suggested: "sub-S-1" });
    assert.deepEqual(seatIn(meeting, 5).suggestedSubstitute, { id: "sub-S-1", party: "S", substituteRank: 1 });
    assert.deepEqual(seatIn(meeting, 15).suggestedSubstitute, { id: "sub-M-1", party: "M", substituteRank: 1 });
    assert.equal(seatIn(meeting, 7).suggestedSubstitute, null, "a seat that will be served is offered nobody");
  });

  it("the clerk confirms each suggestion; the next S seat is then offered sub-S-2", async () => {
    const first = await meetingNow(api);
    const afterFirst = await assignSubstitute(api, 5, idOf(seatIn(first, 5).suggestedSubstitute));
    assert.deepEqual(seatSummary(afterFirst, 5), { status: "PRESENT", servedBy: "sub-S-1", recused: null, nextServedBy: "sub-S-1", changePending: false, suggested: null });
    assert.equal(idOf(seatIn(afterFirst, 6).suggestedSubstitute), "sub-S-2");

    const afterSecond = await assignSubstitute(api, 6, idOf(seatIn(afterFirst, 6).suggestedSubstitute));
    const afterThird = await assignSubstitute(api, 15, idOf(seatIn(afterSecond, 15).suggestedSubstitute));
    assert.equal(idOf(seatIn(afterThird, 6).servedBy), "sub-S-2");
    assert.equal(idOf(seatIn(afterThird, 15).servedBy), "sub-M-1");
    assert.deepEqual(afterThird.quorum, { required: 23, present: 45, met: true });
    assert.deepEqual(afterThird.seats.filter((s) => s.suggestedSubstitute !== null), [], "every seat is served: nothing to suggest");
  });

  it("a substitute recorded present waits in reserve, and jäv is declared on the budget item before it is taken up", async () => {
    const reserve = await setAttendance(api, "sub-S-3", true);
    assert.ok(!reserve.seats.some((s) => idOf(s.servedBy) === "sub-S-3"), "a present substitute does not take a seat by themselves");
    assert.deepEqual(reserve.quorum, { required: 23, present: 45, met: true });

    assert.deepEqual(await declareRecusal(api, BUDGET, member(7)), [member(7)]);
    const recusals = await recusalsOf(api);
    assert.deepEqual(recusals.get(BUDGET), [member(7)]);
    assert.deepEqual(recusals.get(TAX), []);
    assert.equal(idOf(seatIn(await meetingNow(api), 7).servedBy), member(7), "no item is current: member-7 still serves");
  });

  it("on the budget item the present substitute serves in member-7's seat, and the seat shows member-7 as recused", async () => {
    const meeting = await setCurrentItem(api, BUDGET);
    assert.deepEqual(seatSummary(meeting, 7), {
      status: "PRESENT",
      servedBy: "sub-S-3",
      recused: member(7),
      nextServedBy: member(7),
      changePending: false,
      suggested: null,
    });
    assert.deepEqual(meeting.quorum, { required: 23, present: 45, met: true });
    assert.deepEqual(
      meeting.seats.filter((s) => s.recused !== null).map((s) => s.number),
      [7],
    );
  });

  it("the budget vote's eligible list has the substitute and not member-7, in seat order with the chair last", async () => {
    budgetVote = await openVote(api, BUDGET);
    const expected = callOrder((seat) => onBudget.get(seat) ?? member(seat));
    assert.deepEqual(
      budgetVote.eligible.map((m) => m.id),
      expected,
    );
    assert.equal(budgetVote.eligible.length, 45);
  });

  it("member-7 cannot vote on the budget (FORBIDDEN); the substitute in their seat can", async () => {
    await refuse(api, member(7), CAST_BALLOT, { v: budgetVote.id, k: "m7-budget" }, "FORBIDDEN", /You are not serving in a seat in this vote, so you cannot vote in it\./);
    const { castBallot } = await succeed<{ castBallot: { member: Ref; choice: string } }>(api, "sub-S-3", CAST_BALLOT, { v: budgetVote.id, k: "s3-budget" });
    assert.deepEqual(castBallot, { member: { id: "sub-S-3" }, choice: "YES" });
  });

  it("while the vote is open, neither jäv on the item nor attendance can change, and the eligible list stays frozen", async () => {
    await refuse(api, CLERK, DECLARE_RECUSAL, { i: BUDGET, id: member(8) }, "CONFLICT", /A vote on this item is open: jäv is declared before it opens\./);
    await refuse(api, CLERK, SET_ATTENDANCE, setAttendanceVars(member(8), false), "CONFLICT", VOTE_OPEN);
    await refuse(api, CLERK, ASSIGN_SUBSTITUTE, assignVars(5, null), "CONFLICT", VOTE_OPEN);
    // Jäv on a later item is allowed during the vote, and changes nothing in it.
    assert.deepEqual(await declareRecusal(api, item(4), member(8)), [member(8)]);
    const { vote } = dataOf(await api.gql<{ vote: VoteView | null }>(CHAIR, `query($v: ID!) { vote(id: $v) { id status eligible { id } } }`, { v: budgetVote.id }));
    assert.deepEqual(vote?.eligible, budgetVote.eligible);
  });

  it("on the next item member-7 serves again without any attendance change, and sub-S-3 is back in reserve", async () => {
    await closeVote(api, budgetVote.id);
    const meeting = await setCurrentItem(api, TAX);
    assert.deepEqual(seatSummary(meeting, 7), {
      status: "PRESENT",
      servedBy: member(7),
      recused: null,
      nextServedBy: member(7),
      changePending: false,
      suggested: null,
    });
    assert.deepEqual(meeting.quorum, { required: 23, present: 45, met: true });
    assert.deepEqual((await recusalsOf(api)).get(BUDGET), [member(7)], "the budget item keeps its recusal for the minutes");

    const taxVote = await openVote(api, TAX);
    const eligible = taxVote.eligible.map((m) => m.id);
    assert.ok(eligible.includes(member(7)));
    assert.ok(!eligible.includes("sub-S-3"));
    assert.deepEqual(eligible, callOrder((seat) => (seat === 7 ? member(7) : (onBudget.get(seat) ?? member(seat)))));
    await closeVote(api, taxVote.id);
  });

  it("jäv was not leaving: member-7 can still be recorded present (no no-return refusal)", async () => {
    const meeting = await setAttendance(api, member(7), true);
    assert.equal(idOf(seatIn(meeting, 7).servedBy), member(7));
  });
});

// ================================================================================================

describe("attendance changes during an item wait for the next item, and who left does not return (rules 2, 3)", () => {
  let api: TestServer;
  let vote: VoteView;

  before(async () => {
    api = await startTestServer();
  });
  after(async () => {
    await api.dispose();
  });

  it("the assembly's settings: no return after leaving, answers changeable while open (the defaults)", async () => {
    const { meeting } = dataOf(
      await api.gql<{ meeting: { assembly: { settings: { noReturnAfterLeaving: boolean; answerChangeWhileOpen: boolean } } } | null }>("observer", SETTINGS_QUERY, { m: MEETING }),
    );
    assert.deepEqual(meeting?.assembly.settings, { noReturnAfterLeaving: true, answerChangeWhileOpen: true });
  });

  it("before any item, a roll-call mistake can be corrected back and forth, and takes effect at once", async () => {
    await openWithRollCall(api, [20]);
    const wrong = await setAttendance(api, member(9), false);
    assert.deepEqual(seatSummary(wrong, 9), { status: "ABSENT", servedBy: null, recused: null, nextServedBy: null, changePending: false, suggested: "sub-S-1" });
    const right = await setAttendance(api, member(9), true);
    assert.deepEqual(seatSummary(right, 9), { status: "PRESENT", servedBy: member(9), recused: null, nextServedBy: member(9), changePending: false, suggested: null });
    const seated = await assignSubstitute(api, 20, "sub-M-1");
    assert.equal(idOf(seatIn(seated, 20).servedBy), "sub-M-1");
    assert.deepEqual(seated.quorum, { required: 23, present: 45, met: true });
  });

  it("a member who leaves during an item still serves on it: the seat shows the change as pending", async () => {
    await setCurrentItem(api, item(2));
    const meeting = await setAttendance(api, member(5), false);
    assert.deepEqual(seatSummary(meeting, 5), {
      status: "PRESENT",
      servedBy: member(5),
      recused: null,
      nextServedBy: null,
      changePending: true,
      suggested: "sub-S-1",
    });
    assert.deepEqual(meeting.quorum, { required: 23, present: 45, met: true });
    assert.deepEqual(
      meeting.seats.filter((s) => s.changePending).map((s) => s.number),
      [5],
    );
  });

  it("a substitute confirmed during the item serves from the next one", async () => {
    const meeting = await assignSubstitute(api, 5, "sub-S-1");
    assert.deepEqual(seatSummary(meeting, 5), {
      status: "PRESENT",
      servedBy: member(5),
      recused: null,
      nextServedBy: "sub-S-1",
      changePending: true,
      suggested: null,
    });
    assert.deepEqual(meeting.quorum, { required: 23, present: 45, met: true });
  });

  it("a vote opened on the same item has the member who left and not the substitute", async () => {
    vote = await openVote(api, item(2));
    const eligible = vote.eligible.map((m) => m.id);
    assert.ok(eligible.includes(member(5)));
    assert.ok(!eligible.includes("sub-S-1"));
    assert.equal(eligible.length, 45);
    await refuse(api, "sub-S-1", CAST_BALLOT, { v: vote.id, k: "s1" }, "FORBIDDEN", /not serving in a seat in this vote/);
  });

  it("while the vote is open every attendance change is refused with CONFLICT and changes nothing", async () => {
    await refuse(api, CLERK, SET_ATTENDANCE, setAttendanceVars(member(6), false), "CONFLICT", VOTE_OPEN);
    await refuse(api, "member-1", SET_ATTENDANCE, setAttendanceVars("sub-S-2", true), "CONFLICT", VOTE_OPEN);
    await refuse(api, CLERK, ASSIGN_SUBSTITUTE, assignVars(5, "sub-S-2"), "CONFLICT", VOTE_OPEN);
    await closeVote(api, vote.id);
  });

  it("the next item puts the change into effect: the substitute serves, nothing is pending", async () => {
    const meeting = await setCurrentItem(api, item(3));
    assert.deepEqual(seatSummary(meeting, 5), {
      status: "PRESENT",
      servedBy: "sub-S-1",
      recused: null,
      nextServedBy: "sub-S-1",
      changePending: false,
      suggested: null,
    });
    assert.deepEqual(
      meeting.seats.filter((s) => s.changePending),
      [],
    );
  });

  it("the member who served and left cannot return (CONFLICT, no-return): the substitute keeps the seat", async () => {
    await refuse(api, CLERK, SET_ATTENDANCE, setAttendanceVars(member(5), true), "CONFLICT", NO_RETURN);
    await refuse(api, CHAIR, ASSIGN_SUBSTITUTE, assignVars(5, null), "CONFLICT", NO_RETURN);
    assert.equal(idOf(seatIn(await meetingNow(api), 5).servedBy), "sub-S-1");
  });

  it("a member absent at the roll-call who arrives takes the seat back from the next item; the substitute steps down", async () => {
    const arrived = await setAttendance(api, member(20), true);
    assert.deepEqual(seatSummary(arrived, 20), {
      status: "PRESENT",
      servedBy: "sub-M-1",
      recused: null,
      nextServedBy: member(20),
      changePending: true,
      suggested: null,
    });
    const next = await setCurrentItem(api, item(4));
    assert.deepEqual(seatSummary(next, 20), {
      status: "PRESENT",
      servedBy: member(20),
      recused: null,
      nextServedBy: member(20),
      changePending: false,
      suggested: null,
    });
    assert.ok(!next.seats.some((s) => idOf(s.servedBy) === "sub-M-1"), "sub-M-1 no longer serves");
  });

  it("a substitute who served and leaves is skipped by the suggestion and cannot return", async () => {
    const left = await setAttendance(api, "sub-S-1", false);
    assert.deepEqual(seatSummary(left, 5), {
      status: "PRESENT",
      servedBy: "sub-S-1",
      recused: null,
      nextServedBy: null,
      changePending: true,
      suggested: "sub-S-2",
    });
    await refuse(api, CLERK, SET_ATTENDANCE, setAttendanceVars("sub-S-1", true), "CONFLICT", NO_RETURN);
    await refuse(api, CLERK, ASSIGN_SUBSTITUTE, assignVars(5, "sub-S-1"), "CONFLICT", NO_RETURN);

    const next = await setCurrentItem(api, item(5));
    assert.deepEqual(seatSummary(next, 5), { status: "ABSENT", servedBy: null, recused: null, nextServedBy: null, changePending: false, suggested: "sub-S-2" });
    assert.deepEqual(next.quorum, { required: 23, present: 44, met: true });
  });
});

// ================================================================================================

describe("refusals of substitutes and jäv (rules 1, 5)", () => {
  let api: TestServer;

  before(async () => {
    api = await startTestServer();
    await openWithRollCall(api, [5, 6, 34]);
    await assignSubstitute(api, 5, "sub-S-1");
  });
  after(async () => {
    await api.dispose();
  });

  describe("when holders are recorded absent", () => {
    const refusals: ReadonlyArray<{ name: string; seat: number; substitute: string; code: ErrorCode; message: RegExp }> = [
      { name: "a substitute of another party", seat: 6, substitute: "sub-M-1", code: "BAD_INPUT", message: /\(M\) cannot serve in seat 6: a substitute serves only for a member of the same party \(S\)\./ },
      { name: "another party's substitute in a V seat", seat: 34, substitute: "sub-MP-1", code: "BAD_INPUT", message: /\(MP\) cannot serve in seat 34: a substitute serves only for a member of the same party \(V\)\./ },
      { name: "an ordinary member as a substitute", seat: 6, substitute: member(7), code: "BAD_INPUT", message: /is an ordinary member, not a substitute\./ },
      { name: "a substitute in the seat of a present holder", seat: 7, substitute: "sub-S-2", code: "CONFLICT", message: /is present in seat 7; record them absent before a substitute steps in\./ },
      { name: "a substitute who already serves in another seat", seat: 6, substitute: "sub-S-1", code: "CONFLICT", message: /That substitute already serves in seat 5\./ },
      { name: "an unknown substitute", seat: 6, substitute: "sub-S-99", code: "NOT_FOUND", message: /Member sub-S-99 of Exempelstads kommunfullmäktige was not found\./ },
    ];
    for (const { name, seat, substitute, code, message } of refusals) {
      it(`assignSubstitute refuses ${name} with ${code}, changing nothing`, async () => {
        await refuse(api, CLERK, ASSIGN_SUBSTITUTE, assignVars(seat, substitute), code, message);
      });
    }
  });

  describe("when an item is current", () => {
    before(async () => {
      await setCurrentItem(api, item(2));
      await declareRecusal(api, item(2), member(9));
    });

    const refusals: ReadonlyArray<{ name: string; as: string; itemId: string; memberId: string; code: ErrorCode; message: RegExp }> = [
      { name: "a member", as: member(9), itemId: item(2), memberId: member(10), code: "FORBIDDEN", message: /Only the chair or a clerk records jäv\./ },
      { name: "an observer", as: "observer", itemId: item(2), memberId: member(10), code: "FORBIDDEN", message: /Only the chair or a clerk records jäv\./ },
      { name: "an admin", as: "admin", itemId: item(2), memberId: member(10), code: "FORBIDDEN", message: /Only the chair or a clerk records jäv\./ },
      { name: "an unknown item", as: CLERK, itemId: item(99), memberId: member(10), code: "NOT_FOUND", message: /Agenda item kf-2026-12-14-99 was not found\./ },
      { name: "an unknown member", as: CHAIR, itemId: item(2), memberId: member(46), code: "NOT_FOUND", message: /Member member-46 of Exempelstads kommunfullmäktige was not found\./ },
      { name: "jäv already declared", as: CHAIR, itemId: item(2), memberId: member(9), code: "CONFLICT", message: /has already declared jäv on §2\./ },
    ];
    for (const { name, as, itemId, memberId, code, message } of refusals) {
      it(`declareRecusal refuses ${name} with ${code}, changing nothing`, async () => {
        await refuse(api, as, DECLARE_RECUSAL, { i: itemId, id: memberId }, code, message);
      });
    }

    it("with no substitute of the party present, the recused member's seat is empty and counts against quorum", async () => {
      const meeting = await meetingNow(api);
      assert.deepEqual(seatSummary(meeting, 9), { status: "ABSENT", servedBy: null, recused: member(9), nextServedBy: member(9), changePending: false, suggested: null });
      // 45 seats, 6 and 34 absent, 5 served by sub-S-1, 9 empty for jäv.
      assert.deepEqual(meeting.quorum, { required: 23, present: 42, met: true });
    });
  });

  describe("when a vote on the item is open", () => {
    it("declareRecusal on it is CONFLICT and changes nothing", async () => {
      const vote = await openVote(api, item(2));
      assert.ok(!vote.eligible.some((m) => m.id === member(9)));
      await refuse(api, CLERK, DECLARE_RECUSAL, { i: item(2), id: member(10) }, "CONFLICT", /A vote on this item is open: jäv is declared before it opens\./);
      await closeVote(api, vote.id);
    });
  });

  describe("when the item is decided", () => {
    it("declareRecusal on it is CONFLICT and changes nothing", async () => {
      await succeed(api, CLERK, RECORD_DECISION, { i: item(4), t: "Motionen avslås." });
      await refuse(api, CLERK, DECLARE_RECUSAL, { i: item(4), id: member(10) }, "CONFLICT", /Item §4 is already decided\./);
    });
  });

  describe("when the meeting is closed", () => {
    it("declareRecusal is CONFLICT and changes nothing", async () => {
      await succeed(api, CHAIR, CLOSE_MEETING, { m: MEETING });
      await refuse(api, CHAIR, DECLARE_RECUSAL, { i: item(5), id: member(10) }, "CONFLICT", /The meeting is closed\./);
    });
  });
});

// ================================================================================================

describe("quorum at the edge with jäv (rule 4)", () => {
  let api: TestServer;
  /** Seats 1-23 present, 24-45 absent: exactly 23 served. */
  const ABSENT = ALL_SEATS.filter((seat) => seat > 23);

  before(async () => {
    api = await startTestServer();
    await openWithRollCall(api, ABSENT);
  });
  after(async () => {
    await api.dispose();
  });

  it("23 of 45 seats served is quorate", async () => {
    const meeting = await setCurrentItem(api, item(2));
    assert.deepEqual(meeting.quorum, { required: 23, present: 23, met: true });
  });

  it("jäv with no substitute present empties a seat: 22 served, and a vote cannot be opened (CONFLICT)", async () => {
    await declareRecusal(api, item(2), member(2));
    const meeting = await meetingNow(api);
    assert.deepEqual(meeting.quorum, { required: 23, present: 22, met: false });
    assert.equal(seatIn(meeting, 2).status, "ABSENT");
    await refuse(api, CHAIR, OPEN_VOTE, openVoteVars(item(2)), "CONFLICT", /The meeting is not quorate: 22 seats are served, 23 are needed\./);
  });

  it("a substitute who arrives during the item does not stand in until the next item", async () => {
    const meeting = await setAttendance(api, "sub-S-1", true);
    assert.deepEqual(meeting.quorum, { required: 23, present: 22, met: false });
    assert.equal(idOf(seatIn(meeting, 2).servedBy), null);
    await refuse(api, CHAIR, OPEN_VOTE, openVoteVars(item(2)), "CONFLICT", /not quorate/);
  });

  it("on the next item the member is back; with jäv there and the substitute present, the substitute serves and the vote opens", async () => {
    const next = await setCurrentItem(api, item(3));
    assert.deepEqual(next.quorum, { required: 23, present: 23, met: true });
    assert.equal(idOf(seatIn(next, 2).servedBy), member(2));

    await declareRecusal(api, item(3), member(2));
    const meeting = await meetingNow(api);
    assert.deepEqual(seatSummary(meeting, 2), { status: "PRESENT", servedBy: "sub-S-1", recused: member(2), nextServedBy: member(2), changePending: false, suggested: null });
    assert.deepEqual(meeting.quorum, { required: 23, present: 23, met: true });

    const vote = await openVote(api, item(3));
    const eligible = vote.eligible.map((m) => m.id);
    assert.equal(eligible.length, 23);
    assert.ok(eligible.includes("sub-S-1"));
    assert.ok(!eligible.includes(member(2)));
    await refuse(api, member(2), CAST_BALLOT, { v: vote.id, k: "m2" }, "FORBIDDEN", /not serving in a seat in this vote/);
  });
});

// ================================================================================================

describe("when the chair sets the current item again during it (rule 2)", () => {
  let api: TestServer;

  before(async () => {
    api = await startTestServer();
    await openWithRollCall(api, []);
    await setCurrentItem(api, item(2));
    await setAttendance(api, member(5), false);
  });
  after(async () => {
    await api.dispose();
  });

  // Setting the current item again would bring the change into effect during the item (RULES.md 2).
  it("a change recorded during the item still waits: setting the same item again is refused", async () => {
    const headBefore = head(api);
    const res = await api.gql<{ setCurrentItem: MeetingView }>(CHAIR, SET_CURRENT_ITEM, { m: MEETING, i: item(2) });
    assert.deepEqual(codes(res), ["CONFLICT"]);
    assert.match(res.errors[0]?.message ?? "", /already the current item/);
    assert.deepEqual(head(api), headBefore);
  });
});
