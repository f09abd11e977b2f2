import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { z } from "zod";
import type { ErrorCode } from "../domain/errors.js";
import { codes, dataOf, startTestServer, subscribe, type GqlResponse, type TestServer } from "../testing/server.js";

/**
 * The manual fallback (RULES.md 14-15) through the real server over HTTP: a hand count replacing
 * an open electronic vote, a vote held on paper entered afterwards, and every refusal of
 * enterHandCount, each of which must leave the ledger head where it was.
 */

const MEETING = "kf-2026-12-14";
const BUDGET = `${MEETING}-2`;
const TAX = `${MEETING}-3`;
const CHAIR = "member-1";
const CLERK = "clerk-1";
const OTHER_CLERK = "clerk-2";
const REASON = "Voteringssystemet gick ner: handuppräckning.";
const seats = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

// --- What a client reads ------------------------------------------------------------------------

const VOTE_FIELDS = `id round status method question majority openedAt closedAt item { id }
  eligible { id } tally { yes no abstain notVoted eligible }
  result { outcome decidedBy yes no abstain absent }
  handCount { yes no abstain countedAt enteredBy enteredAt reason }
  ballots { member { id } choice source recordedBy superseded }`;

interface Counts {
  yes: number;
  no: number;
  abstain: number;
}
interface VoteView {
  id: string;
  round: number;
  status: string;
  method: string;
  question: string;
  majority: string;
  openedAt: string;
  closedAt: string | null;
  item: { id: string };
  eligible: { id: string }[];
  tally: Counts & { notVoted: number; eligible: number };
  result: (Counts & { outcome: string; decidedBy: string | null; absent: number }) | null;
  handCount: (Counts & { countedAt: string; enteredBy: string; enteredAt: string; reason: string }) | null;
  ballots: { member: { id: string }; choice: string; source: string; recordedBy: string; superseded: boolean }[];
}

const ENTER_HAND_COUNT = `mutation($in: HandCountInput!) { enterHandCount(input: $in) { ${VOTE_FIELDS} } }`;

interface HandCountInput {
  voteId?: string | null;
  itemId?: string | null;
  question?: string | null;
  yes: number;
  no: number;
  abstain: number;
  countedAt: string;
  reason: string;
  majority?: string;
  idempotencyKey: string;
}

/** A count taken just now (after any vote opened, not in the future), unless told otherwise. */
function countInput(fields: Partial<HandCountInput> & { idempotencyKey: string }): HandCountInput {
  return { yes: 24, no: 17, abstain: 2, countedAt: new Date().toISOString(), reason: REASON, ...fields };
}

const secondsFrom = (iso: string, seconds: number): string => new Date(Date.parse(iso) + seconds * 1000).toISOString();

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

async function enterHandCount(api: TestServer, as: string, input: HandCountInput): Promise<GqlResponse<{ enterHandCount: VoteView | null }>> {
  return api.gql<{ enterHandCount: VoteView | null }>(as, ENTER_HAND_COUNT, { in: input });
}

/** A count that must be taken: returns the counted vote. */
async function counted(api: TestServer, as: string, input: HandCountInput): Promise<VoteView> {
  const vote = dataOf(await enterHandCount(api, as, input)).enterHandCount;
  assert.ok(vote, "enterHandCount answers the counted vote");
  return vote;
}

/** A count that must be refused with `code` and `message`, appending nothing. */
async function refused(api: TestServer, as: string, input: HandCountInput, code: ErrorCode, message: RegExp): Promise<void> {
  const before = head(api);
  const res = await enterHandCount(api, as, input);
  assert.deepEqual(codes(res), [code], JSON.stringify(res.errors));
  assert.match(res.errors[0]?.message ?? "", message);
  assert.equal(res.data?.enterHandCount ?? null, null);
  assert.deepEqual(head(api), before, "a refused count appends nothing to the ledger");
}

async function mutate(api: TestServer, as: string, query: string, variables: Record<string, unknown> = {}): Promise<void> {
  dataOf(await api.gql(as, query, variables));
}

async function openVote(api: TestServer, input: { itemId?: string; majority?: string; yesProposalId?: string | null; noProposalId?: string | null; question?: string } = {}): Promise<VoteView> {
  const { openVote: vote } = dataOf(
    await api.gql<{ openVote: VoteView }>(CHAIR, `mutation($in: OpenVoteInput!) { openVote(input: $in) { ${VOTE_FIELDS} } }`, {
      in: {
        itemId: BUDGET,
        method: "ELECTRONIC",
        question: "Ja för kommunstyrelsens förslag, nej för Moderaternas förslag",
        yesProposalId: `${BUDGET}-a`,
        noProposalId: `${BUDGET}-b`,
        majority: "SIMPLE",
        ...input,
      },
    }),
  );
  assert.equal(vote.status, "OPEN");
  return vote;
}

