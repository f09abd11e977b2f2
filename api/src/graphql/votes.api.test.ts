import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { z } from "zod";
import type { ErrorCode } from "../domain/errors.js";
import { codes, dataOf, startTestServer, type TestServer } from "../testing/server.js";

/**
 * Votes beyond the plain yes/no (RULES.md 7-13), through the real server over HTTP: cancelling,
 * ties and the chair's casting vote, qualified majority, proposals, contra-proposition voting on the
 * budget, a roll-call run by the clerk, changed answers and the eligible list frozen at open.
 * Every refusal is checked for its code and for leaving the ledger head where it was.
 */

const MEETING = "kf-2026-12-14";
const item = (n: number): string => `${MEETING}-${n}`;
/** Three proposals: -a Kommunstyrelsen, -b Moderaterna, -c Sverigedemokraterna. */
const BUDGET = item(2);
const KS = `${BUDGET}-a`;
const M = `${BUDGET}-b`;
const SD = `${BUDGET}-c`;
const CHAIR = "member-1";
const SEATS = 45;

type Choice = "YES" | "NO" | "ABSTAIN";

const member = (seat: number): string => `member-${seat}`;
const seatNumbers = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
/** Seats 2-45 in seat order, then the chair: the roll-call order with everyone present. */
const CALL_ORDER = [...seatNumbers(2, SEATS).map(member), CHAIR];

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

// --- What the API returns -------------------------------------------------------------------------

interface Ref {
  id: string;
}
interface ResultView {
  outcome: string;
  decidedBy: string | null;
  yes: number;
  no: number;
  abstain: number;
  absent: number;
}
interface VoteView {
  id: string;
  round: number;
  status: string;
  method: string;
  majority: string;
  question: string;
  closedAt: string | null;
  cancelReason: string | null;
  yesProposal: Ref | null;
  noProposal: Ref | null;
  eligible: Ref[];
  callOrder: Ref[];
  nextToAnswer: Ref | null;
  tally: { yes: number; no: number; abstain: number; notVoted: number; eligible: number };
  result: ResultView | null;
  ballots: { member: Ref; choice: string; source: string; recordedBy: string }[];
}
interface ProposalView {
  id: string;
  label: string;
  text: string;
  proposedBy: string | null;
}
interface ItemView {
  id: string;
  status: string;
  decision: string | null;
  proposals: ProposalView[];
  remainingProposals: Ref[];
  adoptedProposal: Ref | null;
  votes: { id: string; round: number; status: string; yesProposal: Ref | null; noProposal: Ref | null; result: { outcome: string } | null }[];
}

const VOTE_FIELDS = `id round status method majority question closedAt cancelReason yesProposal { id } noProposal { id }
  eligible { id } callOrder { id } nextToAnswer { id } tally { yes no abstain notVoted eligible }
  result { outcome decidedBy yes no abstain absent } ballots { member { id } choice source recordedBy }`;
const ITEM_FIELDS = `id status decision proposals { id label text proposedBy } remainingProposals { id } adoptedProposal { id }
  votes { id round status yesProposal { id } noProposal { id } result { outcome } }`;

const ids = (refs: readonly Ref[]): string[] => refs.map((r) => r.id);

// --- Operations -----------------------------------------------------------------------------------

const OPEN_MEETING = `mutation($m: ID!) { openMeeting(meetingId: $m) { id } }`;
const SET_ATTENDANCE = `mutation($m: ID!, $id: ID!, $p: Boolean!) { setAttendance(meetingId: $m, memberId: $id, present: $p) { id } }`;
const SET_CURRENT_ITEM = `mutation($m: ID!, $i: ID!) { setCurrentItem(meetingId: $m, itemId: $i) { id } }`;
const OPEN_VOTE = `mutation($in: OpenVoteInput!) { openVote(input: $in) { ${VOTE_FIELDS} } }`;
const CAST_BALLOT = `mutation($v: ID!, $c: Choice!, $k: String!) { castBallot(voteId: $v, choice: $c, idempotencyKey: $k) { member { id } choice source recordedBy } }`;
const RECORD_BALLOT = `mutation($v: ID!, $id: ID!, $c: Choice!, $k: String!) {
  recordBallot(voteId: $v, memberId: $id, choice: $c, idempotencyKey: $k) { member { id } choice source recordedBy } }`;
const CLOSE_VOTE = `mutation($v: ID!) { closeVote(voteId: $v) { ${VOTE_FIELDS} } }`;
const CANCEL_VOTE = `mutation($v: ID!, $r: String!) { cancelVote(voteId: $v, reason: $r) { ${VOTE_FIELDS} } }`;
const RESOLVE_TIE = `mutation($v: ID!, $c: Choice!) { resolveTie(voteId: $v, choice: $c) { ${VOTE_FIELDS} } }`;
const ADD_PROPOSAL = `mutation($i: ID!, $l: String!, $t: String!, $by: String) { addProposal(itemId: $i, label: $l, text: $t, proposedBy: $by) { ${ITEM_FIELDS} } }`;
const RECORD_DECISION = `mutation($i: ID!, $t: String!) { recordDecision(itemId: $i, text: $t) { ${ITEM_FIELDS} } }`;
const CLOSE_MEETING = `mutation($m: ID!) { closeMeeting(meetingId: $m) { id status } }`;
const VOTE = `query($v: ID!) { vote(id: $v) { ${VOTE_FIELDS} } }`;
const AGENDA = `query($m: ID!) { meeting(id: $m) { agenda { ${ITEM_FIELDS} } } }`;
const LEDGER = `query($m: ID!) { ledger(meetingId: $m, first: 1000) { seq type actor payload } }`;

interface OpenVoteInput {
  readonly itemId: string;
  readonly method?: "ELECTRONIC" | "ROLL_CALL";
  readonly question: string;
  readonly yesProposalId?: string | null;
  readonly noProposalId?: string | null;
  readonly majority?: "SIMPLE" | "TWO_THIRDS_OF_PRESENT";
}

interface Head {
  readonly seq: number;
  readonly hash: string;
}

/** A copy of the ledger head now. */
function head(api: TestServer): Head {
  const { seq, hash } = api.server.council.head;
  return { seq, hash };
}

/** Sends an operation that must be refused with `code` and a message matching `message`, appending nothing. */
async function refused(
  api: TestServer,
  user: string,
  query: string,
  variables: Record<string, unknown>,
  code: ErrorCode,
  message: RegExp,
): Promise<void> {
  const before = head(api);
  const res = await api.gql(user, query, variables);
  assert.deepEqual(codes(res), [code], JSON.stringify(res.errors));
  assert.match(res.errors[0]?.message ?? "", message);
  assert.deepEqual(head(api), before, "a refused operation appends nothing to the ledger");
}

/** Opens the meeting, records the holders of every seat but `absentSeats` present, and moves to `itemId`. */
async function meetingOn(api: TestServer, itemId: string, absentSeats: readonly number[] = []): Promise<void> {
  dataOf(await api.gql(CHAIR, OPEN_MEETING, { m: MEETING }));
  const roll = await Promise.all(
    seatNumbers(1, SEATS).map((seat) => api.gql("clerk-2", SET_ATTENDANCE, { m: MEETING, id: member(seat), p: !absentSeats.includes(seat) })),
  );
  roll.forEach((res) => dataOf(res));
  dataOf(await api.gql(CHAIR, SET_CURRENT_ITEM, { m: MEETING, i: itemId }));
}

async function openVote(api: TestServer, input: OpenVoteInput): Promise<VoteView> {
  return dataOf(await api.gql<{ openVote: VoteView }>(CHAIR, OPEN_VOTE, { in: { method: "ELECTRONIC", ...input } })).openVote;
}

async function cast(api: TestServer, memberId: string, voteId: string, choice: Choice, key: string) {
  return dataOf(await api.gql<{ castBallot: VoteView["ballots"][number] }>(memberId, CAST_BALLOT, { v: voteId, c: choice, k: key })).castBallot;
}

async function record(api: TestServer, clerk: string, voteId: string, memberId: string, choice: Choice, key: string) {
  return dataOf(await api.gql<{ recordBallot: VoteView["ballots"][number] }>(clerk, RECORD_BALLOT, { v: voteId, id: memberId, c: choice, k: key }))
    .recordBallot;
}

/** Every seat whose choice is not null answers from its own device, all at once. */
async function everyoneAnswers(api: TestServer, voteId: string, choiceOf: (seat: number) => Choice | null): Promise<void> {
  const answers = seatNumbers(1, SEATS).flatMap((seat) => {
    const choice = choiceOf(seat);
    return choice === null ? [] : [cast(api, member(seat), voteId, choice, `${voteId}-${seat}`)];
  });
  await Promise.all(answers);
}

async function closeVote(api: TestServer, voteId: string): Promise<VoteView> {
  return dataOf(await api.gql<{ closeVote: VoteView }>(CHAIR, CLOSE_VOTE, { v: voteId })).closeVote;
}

async function voteAs(api: TestServer, user: string, voteId: string): Promise<VoteView> {
  const { vote } = dataOf(await api.gql<{ vote: VoteView | null }>(user, VOTE, { v: voteId }));
  assert.ok(vote, `vote ${voteId} exists`);
  return vote;
}

async function agendaItem(api: TestServer, itemId: string): Promise<ItemView> {
  const { meeting } = dataOf(await api.gql<{ meeting: { agenda: ItemView[] } | null }>("observer", AGENDA, { m: MEETING }));
  const found = meeting?.agenda.find((i) => i.id === itemId);
  assert.ok(found, `item ${itemId} is on the agenda`);
  return found;
}

const BallotPayload = z.object({ voteId: z.string(), memberId: z.string(), choice: z.string(), source: z.string() });

/** The BallotCast entries of a vote, in ledger order. */
async function ballotEntries(api: TestServer, voteId: string) {
  const { ledger } = dataOf(await api.gql<{ ledger: { seq: number; type: string; actor: string; payload: string }[] }>("clerk-2", LEDGER, { m: MEETING }));
  return ledger
    .filter((e) => e.type === "BallotCast")
    .map((e) => ({ actor: e.actor, ...BallotPayload.parse(JSON.parse(e.payload)) }))
    .filter((b) => b.voteId === voteId);
}