async function castBallot(api: TestServer, memberId: string, voteId: string, choice: string): Promise<GqlResponse> {
  return api.gql(memberId, `mutation($v: ID!, $c: Choice!, $k: String!) { castBallot(voteId: $v, choice: $c, idempotencyKey: $k) { choice } }`, {
    v: voteId,
    c: choice,
    k: `${memberId}-${voteId}-${choice}`,
  });
}

async function voteById(api: TestServer, as: string, voteId: string): Promise<VoteView> {
  const { vote } = dataOf(await api.gql<{ vote: VoteView | null }>(as, `query($v: ID!) { vote(id: $v) { ${VOTE_FIELDS} } }`, { v: voteId }));
  assert.ok(vote, `vote ${voteId} is there`);
  return vote;
}

/** The meeting opened, these seats' holders present (the others absent), the budget item current. */
async function onBudgetItem(api: TestServer, presentSeats: readonly number[], recused: readonly string[] = []): Promise<void> {
  await mutate(api, CHAIR, `mutation($m: ID!) { openMeeting(meetingId: $m) { id } }`, { m: MEETING });
  // The other clerk calls the roll, leaving clerk-1's rate-limit bucket to the counts.
  await Promise.all(
    presentSeats.map((seat) =>
      mutate(api, OTHER_CLERK, `mutation($m: ID!, $id: ID!) { setAttendance(meetingId: $m, memberId: $id, present: true) { id } }`, {
        m: MEETING,
        id: `member-${seat}`,
      }),
    ),
  );
  for (const memberId of recused) {
    await mutate(api, OTHER_CLERK, `mutation($i: ID!, $id: ID!) { declareRecusal(itemId: $i, memberId: $id) { id } }`, { i: BUDGET, id: memberId });
  }
  await setCurrentItem(api, BUDGET);
}

async function setCurrentItem(api: TestServer, itemId: string): Promise<void> {
  await mutate(api, CHAIR, `mutation($m: ID!, $i: ID!) { setCurrentItem(meetingId: $m, itemId: $i) { id } }`, { m: MEETING, i: itemId });
}

const LedgerPage = z.object({ ledger: z.array(z.object({ seq: z.number(), type: z.string(), actor: z.string(), payload: z.string() })) });
const OfVote = z.object({ voteId: z.string().optional() });
const HandCountPayload = z.object({ voteId: z.string(), yes: z.number(), no: z.number(), abstain: z.number(), countedAt: z.string(), reason: z.string() });

/** The meeting's ledger entries about one vote, as a clerk reads them. */
async function ledgerOfVote(api: TestServer, voteId: string) {
  const res = await api.gql(CLERK, `query($m: ID!) { ledger(meetingId: $m, first: 1000) { seq type actor payload } }`, { m: MEETING });
  const { ledger } = LedgerPage.parse(dataOf(res));
  return ledger.filter((entry) => OfVote.parse(JSON.parse(entry.payload)).voteId === voteId);
}

// --- Tests --------------------------------------------------------------------------------------