// --- CancelVote -------------------------------------------------------------------------------------

describe("cancelVote: the chair cancels an open vote, and a new round can follow", () => {
  let api: TestServer;
  let round1: VoteView;

  before(async () => {
    api = await startTestServer();
    await meetingOn(api, BUDGET);
  });
  after(async () => {
    await api.dispose();
  });

  it("opens round 1 (Moderaterna against Sverigedemokraterna) and takes two answers", async () => {
    round1 = await openVote(api, { itemId: BUDGET, question: "Ja för Moderaternas förslag, nej för Sverigedemokraternas förslag", yesProposalId: M, noProposalId: SD });
    await cast(api, member(13), round1.id, "YES", "m13");
    await cast(api, member(23), round1.id, "NO", "m23");
    assert.equal(round1.round, 1);
  });

  it("refuses a clerk, a member, a blank reason and a reason over 1000 characters", async () => {
    await refused(api, "clerk-1", CANCEL_VOTE, { v: round1.id, r: "Fel." }, "FORBIDDEN", /Only the chair cancels a vote/);
    await refused(api, member(13), CANCEL_VOTE, { v: round1.id, r: "Fel." }, "FORBIDDEN", /Only the chair cancels a vote/);
    await refused(api, CHAIR, CANCEL_VOTE, { v: round1.id, r: " \n " }, "BAD_INPUT", /Say why the vote is cancelled/);
    await refused(api, CHAIR, CANCEL_VOTE, { v: round1.id, r: "x".repeat(1001) }, "BAD_INPUT", /longer than 1000 characters/);
    await refused(api, CHAIR, CANCEL_VOTE, { v: "no-such-vote", r: "Fel." }, "NOT_FOUND", /Vote no-such-vote was not found/);
    assert.equal((await voteAs(api, CHAIR, round1.id)).status, "OPEN");
  });

  it("the chair cancels it: CANCELLED, the reason trimmed, a closing time, no result, the answers kept", async () => {
    const { cancelVote } = dataOf(await api.gql<{ cancelVote: VoteView }>(CHAIR, CANCEL_VOTE, { v: round1.id, r: "  Fel förslag på Ja-sidan. " }));
    assert.equal(cancelVote.status, "CANCELLED");
    assert.equal(cancelVote.cancelReason, "Fel förslag på Ja-sidan.");
    assert.ok(cancelVote.closedAt !== null && !Number.isNaN(Date.parse(cancelVote.closedAt)), `closedAt: ${String(cancelVote.closedAt)}`);
    assert.equal(cancelVote.result, null);
    assert.equal(cancelVote.nextToAnswer, null);
    const asObserver = await voteAs(api, "observer", round1.id);
    assert.deepEqual(
      asObserver.ballots.map((b) => [b.member.id, b.choice]),
      [
        [member(13), "YES"],
        [member(23), "NO"],
      ],
    );
  });

  it("refuses answers, closing, a second cancel and resolveTie on the cancelled vote (CONFLICT)", async () => {
    await refused(api, member(14), CAST_BALLOT, { v: round1.id, c: "YES", k: "m14" }, "CONFLICT", /The vote is cancelled/);
    await refused(api, "clerk-1", RECORD_BALLOT, { v: round1.id, id: member(14), c: "YES", k: "c14" }, "CONFLICT", /The vote is cancelled/);
    await refused(api, CHAIR, CLOSE_VOTE, { v: round1.id }, "CONFLICT", /The vote is cancelled/);
    await refused(api, CHAIR, CANCEL_VOTE, { v: round1.id, r: "Igen." }, "CONFLICT", /The vote is cancelled/);
    await refused(api, CHAIR, RESOLVE_TIE, { v: round1.id, c: "YES" }, "CONFLICT", /did not end in an undecided tie/);
  });

  it("the meeting has no open vote: attendance may change, and the same pair is put again as round 2", async () => {
    dataOf(await api.gql("clerk-1", SET_ATTENDANCE, { m: MEETING, id: member(45), p: false }));
    const budget = await agendaItem(api, BUDGET);
    assert.deepEqual(ids(budget.remainingProposals), [KS, M, SD], "a cancelled vote puts nobody out");
    const round2 = await openVote(api, { itemId: BUDGET, question: "Ja för Moderaternas förslag, nej för Sverigedemokraternas förslag", yesProposalId: M, noProposalId: SD });
    assert.equal(round2.round, 2);
    assert.equal(round2.status, "OPEN");
    const after = await agendaItem(api, BUDGET);
    assert.deepEqual(
      after.votes.map((v) => [v.id, v.round, v.status]),
      [
        [round1.id, 1, "CANCELLED"],
        [round2.id, 2, "OPEN"],
      ],
    );
  });
});

// --- Ties (RULES.md 11) -----------------------------------------------------------------------------

describe("ties (RULES.md 11): the chair's casting vote, or a tie the chair resolves", () => {
  let api: TestServer;

  before(async () => {
    api = await startTestServer();
    await meetingOn(api, item(5));
  });
  after(async () => {
    await api.dispose();
  });

  it("with the chair on Ja, a tie goes Ja by the casting vote at close, and there is nothing to resolve", async () => {
    const vote = await openVote(api, { itemId: item(5), question: "Ja för kommunstyrelsens förslag, nej för Centerpartiets yrkande", yesProposalId: `${item(5)}-a`, noProposalId: `${item(5)}-b` });
    await cast(api, CHAIR, vote.id, "YES", "chair");
    await cast(api, member(30), vote.id, "NO", "m30");
    const closed = await closeVote(api, vote.id);
    assert.deepEqual(closed.result, { outcome: "YES", decidedBy: "CASTING_VOTE", yes: 1, no: 1, abstain: 0, absent: 43 });
    await refused(api, CHAIR, RESOLVE_TIE, { v: vote.id, c: "NO" }, "CONFLICT", /did not end in an undecided tie/);
    assert.deepEqual(ids((await agendaItem(api, item(5))).remainingProposals), [`${item(5)}-a`]);
  });

  it("with the chair abstaining the vote closes TIE, decided by nobody, until the chair resolves it", async () => {
    const TAX = item(3);
    dataOf(await api.gql(CHAIR, SET_CURRENT_ITEM, { m: MEETING, i: TAX }));
    const vote = await openVote(api, { itemId: TAX, question: "Ja för kommunstyrelsens förslag, nej för Moderaternas yrkande", yesProposalId: `${TAX}-a`, noProposalId: `${TAX}-b` });
    await cast(api, member(2), vote.id, "YES", "m2");
    await cast(api, member(13), vote.id, "NO", "m13");
    await cast(api, CHAIR, vote.id, "ABSTAIN", "chair");
    await refused(api, CHAIR, RESOLVE_TIE, { v: vote.id, c: "YES" }, "CONFLICT", /The vote is still open: close it first/);

    const tie = { yes: 1, no: 1, abstain: 1, absent: 42 };
    const closed = await closeVote(api, vote.id);
    assert.deepEqual(closed.result, { outcome: "TIE", decidedBy: null, ...tie });
    const tied = await agendaItem(api, TAX);
    assert.deepEqual(ids(tied.remainingProposals), [`${TAX}-a`, `${TAX}-b`], "a tie puts nobody out");
    assert.equal(tied.adoptedProposal, null);

    await refused(api, CHAIR, RESOLVE_TIE, { v: vote.id, c: "ABSTAIN" }, "BAD_INPUT", /A tie is decided for Ja \(YES\) or Nej \(NO\)/);
    await refused(api, "clerk-1", RESOLVE_TIE, { v: vote.id, c: "NO" }, "FORBIDDEN", /Only the chair decides a tie/);
    await refused(api, member(2), RESOLVE_TIE, { v: vote.id, c: "NO" }, "FORBIDDEN", /Only the chair decides a tie/);

    const { resolveTie } = dataOf(await api.gql<{ resolveTie: VoteView }>(CHAIR, RESOLVE_TIE, { v: vote.id, c: "NO" }));
    assert.deepEqual(resolveTie.result, { outcome: "NO", decidedBy: "CASTING_VOTE", ...tie });
    assert.equal(resolveTie.status, "CLOSED");
    assert.deepEqual(resolveTie.tally, { yes: 1, no: 1, abstain: 1, notVoted: 42, eligible: 45 }, "the counts are unchanged");
    const decided = await agendaItem(api, TAX);
    assert.deepEqual(ids(decided.remainingProposals), [`${TAX}-b`]);
    assert.deepEqual(decided.adoptedProposal, { id: `${TAX}-b` });

    await refused(api, CHAIR, RESOLVE_TIE, { v: vote.id, c: "YES" }, "CONFLICT", /did not end in an undecided tie/);
  });

  it("a tie left undecided when the meeting closes can no longer be resolved (CONFLICT)", async () => {
    const vote = await openVote(api, { itemId: item(3), question: "Ska ärendet avgöras i dag?" });
    await cast(api, member(2), vote.id, "YES", "m2-last");
    await cast(api, member(13), vote.id, "NO", "m13-last");
    assert.equal((await closeVote(api, vote.id)).result?.outcome, "TIE");
    dataOf(await api.gql(CHAIR, CLOSE_MEETING, { m: MEETING }));
    await refused(api, CHAIR, RESOLVE_TIE, { v: vote.id, c: "YES" }, "CONFLICT", /The meeting is closed/);
    assert.equal((await voteAs(api, "observer", vote.id)).result?.outcome, "TIE");
  });
});

// --- Qualified majority (RULES.md 10) ---------------------------------------------------------------