describe("when an electronic vote is open and the devices fail", () => {
  let api: TestServer;
  let vote: VoteView;
  let countedVote: VoteView;
  const count = { yes: 24, no: 17, abstain: 2 };
  let countedAt = "";

  before(async () => {
    api = await startTestServer();
    await onBudgetItem(api, seats(1, 45));
    vote = await openVote(api);
    for (const [memberId, choice] of [["member-3", "YES"], ["member-4", "NO"], [CHAIR, "YES"]] as const) {
      dataOf(await castBallot(api, memberId, vote.id, choice));
    }
  });
  after(async () => {
    await api.dispose();
  });

  it("a clerk records the answer of a member whose tablet failed: source CLERK, recordedBy the clerk (RULES.md 15)", async () => {
    const { recordBallot } = dataOf(
      await api.gql<{ recordBallot: { member: { id: string }; choice: string; source: string; recordedBy: string } }>(
        CLERK,
        `mutation($v: ID!, $id: ID!, $c: Choice!, $k: String!) { recordBallot(voteId: $v, memberId: $id, choice: $c, idempotencyKey: $k) { member { id } choice source recordedBy } }`,
        { v: vote.id, id: "member-5", c: "ABSTAIN", k: "clerk-1-for-member-5" },
      ),
    );
    assert.deepEqual(recordBallot, { member: { id: "member-5" }, choice: "ABSTAIN", source: "CLERK", recordedBy: CLERK });
    const ballot = (await voteById(api, CHAIR, vote.id)).ballots.find((b) => b.member.id === "member-5");
    assert.deepEqual(ballot, { member: { id: "member-5" }, choice: "ABSTAIN", source: "CLERK", recordedBy: CLERK, superseded: false });
  });

  it("enterHandCount is FORBIDDEN to a member, a substitute, an observer and an admin", async () => {
    for (const user of ["member-2", "sub-S-1", "observer", "admin"]) {
      await refused(api, user, countInput({ voteId: vote.id, idempotencyKey: `${user}-count` }), "FORBIDDEN", /Only a clerk or the chair enters a hand count\./);
    }
  });

  const badInputs: ReadonlyArray<{ readonly name: string; readonly input: () => HandCountInput; readonly message: RegExp }> = [
    { name: "a negative Ja count", input: () => countInput({ voteId: vote.id, yes: -1, idempotencyKey: "neg-yes" }), message: /The Ja count must be a whole number, 0 or more\./ },
    { name: "a negative Avstår count", input: () => countInput({ voteId: vote.id, abstain: -2, idempotencyKey: "neg-abstain" }), message: /The Avstår count must be a whole number, 0 or more\./ },
    { name: "46 answers counted with 45 eligible", input: () => countInput({ voteId: vote.id, yes: 30, no: 16, abstain: 0, idempotencyKey: "too-many" }), message: /46 answers counted, but only 45 members may vote\./ },
    { name: "an empty reason", input: () => countInput({ voteId: vote.id, reason: "", idempotencyKey: "no-reason" }), message: /Say why the vote was counted by hand\./ },
    { name: "a blank reason", input: () => countInput({ voteId: vote.id, reason: "   ", idempotencyKey: "blank-reason" }), message: /Say why the vote was counted by hand\./ },
    { name: "a countedAt a minute in the future", input: () => countInput({ voteId: vote.id, countedAt: secondsFrom(new Date().toISOString(), 60), idempotencyKey: "future" }), message: /cannot have been taken in the future/ },
    // Counts are timed to the minute: the minute before the one the vote opened in is before it.
    { name: "a countedAt a minute before the vote opened", input: () => countInput({ voteId: vote.id, countedAt: secondsFrom(vote.openedAt, -60), idempotencyKey: "too-early" }), message: /The count cannot have been taken before the vote opened\./ },
    { name: "an itemId that is not the vote's item", input: () => countInput({ voteId: vote.id, itemId: TAX, idempotencyKey: "wrong-item" }), message: /The vote is not on that item\./ },
    { name: "an empty idempotency key", input: () => countInput({ voteId: vote.id, idempotencyKey: "" }), message: /The idempotency key must be 1-200 characters\./ },
    { name: "neither voteId nor itemId", input: () => countInput({ idempotencyKey: "nothing-named" }), message: /Say which item a vote held on paper was on \(itemId\), or which open vote the count replaces \(voteId\)\./ },
  ];
  for (const c of badInputs) {
    it(`${c.name} is BAD_INPUT`, async () => {
      await refused(api, CLERK, c.input(), "BAD_INPUT", c.message);
    });
  }

  it("an unknown vote is NOT_FOUND", async () => {
    await refused(api, CLERK, countInput({ voteId: "no-such-vote", idempotencyKey: "unknown" }), "NOT_FOUND", /Vote no-such-vote was not found\./);
  });

  it("a fractional count fails GraphQL validation: the client is told which field and why, and nothing is appended", async () => {
    const before = head(api);
    // As a variable (how clients send input): graphql-yoga answers HTTP 400 before any resolver runs.
    const asVariable = await api.gql(CLERK, ENTER_HAND_COUNT, { in: { ...countInput({ voteId: vote.id, idempotencyKey: "fraction" }), yes: 23.5 } });
    assert.equal(asVariable.status, 400);
    assert.equal(asVariable.data, null);
    assert.equal(asVariable.errors.length, 1);
    assert.match(asVariable.errors[0]?.message ?? "", /"in\.yes"; Int cannot represent non-integer value: 23\.5/);
    // As a literal in the document: the document does not validate.
    const asLiteral = await api.gql(
      CLERK,
      `mutation { enterHandCount(input: { voteId: "${vote.id}", yes: 23.5, no: 17, abstain: 2, countedAt: "${new Date().toISOString()}", reason: "Nere.", idempotencyKey: "fraction-literal" }) { id } }`,
    );
    assert.deepEqual(codes(asLiteral), ["GRAPHQL_VALIDATION_FAILED"]);
    assert.match(asLiteral.errors[0]?.message ?? "", /Int cannot represent non-integer value: 23\.5/);
    assert.deepEqual(head(api), before);
    assert.equal((await voteById(api, CHAIR, vote.id)).status, "OPEN");
  });

  it("a countedAt that is not an ISO-8601 UTC time is refused with a message that says so, not as an unexpected error", async () => {
    const before = head(api);
    for (const countedAtText of ["igår kväll", "2026-12-14T17:00:00+01:00"]) {
      const res = await enterHandCount(api, CLERK, countInput({ voteId: vote.id, countedAt: countedAtText, idempotencyKey: "bad-time" }));
      assert.equal(res.data?.enterHandCount ?? null, null);
      assert.notDeepEqual(codes(res), ["INTERNAL_SERVER_ERROR"], `${countedAtText}: ${JSON.stringify(res.errors)}`);
      assert.match(res.errors[0]?.message ?? "", /DateTime must be an ISO-8601 UTC time/, countedAtText);
    }
    assert.deepEqual(head(api), before);
  });

  it("a clerk's count closes the vote, and a subscriber to the vote is told the hand-counted result", async () => {
    const stage = await subscribe<{ voteUpdated: VoteView }>(
      api.url,
      await api.token("observer"),
      `subscription($v: ID!) { voteUpdated(voteId: $v) { ${VOTE_FIELDS} } }`,
      { v: vote.id },
    );
    try {
      await stage.next((d) => d.voteUpdated.status === "OPEN");
      // Counted between the opening and now: shortly before it is entered.
      countedAt = new Date(Math.floor((Date.parse(vote.openedAt) + Date.now()) / 2)).toISOString();
      countedVote = await counted(api, CLERK, countInput({ voteId: vote.id, ...count, countedAt, idempotencyKey: "count-1" }));
      const told = (await stage.next((d) => d.voteUpdated.status === "CLOSED")).voteUpdated;
      assert.deepEqual(told.result, { outcome: "YES", decidedBy: "MAJORITY", ...count, absent: 2 });
      assert.deepEqual(told.handCount, countedVote.handCount);
    } finally {
      await stage.close();
    }
  });

  it("the counted vote is CLOSED, the same vote, with the hand count: numbers, when, who entered it, when and why", async () => {
    assert.equal(countedVote.id, vote.id);
    assert.equal(countedVote.status, "CLOSED");
    assert.equal(countedVote.method, "ELECTRONIC");
    assert.equal(countedVote.round, 1);
    assert.ok(countedVote.closedAt !== null && countedVote.closedAt >= countedAt, `closed ${String(countedVote.closedAt)} after counted ${countedAt}`);
    const enteredAt = countedVote.handCount?.enteredAt ?? "";
    assert.ok(enteredAt >= countedAt, `entered ${enteredAt} after counted ${countedAt}`);
    assert.deepEqual(countedVote.handCount, { ...count, countedAt, enteredBy: CLERK, enteredAt, reason: REASON });
    assert.deepEqual(countedVote.result, { outcome: "YES", decidedBy: "MAJORITY", ...count, absent: 2 });
    assert.deepEqual(await voteById(api, "observer", vote.id), countedVote);
  });

  it("Vote.tally shows the counted numbers: notVoted is the eligible members minus those counted", async () => {
    assert.deepEqual(countedVote.tally, { ...count, eligible: 45, notVoted: 45 - 43 });
  });

  it("the answers given before the count stay on the vote, each marked superseded", async () => {
    assert.deepEqual(
      countedVote.ballots.map((b) => [b.member.id, b.choice, b.source, b.recordedBy, b.superseded]),
      [
        ["member-3", "YES", "DEVICE", "member-3", true],
        ["member-4", "NO", "DEVICE", "member-4", true],
        ["member-5", "ABSTAIN", "CLERK", CLERK, true],
        [CHAIR, "YES", "DEVICE", CHAIR, true],
      ],
    );
  });

  it("the ledger keeps every BallotCast and ends the vote with one HandCountEntered by the clerk", async () => {
    const entries = await ledgerOfVote(api, vote.id);
    assert.deepEqual(
      entries.map((e) => e.type),
      ["VoteOpened", "BallotCast", "BallotCast", "BallotCast", "BallotCast", "HandCountEntered"],
    );
    const last = entries.at(-1);
    assert.ok(last);
    assert.equal(last.actor, CLERK);
    assert.deepEqual(HandCountPayload.parse(JSON.parse(last.payload)), { voteId: vote.id, ...count, countedAt, reason: REASON });
    const { verifyLedger } = dataOf(await api.gql<{ verifyLedger: { ok: boolean; readModelsMatch: boolean } }>(CLERK, `{ verifyLedger { ok readModelsMatch } }`));
    assert.deepEqual(verifyLedger, { ok: true, readModelsMatch: true });
  });

  it("castBallot and recordBallot after the count are CONFLICTs: the vote is closed", async () => {
    const before = head(api);
    const late = await castBallot(api, "member-6", vote.id, "NO");
    assert.deepEqual(codes(late), ["CONFLICT"]);
    assert.match(late.errors[0]?.message ?? "", /The vote is closed\./);
    const recorded = await api.gql(
      CLERK,
      `mutation($v: ID!, $id: ID!) { recordBallot(voteId: $v, memberId: $id, choice: YES, idempotencyKey: "clerk-1-late") { choice } }`,
      { v: vote.id, id: "member-7" },
    );
    assert.deepEqual(codes(recorded), ["CONFLICT"]);
    assert.deepEqual(head(api), before);
  });

  it("the same key with the same count returns the same vote and appends nothing, though the vote is closed", async () => {
    const before = head(api);
    const again = await counted(api, CLERK, countInput({ voteId: vote.id, ...count, countedAt, idempotencyKey: "count-1" }));
    assert.equal(again.id, vote.id);
    assert.deepEqual(again.handCount, countedVote.handCount);
    assert.deepEqual(head(api), before);
  });

  it("the same key with a different count is a CONFLICT", async () => {
    await refused(api, CLERK, countInput({ voteId: vote.id, ...count, yes: 25, countedAt, idempotencyKey: "count-1" }), "CONFLICT", /already used for a different count; send a new key/);
  });

  it("a new count with a new key is a CONFLICT: the vote is closed", async () => {
    await refused(api, CLERK, countInput({ voteId: vote.id, idempotencyKey: "count-2" }), "CONFLICT", /The vote is closed\./);
    await refused(api, OTHER_CLERK, countInput({ voteId: vote.id, ...count, countedAt, idempotencyKey: "count-1" }), "CONFLICT", /The vote is closed\./);
  });
});