describe("TWO_THIRDS_OF_PRESENT (RULES.md 10): 45 present need 30 Ja", () => {
  let api: TestServer;
  const MOTION = item(4);
  const qualified = (question: string): OpenVoteInput => ({ itemId: MOTION, question, majority: "TWO_THIRDS_OF_PRESENT" });

  before(async () => {
    api = await startTestServer();
    await meetingOn(api, MOTION);
  });
  after(async () => {
    await api.dispose();
  });

  it("29 Ja, the rest silent: NO", async () => {
    const vote = await openVote(api, qualified("Bifall till motionen (två tredjedelar)?"));
    assert.equal(vote.majority, "TWO_THIRDS_OF_PRESENT");
    await everyoneAnswers(api, vote.id, (seat) => (seat >= 2 && seat <= 30 ? "YES" : null));
    assert.deepEqual((await closeVote(api, vote.id)).result, { outcome: "NO", decidedBy: "MAJORITY", yes: 29, no: 0, abstain: 0, absent: 16 });
  });

  it("30 Ja, the rest silent: YES (the base is the seats served, not the answers)", async () => {
    const vote = await openVote(api, qualified("Bifall till motionen, andra omgången?"));
    assert.equal(vote.round, 2);
    await everyoneAnswers(api, vote.id, (seat) => (seat >= 2 && seat <= 31 ? "YES" : null));
    assert.deepEqual((await closeVote(api, vote.id)).result, { outcome: "YES", decidedBy: "MAJORITY", yes: 30, no: 0, abstain: 0, absent: 15 });
  });

  it("20 Ja against 10 Nej: NO (two thirds of the answers is not enough)", async () => {
    const vote = await openVote(api, qualified("Bifall till motionen, tredje omgången?"));
    await everyoneAnswers(api, vote.id, (seat) => (seat === 1 || seat > 31 ? null : seat <= 21 ? "YES" : "NO"));
    assert.deepEqual((await closeVote(api, vote.id)).result, { outcome: "NO", decidedBy: "MAJORITY", yes: 20, no: 10, abstain: 0, absent: 15 });
  });
});

// --- AddProposal ------------------------------------------------------------------------------------

describe("addProposal (CHAIR or CLERK)", () => {
  let api: TestServer;
  const add = (user: string, itemId: string, label: string, text: string, by: string | null) =>
    api.gql<{ addProposal: ItemView }>(user, ADD_PROPOSAL, { i: itemId, l: label, t: text, by });

  before(async () => {
    api = await startTestServer();
    await meetingOn(api, BUDGET);
  });
  after(async () => {
    await api.dispose();
  });

  it("a clerk adds a proposal, trimmed, a blank proposer recorded as none; it is in play", async () => {
    const { addProposal } = dataOf(await add("clerk-1", BUDGET, "  Liberalernas yrkande ", "\nÄrendet återremitteras. ", "   "));
    assert.equal(addProposal.proposals.length, 4);
    const added = addProposal.proposals[3];
    assert.ok(added);
    assert.deepEqual({ ...added, id: "" }, { id: "", label: "Liberalernas yrkande", text: "Ärendet återremitteras.", proposedBy: null });
    assert.ok(added.id.length > 0);
    assert.deepEqual(ids(addProposal.remainingProposals), [KS, M, SD, added.id]);
  });

  it("the chair adds one with a proposer", async () => {
    const { addProposal } = dataOf(await add(CHAIR, BUDGET, "Centerpartiets yrkande", "Budgeten återremitteras.", " Centerpartiet "));
    assert.equal(addProposal.proposals.at(-1)?.proposedBy, "Centerpartiet");
  });

  it("refuses other roles, an unknown item, a blank or too long label and text", async () => {
    await refused(api, member(2), ADD_PROPOSAL, { i: BUDGET, l: "Yrkande", t: "Text.", by: null }, "FORBIDDEN", /Only the chair or a clerk adds a proposal/);
    await refused(api, "observer", ADD_PROPOSAL, { i: BUDGET, l: "Yrkande", t: "Text.", by: null }, "FORBIDDEN", /Only the chair or a clerk adds a proposal/);
    await refused(api, "clerk-1", ADD_PROPOSAL, { i: item(99), l: "Yrkande", t: "Text.", by: null }, "NOT_FOUND", /Agenda item kf-2026-12-14-99 was not found/);
    await refused(api, "clerk-1", ADD_PROPOSAL, { i: BUDGET, l: " ", t: "Text.", by: null }, "BAD_INPUT", /A proposal needs a label/);
    await refused(api, "clerk-1", ADD_PROPOSAL, { i: BUDGET, l: "x".repeat(201), t: "Text.", by: null }, "BAD_INPUT", /label is longer than 200/);
    await refused(api, "clerk-1", ADD_PROPOSAL, { i: BUDGET, l: "Yrkande", t: "", by: null }, "BAD_INPUT", /A proposal needs a text/);
    await refused(api, "clerk-1", ADD_PROPOSAL, { i: BUDGET, l: "Yrkande", t: "x".repeat(20_001), by: null }, "BAD_INPUT", /longer than 20000/);
    assert.equal((await agendaItem(api, BUDGET)).proposals.length, 5);
  });

  it("is CONFLICT while a vote on the item is open, and accepted again once it is closed", async () => {
    const vote = await openVote(api, { itemId: BUDGET, question: "Ja för kommunstyrelsens förslag, nej för Moderaternas förslag", yesProposalId: KS, noProposalId: M });
    await refused(api, "clerk-1", ADD_PROPOSAL, { i: BUDGET, l: "Yrkande", t: "Text.", by: null }, "CONFLICT", /A vote on this item is open/);
    await cast(api, member(2), vote.id, "YES", "m2");
    await closeVote(api, vote.id);
    const { addProposal } = dataOf(await add("clerk-1", BUDGET, "Kristdemokraternas yrkande", "Budgeten avslås.", "KD"));
    assert.equal(addProposal.proposals.length, 6);
  });

  it("is CONFLICT once the item is decided, and once the meeting is closed", async () => {
    dataOf(await api.gql("clerk-1", RECORD_DECISION, { i: BUDGET, t: "Fullmäktige fastställer budget 2027." }));
    await refused(api, "clerk-1", ADD_PROPOSAL, { i: BUDGET, l: "Yrkande", t: "Text.", by: null }, "CONFLICT", /Item §2 is already decided/);
    dataOf(await api.gql(CHAIR, CLOSE_MEETING, { m: MEETING }));
    await refused(api, CHAIR, ADD_PROPOSAL, { i: item(3), l: "Yrkande", t: "Text.", by: null }, "CONFLICT", /The meeting is closed/);
  });
});

// --- Contra-proposition (RULES.md 13) ---------------------------------------------------------------

describe("contra-proposition voting on the budget (RULES.md 13)", () => {
  let api: TestServer;
  let round1: VoteView;
  let round2: VoteView;

  /** Moderaterna (Ja) against Sverigedemokraterna (Nej): M, C, KD, L Ja; SD Nej; S, V, MP abstain. */
  const round1Choice = (seat: number): Choice => {
    const party = partyOf(seat);
    if (party === "SD") return "NO";
    return ["M", "C", "KD", "L"].includes(party) ? "YES" : "ABSTAIN";
  };
  /** The main vote, Kommunstyrelsen (Ja) against the counter-proposal (Nej): S, V, MP, C Ja; M, KD, L Nej; SD abstains. */
  const round2Choice = (seat: number): Choice => {
    const party = partyOf(seat);
    if (party === "SD") return "ABSTAIN";
    return ["S", "V", "MP", "C"].includes(party) ? "YES" : "NO";
  };

  before(async () => {
    api = await startTestServer();
    await meetingOn(api, BUDGET);
  });
  after(async () => {
    await api.dispose();
  });

  it("before any vote all three proposals are in play and none is adopted", async () => {
    const budget = await agendaItem(api, BUDGET);
    assert.deepEqual(ids(budget.remainingProposals), [KS, M, SD]);
    assert.equal(budget.adoptedProposal, null);
    assert.equal(budget.status, "CURRENT");
  });

  it("round 1 puts Moderaterna (Ja) against Sverigedemokraterna (Nej): Ja wins 20-7 and SD drops out", async () => {
    round1 = await openVote(api, { itemId: BUDGET, question: "Ja för Moderaternas förslag, nej för Sverigedemokraternas förslag", yesProposalId: M, noProposalId: SD });
    assert.equal(round1.round, 1);
    assert.deepEqual(ids(round1.eligible), CALL_ORDER);
    await everyoneAnswers(api, round1.id, round1Choice);
    const closed = await closeVote(api, round1.id);
    assert.deepEqual(closed.result, { outcome: "YES", decidedBy: "MAJORITY", yes: 20, no: 7, abstain: 18, absent: 0 });
    assert.deepEqual(ids((await agendaItem(api, BUDGET)).remainingProposals), [KS, M]);
  });

  it("Sverigedemokraternas förslag cannot be put again (CONFLICT)", async () => {
    const input = { itemId: BUDGET, method: "ELECTRONIC", question: "Ja för kommunstyrelsens förslag, nej för Sverigedemokraternas förslag", yesProposalId: KS, noProposalId: SD };
    await refused(api, CHAIR, OPEN_VOTE, { in: input }, "CONFLICT", /"Sverigedemokraternas förslag" lost an earlier round and is out of play/);
  });

  it("round 2, the main vote, puts Kommunstyrelsen (Ja) against Moderaterna (Nej): Ja wins 22-16, KS is adopted", async () => {
    round2 = await openVote(api, { itemId: BUDGET, question: "Ja för kommunstyrelsens förslag, nej för Moderaternas förslag", yesProposalId: KS, noProposalId: M });
    assert.equal(round2.round, 2);
    assert.deepEqual([round2.yesProposal, round2.noProposal], [{ id: KS }, { id: M }]);
    await everyoneAnswers(api, round2.id, round2Choice);
    const closed = await closeVote(api, round2.id);
    assert.deepEqual(closed.result, { outcome: "YES", decidedBy: "MAJORITY", yes: 22, no: 16, abstain: 7, absent: 0 });
    const budget = await agendaItem(api, BUDGET);
    assert.deepEqual(ids(budget.remainingProposals), [KS]);
    assert.deepEqual(budget.adoptedProposal, { id: KS });
  });

  it("every round is a vote on the item, in order; the decision is recorded and the ledger verifies", async () => {
    const { recordDecision } = dataOf(
      await api.gql<{ recordDecision: ItemView }>("clerk-1", RECORD_DECISION, { i: BUDGET, t: "Fullmäktige fastställer budget 2027 enligt kommunstyrelsens förslag." }),
    );
    assert.equal(recordDecision.status, "DECIDED");
    assert.deepEqual(
      recordDecision.votes.map((v) => ({ id: v.id, round: v.round, status: v.status, yes: v.yesProposal?.id, no: v.noProposal?.id, outcome: v.result?.outcome })),
      [
        { id: round1.id, round: 1, status: "CLOSED", yes: M, no: SD, outcome: "YES" },
        { id: round2.id, round: 2, status: "CLOSED", yes: KS, no: M, outcome: "YES" },
      ],
    );
    const { verifyLedger } = dataOf(await api.gql<{ verifyLedger: { ok: boolean; readModelsMatch: boolean } }>("observer", `{ verifyLedger { ok readModelsMatch } }`));
    assert.deepEqual(verifyLedger, { ok: true, readModelsMatch: true });
  });
});