describe("when a two-thirds vote is open with 44 seats served", () => {
  let api: TestServer;

  before(async () => {
    api = await startTestServer();
    // Seat 2 absent and no substitute: 44 present, two thirds of them is 30.
    await onBudgetItem(api, seats(1, 45).filter((s) => s !== 2));
  });
  after(async () => {
    await api.dispose();
  });

  it("the chair's count is judged by the vote's own majority, not the input's: 29 Ja of 44 present is NO", async () => {
    const vote = await openVote(api, { majority: "TWO_THIRDS_OF_PRESENT" });
    const result = await counted(api, CHAIR, countInput({ voteId: vote.id, yes: 29, no: 10, abstain: 3, majority: "SIMPLE", idempotencyKey: "chair-count-1" }));
    assert.equal(result.majority, "TWO_THIRDS_OF_PRESENT");
    assert.deepEqual(result.result, { outcome: "NO", decidedBy: "MAJORITY", yes: 29, no: 10, abstain: 3, absent: 2 });
    assert.equal(result.handCount?.enteredBy, CHAIR);
  });

  it("a tie counted by hand is TIE, undecided even though the chair's device said Ja, and the chair then decides it", async () => {
    // Round 1 put -a out; round 2 is -b against -c.
    const vote = await openVote(api, { yesProposalId: `${BUDGET}-b`, noProposalId: `${BUDGET}-c`, question: "Ja för Moderaternas förslag, nej för Sverigedemokraternas förslag" });
    assert.equal(vote.round, 2);
    dataOf(await castBallot(api, CHAIR, vote.id, "YES"));
    const tie = await counted(api, CLERK, countInput({ voteId: vote.id, yes: 20, no: 20, abstain: 4, idempotencyKey: "tie-count" }));
    assert.deepEqual(tie.result, { outcome: "TIE", decidedBy: null, yes: 20, no: 20, abstain: 4, absent: 0 });

    const { resolveTie } = dataOf(
      await api.gql<{ resolveTie: VoteView }>(CHAIR, `mutation($v: ID!) { resolveTie(voteId: $v, choice: NO) { ${VOTE_FIELDS} } }`, { v: vote.id }),
    );
    assert.deepEqual(resolveTie.result, { outcome: "NO", decidedBy: "CASTING_VOTE", yes: 20, no: 20, abstain: 4, absent: 0 });
    assert.deepEqual(resolveTie.handCount, tie.handCount);
  });

  it("a vote the chair closed is not counted again: CONFLICT", async () => {
    const vote = await openVote(api, { yesProposalId: null, noProposalId: null, question: "Ja för bifall till förslaget" });
    // One answer, so that the close decides (an undecided tie would hold the item up).
    dataOf(await castBallot(api, "member-4", vote.id, "YES"));
    await mutate(api, CHAIR, `mutation($v: ID!) { closeVote(voteId: $v) { id } }`, { v: vote.id });
    await refused(api, CLERK, countInput({ voteId: vote.id, idempotencyKey: "after-close" }), "CONFLICT", /The vote is closed\./);
  });

  it("a cancelled vote is not counted: CONFLICT", async () => {
    const vote = await openVote(api, { yesProposalId: null, noProposalId: null, question: "Ja för bifall till förslaget" });
    await mutate(api, CHAIR, `mutation($v: ID!) { cancelVote(voteId: $v, reason: "Fel fråga ställdes.") { id } }`, { v: vote.id });
    await refused(api, CLERK, countInput({ voteId: vote.id, idempotencyKey: "after-cancel" }), "CONFLICT", /The vote is cancelled\./);
  });
});

describe("when no vote is open and a vote was held on paper", () => {
  let api: TestServer;
  let budgetTitle = "";
  let paper: VoteView;
  let second: VoteView;
  const countedAt = secondsFrom(new Date().toISOString(), -300);
  const secondInput = (): HandCountInput =>
    countInput({ itemId: BUDGET, question: "  Bifall till Moderaternas förslag?  ", yes: 20, no: 22, abstain: 2, countedAt, idempotencyKey: "paper-2" });

  before(async () => {
    api = await startTestServer();
    // Every seat served; member-3 has jäv on the budget and no substitute is present: 44 eligible.
    await onBudgetItem(api, seats(1, 45), ["member-3"]);
    const { meeting } = dataOf(await api.gql<{ meeting: { agenda: { id: string; title: string }[] } | null }>(CLERK, `query($m: ID!) { meeting(id: $m) { agenda { id title } } }`, { m: MEETING }));
    budgetTitle = meeting?.agenda.find((i) => i.id === BUDGET)?.title ?? "";
    assert.notEqual(budgetTitle, "");
  });
  after(async () => {
    await api.dispose();
  });

  it("a clerk enters it afterwards: a new CLOSED HAND_COUNT vote, opened when counted, round 1, the item's title as question, the majority given", async () => {
    const before = head(api);
    paper = await counted(api, CLERK, countInput({ itemId: BUDGET, yes: 30, no: 10, abstain: 4, countedAt, majority: "TWO_THIRDS_OF_PRESENT", idempotencyKey: "paper-1" }));
    assert.equal(head(api).seq, before.seq + 2, "VoteOpened and HandCountEntered");
    assert.equal(paper.method, "HAND_COUNT");
    assert.equal(paper.status, "CLOSED");
    assert.equal(paper.openedAt, countedAt);
    assert.equal(paper.round, 1);
    assert.equal(paper.question, budgetTitle);
    assert.equal(paper.majority, "TWO_THIRDS_OF_PRESENT");
    assert.equal(paper.item.id, BUDGET);
    assert.deepEqual(paper.ballots, []);
    // 30 Ja reaches two thirds of the 44 present.
    assert.deepEqual(paper.result, { outcome: "YES", decidedBy: "MAJORITY", yes: 30, no: 10, abstain: 4, absent: 0 });
    assert.deepEqual(paper.handCount, { yes: 30, no: 10, abstain: 4, countedAt, enteredBy: CLERK, enteredAt: paper.handCount?.enteredAt ?? "", reason: REASON });
  });

  it("the eligible are the members serving now for the item: member-3, with jäv on it, is not among them", async () => {
    const ids = paper.eligible.map((m) => m.id);
    assert.equal(ids.length, 44);
    assert.ok(!ids.includes("member-3"));
    assert.equal(ids.at(-1), CHAIR, "the chair last");
  });

  it("Vote.tally of the paper vote shows the counted numbers: notVoted is the eligible members minus those counted", async () => {
    assert.deepEqual(paper.tally, { yes: 30, no: 10, abstain: 4, eligible: 44, notVoted: 0 });
  });

  it("it is listed in AgendaItem.votes", async () => {
    const { meeting } = dataOf(
      await api.gql<{ meeting: { agenda: { id: string; votes: { id: string; method: string; status: string }[] }[] } | null }>(
        "observer",
        `query($m: ID!) { meeting(id: $m) { agenda { id votes { id method status } } } }`,
        { m: MEETING },
      ),
    );
    assert.deepEqual(meeting?.agenda.find((i) => i.id === BUDGET)?.votes, [{ id: paper.id, method: "HAND_COUNT", status: "CLOSED" }]);
  });

  it("a second paper vote on the item is round 2, with its question trimmed and the SIMPLE majority by default", async () => {
    second = await counted(api, CLERK, secondInput());
    assert.notEqual(second.id, paper.id);
    assert.equal(second.round, 2);
    assert.equal(second.question, "Bifall till Moderaternas förslag?");
    assert.equal(second.majority, "SIMPLE");
    assert.deepEqual(second.result, { outcome: "NO", decidedBy: "MAJORITY", yes: 20, no: 22, abstain: 2, absent: 0 });
  });

  it("the same key with the same request returns the same vote and appends nothing", async () => {
    const before = head(api);
    const again = await counted(api, CLERK, secondInput());
    assert.equal(again.id, second.id);
    assert.deepEqual(head(api), before);
  });

  it("the same key sent twice at once records one vote", async () => {
    // A vote held on paper is on an item taken up: the record shows who served at it.
    await setCurrentItem(api, TAX);
    const before = head(api);
    const input = countInput({ itemId: TAX, yes: 25, no: 19, abstain: 1, countedAt, idempotencyKey: "paper-twice" });
    const [a, b] = await Promise.all([counted(api, CLERK, input), counted(api, CLERK, input)]);
    assert.equal(a.id, b.id);
    assert.equal(head(api).seq, before.seq + 2, "one VoteOpened and one HandCountEntered");
    assert.equal(a.item.id, TAX);
    assert.equal(a.eligible.length, 45, "the jäv was on the budget item only");
    await setCurrentItem(api, BUDGET);
  });

  it("the same key with a different count is a CONFLICT", async () => {
    await refused(api, CLERK, { ...secondInput(), no: 21 }, "CONFLICT", /already used for a different count; send a new key/);
  });

  it("keys are per user: clerk-2 may use clerk-1's key for a different vote", async () => {
    const before = head(api);
    const own = await counted(api, OTHER_CLERK, { ...secondInput(), question: null, yes: 23, no: 21, abstain: 0 });
    assert.notEqual(own.id, second.id);
    assert.equal(own.round, 3);
    assert.equal(own.handCount?.enteredBy, OTHER_CLERK);
    assert.equal(head(api).seq, before.seq + 2);
  });

  it("enterHandCount is FORBIDDEN to a member and an observer", async () => {
    for (const user of ["member-2", "observer"]) {
      await refused(api, user, countInput({ itemId: BUDGET, idempotencyKey: `${user}-paper` }), "FORBIDDEN", /Only a clerk or the chair enters a hand count\./);
    }
  });

  const badInputs: ReadonlyArray<{ readonly name: string; readonly input: () => HandCountInput; readonly message: RegExp }> = [
    { name: "a negative Nej count", input: () => countInput({ itemId: BUDGET, no: -1, idempotencyKey: "neg-no" }), message: /The Nej count must be a whole number, 0 or more\./ },
    { name: "45 answers counted with 44 eligible", input: () => countInput({ itemId: BUDGET, yes: 30, no: 15, abstain: 0, idempotencyKey: "too-many" }), message: /45 answers counted, but only 44 members may vote\./ },
    { name: "an empty reason", input: () => countInput({ itemId: BUDGET, reason: "", idempotencyKey: "no-reason" }), message: /Say why the vote was counted by hand\./ },
    { name: "a countedAt a minute in the future", input: () => countInput({ itemId: BUDGET, countedAt: secondsFrom(new Date().toISOString(), 60), idempotencyKey: "future" }), message: /cannot have been taken in the future/ },
    { name: "an empty idempotency key", input: () => countInput({ itemId: BUDGET, idempotencyKey: "" }), message: /The idempotency key must be 1-200 characters\./ },
    { name: "neither voteId nor itemId", input: () => countInput({ voteId: null, itemId: null, idempotencyKey: "nothing" }), message: /Say which item a vote held on paper was on/ },
    { name: "a voteId and an itemId that do not match", input: () => countInput({ voteId: paper.id, itemId: TAX, idempotencyKey: "mismatch" }), message: /The vote is not on that item\./ },
  ];
  for (const c of badInputs) {
    it(`${c.name} is BAD_INPUT`, async () => {
      await refused(api, CLERK, c.input(), "BAD_INPUT", c.message);
    });
  }

  it("an unknown item is NOT_FOUND", async () => {
    await refused(api, CLERK, countInput({ itemId: `${MEETING}-99`, idempotencyKey: "unknown-item" }), "NOT_FOUND", /Agenda item kf-2026-12-14-99 was not found\./);
  });

  it("while an electronic vote is open, a paper vote is a CONFLICT, but a retry of an earlier one is still answered", async () => {
    const open = await openVote(api);
    await refused(api, CLERK, countInput({ itemId: TAX, idempotencyKey: "during-vote" }), "CONFLICT", /A vote is open: close it, or enter the count for it, first\./);
    const before = head(api);
    const retry = await counted(api, CLERK, secondInput());
    assert.equal(retry.id, second.id);
    assert.deepEqual(head(api), before);
    assert.equal((await voteById(api, CHAIR, open.id)).status, "OPEN");
  });
});