// --- Roll-call (RULES.md 9) -------------------------------------------------------------------------

describe("a roll-call vote run by the clerk (RULES.md 9)", () => {
  let api: TestServer;
  let vote: VoteView;
  const MOTION = item(4);
  const NOT_READY = member(10);
  /** The members in the order the clerk recorded them. */
  const recorded: string[] = [];
  /** V and MP Ja, SD abstains, the rest Nej. */
  const choiceOf = (memberId: string): Choice => {
    const party = partyOf(Number(memberId.replace("member-", "")));
    if (party === "V" || party === "MP") return "YES";
    return party === "SD" ? "ABSTAIN" : "NO";
  };

  before(async () => {
    api = await startTestServer();
    await meetingOn(api, MOTION);
  });
  after(async () => {
    await api.dispose();
  });

  it("the chair opens a ROLL_CALL vote: the call order is seat order with the chair last, seat 2 first", async () => {
    vote = await openVote(api, { itemId: MOTION, method: "ROLL_CALL", question: "Bifall till motionen?" });
    assert.equal(vote.method, "ROLL_CALL");
    assert.deepEqual(ids(vote.callOrder), CALL_ORDER);
    assert.deepEqual(ids(vote.eligible), CALL_ORDER);
    assert.deepEqual(vote.nextToAnswer, { id: member(2) });
  });

  it("the clerk records each answer as called; seat 10 is not ready, is passed over and called again after seat 45; the chair answers last", async () => {
    let skipped = false;
    for (let step = 0; step < SEATS + 5; step += 1) {
      const next = (await voteAs(api, "clerk-1", vote.id)).nextToAnswer;
      if (next === null) break;
      // Seat 10 is not ready when called: the clerk goes on with seat 11, out of turn.
      const answering: string = next.id === NOT_READY && !skipped ? member(11) : next.id;
      if (answering !== next.id) skipped = true;
      const ballot = await record(api, "clerk-1", vote.id, answering, choiceOf(answering), `roll-${answering}`);
      assert.deepEqual(ballot, { member: { id: answering }, choice: choiceOf(answering), source: "CLERK", recordedBy: "clerk-1" });
      recorded.push(answering);
      if (answering === member(11)) assert.deepEqual((await voteAs(api, "clerk-1", vote.id)).nextToAnswer, { id: member(12) });
    }
    assert.ok(skipped, "seat 10 was called and passed over");
    assert.deepEqual(recorded, [...seatNumbers(2, 9).map(member), ...seatNumbers(11, SEATS).map(member), NOT_READY, CHAIR]);
    const done = await voteAs(api, "clerk-1", vote.id);
    assert.equal(done.nextToAnswer, null, "everyone has answered");
    assert.deepEqual(done.tally, { yes: 6, no: 32, abstain: 7, notVoted: 0, eligible: 45 });
  });

  it("the ledger shows the answers in the order they came, each recorded by the clerk", async () => {
    const entries = await ballotEntries(api, vote.id);
    assert.deepEqual(
      entries.map((e) => e.memberId),
      recorded,
    );
    assert.ok(entries.every((e) => e.source === "CLERK" && e.actor === "clerk-1"));
  });

  it("closes with the result; a closed vote has nobody to call", async () => {
    const closed = await closeVote(api, vote.id);
    assert.deepEqual(closed.result, { outcome: "NO", decidedBy: "MAJORITY", yes: 6, no: 32, abstain: 7, absent: 0 });
    assert.equal(closed.nextToAnswer, null);
    assert.deepEqual(ids(closed.callOrder), CALL_ORDER, "the call order stays as it was");
  });
});

// --- Changed answers (RULES.md 12) ------------------------------------------------------------------

describe("changing an answer while the vote is open (RULES.md 12)", () => {
  let api: TestServer;
  let vote: VoteView;
  const ITEM1 = item(1);

  before(async () => {
    api = await startTestServer();
    await meetingOn(api, ITEM1);
  });
  after(async () => {
    await api.dispose();
  });

  it("the assembly's settings allow it (the default)", async () => {
    const { assemblies } = dataOf(
      await api.gql<{ assemblies: { id: string; settings: { noReturnAfterLeaving: boolean; answerChangeWhileOpen: boolean } }[] }>(
        "observer",
        `{ assemblies { id settings { noReturnAfterLeaving answerChangeWhileOpen } } }`,
      ),
    );
    assert.deepEqual(assemblies, [{ id: "kf", settings: { noReturnAfterLeaving: true, answerChangeWhileOpen: true } }]);
  });

  it("a member changes their answer and the clerk changes another's: the last answer counts", async () => {
    vote = await openVote(api, { itemId: ITEM1, question: "Bifall till ordförandens förslag?", yesProposalId: `${ITEM1}-a` });
    await cast(api, member(2), vote.id, "YES", "m2-first");
    assert.deepEqual(await cast(api, member(2), vote.id, "NO", "m2-second"), { member: { id: member(2) }, choice: "NO", source: "DEVICE", recordedBy: member(2) });
    await cast(api, member(3), vote.id, "YES", "m3-first");
    assert.deepEqual(await record(api, "clerk-1", vote.id, member(3), "ABSTAIN", "clerk-m3"), {
      member: { id: member(3) },
      choice: "ABSTAIN",
      source: "CLERK",
      recordedBy: "clerk-1",
    });
    const asChair = await voteAs(api, CHAIR, vote.id);
    assert.deepEqual(
      asChair.ballots.map((b) => [b.member.id, b.choice, b.source]),
      [
        [member(2), "NO", "DEVICE"],
        [member(3), "ABSTAIN", "CLERK"],
      ],
    );
    assert.deepEqual(asChair.tally, { yes: 0, no: 1, abstain: 1, notVoted: 43, eligible: 45 });
  });

  it("a key used for one answer is refused for another (CONFLICT), changing nothing", async () => {
    await refused(api, member(2), CAST_BALLOT, { v: vote.id, c: "ABSTAIN", k: "m2-first" }, "CONFLICT", /already used for a different answer/);
    assert.equal((await voteAs(api, CHAIR, vote.id)).ballots.find((b) => b.member.id === member(2))?.choice, "NO");
  });

  it("closing counts the last answers, and the ledger keeps every answer", async () => {
    const closed = await closeVote(api, vote.id);
    assert.deepEqual(closed.result, { outcome: "NO", decidedBy: "MAJORITY", yes: 0, no: 1, abstain: 1, absent: 43 });
    const entries = await ballotEntries(api, vote.id);
    assert.deepEqual(
      entries.map((e) => [e.memberId, e.choice, e.source, e.actor]),
      [
        [member(2), "YES", "DEVICE", member(2)],
        [member(2), "NO", "DEVICE", member(2)],
        [member(3), "YES", "DEVICE", member(3)],
        [member(3), "ABSTAIN", "CLERK", "clerk-1"],
      ],
    );
  });
});

// --- The eligible list (RULES.md 8) -----------------------------------------------------------------

describe("the eligible list is frozen when the vote opens (RULES.md 8)", () => {
  let api: TestServer;
  let first: VoteView;
  let second: VoteView;
  const REMISS = item(6);
  const PLAN = item(9);

  before(async () => {
    api = await startTestServer();
    await meetingOn(api, REMISS);
  });
  after(async () => {
    await api.dispose();
  });

  it("a vote opened with 45 serving lists all 45; attendance cannot change while it is open", async () => {
    first = await openVote(api, { itemId: REMISS, question: "Bifall till yttrandet?", yesProposalId: `${REMISS}-a` });
    assert.deepEqual(ids(first.eligible), CALL_ORDER);
    await refused(api, "clerk-1", SET_ATTENDANCE, { m: MEETING, id: member(5), p: false }, "CONFLICT", /A vote is open: attendance cannot change/);
    await cast(api, member(5), first.id, "YES", "m5");
    await closeVote(api, first.id);
  });

  it("a member who leaves after it closes stays on its list, and on a second vote on the same item", async () => {
    dataOf(await api.gql("clerk-1", SET_ATTENDANCE, { m: MEETING, id: member(5), p: false }));
    assert.deepEqual(ids((await voteAs(api, "observer", first.id)).eligible), CALL_ORDER);
    second = await openVote(api, { itemId: REMISS, question: "Bifall till yttrandet, ny omröstning?" });
    assert.equal(second.round, 2);
    assert.deepEqual(ids(second.eligible), CALL_ORDER, "the change takes effect from the next item");
    await cast(api, member(5), second.id, "NO", "m5-second");
    await closeVote(api, second.id);
  });

  it("on the next item a new vote leaves them out; the votes already held keep their lists", async () => {
    dataOf(await api.gql(CHAIR, SET_CURRENT_ITEM, { m: MEETING, i: PLAN }));
    const third = await openVote(api, { itemId: PLAN, question: "Antas detaljplanen?", yesProposalId: `${PLAN}-a` });
    assert.deepEqual(
      ids(third.eligible),
      CALL_ORDER.filter((id) => id !== member(5)),
    );
    assert.equal(third.tally.eligible, 44);
    await refused(api, member(5), CAST_BALLOT, { v: third.id, c: "YES", k: "m5-third" }, "FORBIDDEN", /not serving in a seat in this vote/);
    for (const earlier of [first, second]) {
      const vote = await voteAs(api, "observer", earlier.id);
      assert.deepEqual(ids(vote.eligible), CALL_ORDER);
      assert.equal(vote.tally.eligible, 45);
    }
  });
});