describe("when a vote held on paper is entered after the meeting moved on", () => {
  let api: TestServer;
  let electronic: VoteView;
  let paper: VoteView;

  before(async () => {
    api = await startTestServer();
    await onBudgetItem(api, seats(1, 45));
    electronic = await openVote(api);
    // One answer, so that the close decides (an undecided tie would hold the item up).
    dataOf(await castBallot(api, "member-4", electronic.id, "YES"));
    await mutate(api, CHAIR, `mutation($v: ID!) { closeVote(voteId: $v) { id } }`, { v: electronic.id });
    // member-2 leaves during the budget item: from the tax item on, seat 2 is empty.
    await mutate(api, OTHER_CLERK, `mutation($m: ID!, $id: ID!) { setAttendance(meetingId: $m, memberId: $id, present: false) { id } }`, { m: MEETING, id: "member-2" });
    await setCurrentItem(api, TAX);
    // Counted a minute before the electronic round opened, entered now.
    paper = await counted(
      api,
      CLERK,
      countInput({ itemId: BUDGET, question: "Ja för bifall till förslaget", countedAt: secondsFrom(electronic.openedAt, -60), idempotencyKey: "paper-afterwards" }),
    );
  });
  after(async () => {
    await api.dispose();
  });

  it("AgendaItem.votes lists the votes in the order held, the paper vote as round 1 and the electronic round as round 2", async () => {
    const { meeting } = dataOf(
      await api.gql<{ meeting: { agenda: { id: string; votes: { id: string; round: number; method: string; openedAt: string }[] }[] } | null }>(
        "observer",
        `query($m: ID!) { meeting(id: $m) { agenda { id votes { id round method openedAt } } } }`,
        { m: MEETING },
      ),
    );
    assert.deepEqual(meeting?.agenda.find((i) => i.id === BUDGET)?.votes, [
      { id: paper.id, round: 1, method: "HAND_COUNT", openedAt: secondsFrom(electronic.openedAt, -60) },
      { id: electronic.id, round: 2, method: "ELECTRONIC", openedAt: electronic.openedAt },
    ]);
    assert.equal(paper.round, 1, "enterHandCount answers the round it took");
    assert.equal((await voteById(api, CLERK, electronic.id)).round, 2, "Vote.round of the electronic round, renumbered");
  });

  it("the eligible are those who served at the budget item: member-2, who left after it, among them", async () => {
    assert.equal(paper.eligible.length, 45);
    assert.ok(paper.eligible.some((m) => m.id === "member-2"));
  });
});

describe("when the meeting is not open", () => {
  let api: TestServer;

  before(async () => {
    api = await startTestServer();
  });
  after(async () => {
    await api.dispose();
  });

  it("before it opens, a vote held on paper is a CONFLICT", async () => {
    for (const user of [CLERK, CHAIR]) {
      await refused(api, user, countInput({ itemId: BUDGET, idempotencyKey: `${user}-early` }), "CONFLICT", /The meeting is not open yet\./);
    }
  });

  it("after it closed, a vote held on paper is a CONFLICT", async () => {
    await mutate(api, CHAIR, `mutation($m: ID!) { openMeeting(meetingId: $m) { id } }`, { m: MEETING });
    await mutate(api, CHAIR, `mutation($m: ID!) { closeMeeting(meetingId: $m) { id } }`, { m: MEETING });
    await refused(api, CLERK, countInput({ itemId: BUDGET, idempotencyKey: "late" }), "CONFLICT", /The meeting is closed\./);
  });
});
