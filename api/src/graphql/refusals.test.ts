import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { z } from "zod";
import { LocalIssuer } from "../auth/tokens.js";
import type { ErrorCode } from "../domain/errors.js";
import { codes, dataOf, refusedSubscription, startTestServer, type TestServer } from "../testing/server.js";

/**
 * Every refusal the API gives, operation by operation and error code by error code, through the
 * real server over HTTP. Each refusal must say why in a sentence and change nothing: the ledger
 * head and the read models are the same before and after it.
 */

const MEETING = "kf-2026-12-14";
const item = (n: number): string => `${MEETING}-${n}`;
const BUDGET = item(2);
const TAX = item(3);
const UNKNOWN_ITEM = item(99);
const UNKNOWN_VOTE = "no-such-vote";
const seats = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const ALL_SEATS = seats(1, 45);

// --- The operations of the contract -------------------------------------------------------------

interface Op {
  readonly name: string;
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

const op = (name: string, query: string, variables: Record<string, unknown>): Op => ({ name, query, variables });

const openMeetingOp = (meetingId = MEETING) => op("openMeeting", `mutation($m: ID!) { openMeeting(meetingId: $m) { id status } }`, { m: meetingId });

const setAttendanceOp = (memberId: string, present: boolean, meetingId = MEETING) =>
  op(
    "setAttendance",
    `mutation($m: ID!, $id: ID!, $p: Boolean!) { setAttendance(meetingId: $m, memberId: $id, present: $p) { id } }`,
    { m: meetingId, id: memberId, p: present },
  );

const assignSubstituteOp = (seat: number, substituteId: string | null, meetingId = MEETING) =>
  op(
    "assignSubstitute",
    `mutation($m: ID!, $s: Int!, $id: ID) { assignSubstitute(meetingId: $m, seat: $s, substituteId: $id) { id } }`,
    { m: meetingId, s: seat, id: substituteId },
  );

const setCurrentItemOp = (itemId: string, meetingId = MEETING) =>
  op("setCurrentItem", `mutation($m: ID!, $i: ID!) { setCurrentItem(meetingId: $m, itemId: $i) { id currentItem { id } } }`, {
    m: meetingId,
    i: itemId,
  });

const declareRecusalOp = (itemId: string, memberId: string) =>
  op("declareRecusal", `mutation($i: ID!, $id: ID!) { declareRecusal(itemId: $i, memberId: $id) { id } }`, { i: itemId, id: memberId });

const addProposalOp = (itemId: string) =>
  op(
    "addProposal",
    `mutation($i: ID!, $l: String!, $t: String!, $by: String) { addProposal(itemId: $i, label: $l, text: $t, proposedBy: $by) { id } }`,
    { i: itemId, l: "Liberalernas yrkande", t: "Ärendet återremitteras.", by: "Liberalerna" },
  );

interface OpenVoteFields {
  readonly itemId?: string;
  readonly method?: string;
  readonly question?: string;
  readonly yesProposalId?: string | null;
  readonly noProposalId?: string | null;
  readonly majority?: string;
}

const openVoteOp = (fields: OpenVoteFields = {}) =>
  op("openVote", `mutation($in: OpenVoteInput!) { openVote(input: $in) { id status } }`, {
    in: {
      itemId: BUDGET,
      method: "ELECTRONIC",
      question: "Ja för kommunstyrelsens förslag, nej för Moderaternas förslag",
      yesProposalId: `${BUDGET}-a`,
      noProposalId: `${BUDGET}-b`,
      ...fields,
    },
  });

const castBallotOp = (voteId: string, choice: string, key: string) =>
  op(
    "castBallot",
    `mutation($v: ID!, $c: Choice!, $k: String!) { castBallot(voteId: $v, choice: $c, idempotencyKey: $k) { choice member { id } } }`,
    { v: voteId, c: choice, k: key },
  );

const recordBallotOp = (voteId: string, memberId: string, choice: string, key: string) =>
  op(
    "recordBallot",
    `mutation($v: ID!, $id: ID!, $c: Choice!, $k: String!) { recordBallot(voteId: $v, memberId: $id, choice: $c, idempotencyKey: $k) { choice member { id } } }`,
    { v: voteId, id: memberId, c: choice, k: key },
  );

const closeVoteOp = (voteId: string) => op("closeVote", `mutation($v: ID!) { closeVote(voteId: $v) { id status } }`, { v: voteId });

const resolveTieOp = (voteId: string) =>
  op("resolveTie", `mutation($v: ID!, $c: Choice!) { resolveTie(voteId: $v, choice: $c) { id } }`, { v: voteId, c: "YES" });

const cancelVoteOp = (voteId: string) =>
  op("cancelVote", `mutation($v: ID!, $r: String!) { cancelVote(voteId: $v, reason: $r) { id } }`, { v: voteId, r: "Fel förslag på Ja-sidan." });

const enterHandCountOp = (fields: { voteId?: string; itemId?: string; yes?: number; no?: number }) =>
  op("enterHandCount", `mutation($in: HandCountInput!) { enterHandCount(input: $in) { id } }`, {
    in: {
      question: "Bifall till kommunstyrelsens förslag?",
      yes: 23,
      no: 20,
      abstain: 2,
      ...fields,
      // Counted just now: after the vote opened and not in the future.
      countedAt: new Date().toISOString(),
      reason: "Voteringssystemet gick ner.",
      idempotencyKey: "hand-count-1",
    },
  });

const recordDecisionOp = (itemId: string, text: string) =>
  op("recordDecision", `mutation($i: ID!, $t: String!) { recordDecision(itemId: $i, text: $t) { id decision } }`, { i: itemId, t: text });

const closeMeetingOp = (meetingId = MEETING) => op("closeMeeting", `mutation($m: ID!) { closeMeeting(meetingId: $m) { id status } }`, { m: meetingId });

const ledgerOp = (variables: { meetingId?: string; first?: number; afterSeq?: number } = {}) =>
  op("ledger", `query($m: ID!, $first: Int, $after: Int) { ledger(meetingId: $m, first: $first, afterSeq: $after) { seq type } }`, {
    m: variables.meetingId ?? MEETING,
    ...(variables.first === undefined ? {} : { first: variables.first }),
    ...(variables.afterSeq === undefined ? {} : { after: variables.afterSeq }),
  });

const verifyLedgerOp = () => op("verifyLedger", `{ verifyLedger { ok readModelsMatch entries head { seq hash } } }`, {});

/** Every mutation of the contract, with arguments that name real things. */
const EVERY_MUTATION: readonly Op[] = [
  openMeetingOp(),
  setAttendanceOp("member-3", true),
  assignSubstituteOp(2, "sub-S-1"),
  setCurrentItemOp(BUDGET),
  declareRecusalOp(BUDGET, "member-3"),
  addProposalOp(BUDGET),
  openVoteOp(),
  castBallotOp(UNKNOWN_VOTE, "YES", "k-1"),
  recordBallotOp(UNKNOWN_VOTE, "member-3", "YES", "k-1"),
  closeVoteOp(UNKNOWN_VOTE),
  resolveTieOp(UNKNOWN_VOTE),
  cancelVoteOp(UNKNOWN_VOTE),
  enterHandCountOp({ itemId: BUDGET }),
  recordDecisionOp(BUDGET, "Fullmäktige fastställer budget 2027."),
  closeMeetingOp(),
];

// --- What a refusal must be ----------------------------------------------------------------------

interface Head {
  readonly seq: number;
  readonly hash: string;
}

/** A copy of the ledger head now (a copy, so a head changed in place would still show). */
function head(api: TestServer): Head {
  const { seq, hash } = api.server.council.head;
  return { seq, hash };
}

const SNAPSHOT = `query($m: ID!) {
  meeting(id: $m) {
    status currentItem { id } quorum { required present met }
    seats { number status servedBy { id } }
    agenda { id status decision recusals { id } proposals { id }
      votes { id status eligible { id } tally { yes no abstain notVoted eligible } result { outcome decidedBy }
        ballots { member { id } choice source recordedBy } } }
  }
}`;

/** What the read models say about the meeting, as the chair (who sees every ballot) reads it. */
async function snapshot(api: TestServer): Promise<unknown> {
  return dataOf(await api.gql("member-1", SNAPSHOT, { m: MEETING }));
}

/** A message a person can read: a sentence, not a stack trace or an internal name. */
function assertReadable(message: string): void {
  assert.ok(message.length >= 12, `too short to explain anything: ${JSON.stringify(message)}`);
  assert.match(message, /\s/, `not a sentence: ${JSON.stringify(message)}`);
  assert.match(message, /[.!?]$/, `a sentence ends with a full stop: ${JSON.stringify(message)}`);
  assert.doesNotMatch(message, /undefined|\bnull\b|\[object|Unexpected error|TypeError|at \S+ \(/, `not for people: ${JSON.stringify(message)}`);
}

/**
 * Sends `operation` as `caller` and checks that it is refused with `code` and a readable message
 * matching `message`, and that nothing changed. Returns the message.
 */
async function refuse(api: TestServer, caller: string | null, operation: Op, code: ErrorCode, message: RegExp): Promise<string> {
  const headBefore = head(api);
  const stateBefore = await snapshot(api);
  const res = await api.gql(caller, operation.query, operation.variables);
  assert.deepEqual(codes(res), [code], `${operation.name} as ${caller ?? "nobody"}: ${JSON.stringify(res.errors)}`);
  const answered = res.data === null ? [] : Object.values(res.data);
  assert.ok(answered.every((v) => v === null), `${operation.name} was refused, so it answers no data`);
  const text = res.errors[0]?.message ?? "";
  assertReadable(text);
  assert.match(text, message);
  assert.deepEqual(head(api), headBefore, `a refused ${operation.name} appends nothing to the ledger`);
  assert.deepEqual(await snapshot(api), stateBefore, `a refused ${operation.name} changes no read model`);
  return text;
}

/** Sends a mutation that must succeed and append to the ledger; returns its data. */
async function succeed<T>(api: TestServer, as: string, operation: Op): Promise<T> {
  const headBefore = head(api);
  const data = dataOf(await api.gql<T>(as, operation.query, operation.variables));
  assert.ok(head(api).seq > headBefore.seq, `${operation.name} appended to the ledger`);
  return data;
}

// --- Building state ---------------------------------------------------------------------------

async function openMeeting(api: TestServer): Promise<void> {
  await succeed(api, "member-1", openMeetingOp());
}

/** The clerk's roll-call: these seats' holders present (the others stay absent). */
async function rollCall(api: TestServer, presentSeats: readonly number[]): Promise<void> {
  await Promise.all(presentSeats.map((seat) => succeed(api, "clerk-1", setAttendanceOp(`member-${seat}`, true))));
}

async function setCurrentItem(api: TestServer, itemId: string): Promise<void> {
  await succeed(api, "member-1", setCurrentItemOp(itemId));
}

async function openVote(api: TestServer, fields: OpenVoteFields = {}): Promise<string> {
  const data = await succeed<{ openVote: { id: string; status: string } }>(api, "member-1", openVoteOp(fields));
  assert.equal(data.openVote.status, "OPEN");
  return data.openVote.id;
}

async function closeVote(api: TestServer, voteId: string): Promise<void> {
  await succeed(api, "member-1", closeVoteOp(voteId));
}

/** A meeting open, these seats present, the budget item current. */
async function budgetItemWith(api: TestServer, presentSeats: readonly number[]): Promise<void> {
  await openMeeting(api);
  await rollCall(api, presentSeats);
  await setCurrentItem(api, BUDGET);
}

/** The Authorization header for a token. */
const bearer = (token: string): string => `Bearer ${token}`;

const ErrorBody = z.object({
  data: z.record(z.string(), z.unknown()).nullable().optional(),
  errors: z.array(z.object({ message: z.string(), extensions: z.object({ code: z.string().optional() }).optional() })).optional(),
});

/** POSTs with exactly this Authorization header (the fixture only sends "Bearer ..." as is). */
async function withHeader(api: TestServer, authorization: string, operation: Op) {
  const res = await fetch(`${api.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization },
    body: JSON.stringify({ query: operation.query, variables: operation.variables }),
  });
  const body = ErrorBody.parse(await res.json());
  return { status: res.status, data: body.data ?? null, errors: body.errors ?? [] };
}

/** Subscribes over Server-Sent Events (as a browser does) and reads the whole stream a refusal gives. */
async function subscribeRefused(api: TestServer, authorization: string | null, operation: Op) {
  const { status, body: json } = await refusedSubscription(api.url, authorization, operation);
  const body = ErrorBody.parse(json);
  return { status, data: body.data ?? null, errors: body.errors ?? [] };
}

// --- The refusals, by the state they are given in ---------------------------------------------

describe("without a valid token", () => {
  let api: TestServer;
  let issuer: LocalIssuer;

  before(async () => {
    api = await startTestServer();
    const own = api.server.issuer;
    assert.ok(own, "a demo-mode server signs its own tokens");
    issuer = own;
  });
  after(async () => {
    await api.dispose();
  });

  for (const operation of EVERY_MUTATION) {
    it(`${operation.name} is UNAUTHENTICATED without a token and with a token that is not a JWT`, async () => {
      await refuse(api, null, operation, "UNAUTHENTICATED", /Sign in: send a bearer token/);
      await refuse(api, "Bearer not-a-jwt", operation, "UNAUTHENTICATED", /token is not valid/);
    });
  }

  it("refuses an Authorization header that is not 'Bearer <token>'", async () => {
    const headBefore = head(api);
    for (const header of ["Basic bWVtYmVyLTE6cHc=", "Bearer", `Token ${await api.token("member-1")}`]) {
      const res = await withHeader(api, header, openMeetingOp());
      assert.deepEqual(codes(res), ["UNAUTHENTICATED"], header);
      assertReadable(res.errors[0]?.message ?? "");
      assert.match(res.errors[0]?.message ?? "", /must be 'Bearer <token>'/);
    }
    assert.deepEqual(head(api), headBefore);
  });

  it("refuses the chair's own token when it has expired", async () => {
    const expired = await issuer.sign("member-1", { seconds: -60 });
    await refuse(api, bearer(expired), openMeetingOp(), "UNAUTHENTICATED", /expired: sign in again/);
  });

  it("refuses the chair's token for another audience", async () => {
    const otherAudience = await issuer.sign("member-1", { audience: "other" });
    await refuse(api, bearer(otherAudience), openMeetingOp(), "UNAUTHENTICATED", /not for this application.*aud/);
  });

  it("refuses the chair's token from another issuer", async () => {
    const otherIssuer = await issuer.sign("member-1", { issuer: "urn:other" });
    await refuse(api, bearer(otherIssuer), openMeetingOp(), "UNAUTHENTICATED", /not for this application.*iss/);
  });

  it("refuses a token for the chair signed with another installation's key", async () => {
    const dir = await mkdtemp(join(tmpdir(), "council-other-issuer-"));
    try {
      const stranger = await LocalIssuer.inDataDir(dir);
      const forged = await stranger.sign("member-1");
      await refuse(api, bearer(forged), openMeetingOp(), "UNAUTHENTICATED", /signature does not verify/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a valid token for a user on no roster", async () => {
    const stranger = await issuer.sign("stranger");
    await refuse(api, bearer(stranger), openMeetingOp(), "UNAUTHENTICATED", /not on the roster/);
    await refuse(api, bearer(stranger), verifyLedgerOp(), "UNAUTHENTICATED", /not on the roster/);
  });

  it("refuses every query without a token", async () => {
    for (const query of [
      op("viewer", `{ viewer { userId } }`, {}),
      op("assemblies", `{ assemblies { id } }`, {}),
      op("meeting", `query($m: ID!) { meeting(id: $m) { id } }`, { m: MEETING }),
      op("vote", `{ vote(id: "${UNKNOWN_VOTE}") { id } }`, {}),
      op("meetingForTeams", `{ meetingForTeams(teamsMeetingId: "teams-1") { id } }`, {}),
      ledgerOp(),
      verifyLedgerOp(),
    ]) {
      await refuse(api, null, query, "UNAUTHENTICATED", /Sign in/);
    }
  });

  it("accepts the chair's valid token for the very operation refused above", async () => {
    const data = await succeed<{ openMeeting: { status: string } }>(api, "member-1", openMeetingOp());
    assert.equal(data.openMeeting.status, "OPEN");
  });
});

describe("when the meeting is scheduled", () => {
  let api: TestServer;

  before(async () => {
    api = await startTestServer();
  });
  after(async () => {
    await api.dispose();
  });

  it("openMeeting is FORBIDDEN to everyone but the chair", async () => {
    for (const user of ["member-2", "clerk-1", "admin", "observer", "sub-S-1"]) {
      await refuse(api, user, openMeetingOp(), "FORBIDDEN", /Only the chair opens the meeting\./);
    }
  });

  it("openMeeting of an unknown meeting is NOT_FOUND", async () => {
    await refuse(api, "member-1", openMeetingOp("nope"), "NOT_FOUND", /Meeting nope was not found\./);
  });

  it("setAttendance is a CONFLICT before the meeting opens", async () => {
    await refuse(api, "clerk-1", setAttendanceOp("member-3", true), "CONFLICT", /not open yet/);
  });

  it("assignSubstitute is a CONFLICT before the meeting opens", async () => {
    await refuse(api, "clerk-1", assignSubstituteOp(2, "sub-S-1"), "CONFLICT", /not open yet/);
  });

  it("setCurrentItem is a CONFLICT before the meeting opens", async () => {
    await refuse(api, "member-1", setCurrentItemOp(BUDGET), "CONFLICT", /not open yet/);
  });

  it("openVote is a CONFLICT before the meeting opens", async () => {
    await refuse(api, "member-1", openVoteOp(), "CONFLICT", /not open yet/);
  });

  it("recordDecision is a CONFLICT before the meeting opens", async () => {
    await refuse(api, "clerk-1", recordDecisionOp(BUDGET, "Budgeten fastställs."), "CONFLICT", /not open yet/);
  });

  it("closeMeeting is a CONFLICT before the meeting opens", async () => {
    await refuse(api, "member-1", closeMeetingOp(), "CONFLICT", /not open yet/);
  });

  it("a vote held on paper cannot be entered before the meeting opens", async () => {
    for (const user of ["member-1", "clerk-1"]) {
      await refuse(api, user, enterHandCountOp({ itemId: BUDGET }), "CONFLICT", /not open yet/);
    }
  });

  it("the chair can open it (the refusals above were for who asked, not for the meeting)", async () => {
    await openMeeting(api);
  });
});

describe("when the meeting is open and only 22 seats are present", () => {
  let api: TestServer;

  before(async () => {
    api = await startTestServer();
    await budgetItemWith(api, seats(1, 22));
  });
  after(async () => {
    await api.dispose();
  });

  it("openMeeting is a CONFLICT: it is already open", async () => {
    await refuse(api, "member-1", openMeetingOp(), "CONFLICT", /already open/);
  });

  it("openVote is a CONFLICT: the meeting is not quorate", async () => {
    await refuse(api, "member-1", openVoteOp(), "CONFLICT", /not quorate: 22 seats are served, 23 are needed/);
  });

  it("setAttendance is FORBIDDEN to an observer, an admin and a member", async () => {
    for (const user of ["observer", "admin", "member-2"]) {
      await refuse(api, user, setAttendanceOp("member-23", true), "FORBIDDEN", /Only the chair or a clerk records attendance\./);
    }
  });

  it("setAttendance of an unknown meeting or member is NOT_FOUND", async () => {
    await refuse(api, "clerk-1", setAttendanceOp("member-23", true, "nope"), "NOT_FOUND", /Meeting nope was not found/);
    await refuse(api, "clerk-1", setAttendanceOp("member-99", true), "NOT_FOUND", /Member member-99 of .* was not found/);
  });

  it("assignSubstitute is FORBIDDEN to an observer and a member", async () => {
    for (const user of ["observer", "member-2"]) {
      await refuse(api, user, assignSubstituteOp(30, "sub-C-1"), "FORBIDDEN", /Only the chair or a clerk seats a substitute\./);
    }
  });

  it("assignSubstitute of an unknown meeting or substitute is NOT_FOUND", async () => {
    await refuse(api, "clerk-1", assignSubstituteOp(30, "sub-C-1", "nope"), "NOT_FOUND", /Meeting nope was not found/);
    await refuse(api, "clerk-1", assignSubstituteOp(30, "sub-C-9"), "NOT_FOUND", /Member sub-C-9 of .* was not found/);
  });

  it("assignSubstitute to a seat that does not exist is BAD_INPUT", async () => {
    await refuse(api, "clerk-1", assignSubstituteOp(99, "sub-C-1"), "BAD_INPUT", /There is no seat 99: seats are numbered 1-45\./);
    await refuse(api, "clerk-1", assignSubstituteOp(0, "sub-C-1"), "BAD_INPUT", /There is no seat 0/);
  });

  it("assignSubstitute of a substitute of another party is BAD_INPUT", async () => {
    // Seat 30 is held by C; sub-S-1 is a Social Democrat.
    await refuse(api, "clerk-1", assignSubstituteOp(30, "sub-S-1"), "BAD_INPUT", /\(S\) cannot serve in seat 30: .*same party \(C\)/);
  });

  it("assignSubstitute of an ordinary member is BAD_INPUT", async () => {
    await refuse(api, "clerk-1", assignSubstituteOp(30, "member-31"), "BAD_INPUT", /is an ordinary member, not a substitute\./);
  });

  it("assignSubstitute for a holder who is present is a CONFLICT", async () => {
    await refuse(api, "clerk-1", assignSubstituteOp(2, "sub-S-1"), "CONFLICT", /present in seat 2; record them absent before a substitute steps in\./);
  });

  it("setCurrentItem is FORBIDDEN to a clerk and a member", async () => {
    for (const user of ["clerk-1", "member-2"]) {
      await refuse(api, user, setCurrentItemOp(TAX), "FORBIDDEN", /Only the chair moves between agenda items\./);
    }
  });

  it("setCurrentItem to an unknown meeting or item is NOT_FOUND", async () => {
    await refuse(api, "member-1", setCurrentItemOp(TAX, "nope"), "NOT_FOUND", /Meeting nope was not found/);
    await refuse(api, "member-1", setCurrentItemOp(UNKNOWN_ITEM), "NOT_FOUND", /Agenda item kf-2026-12-14-99 of this meeting was not found/);
  });

  it("recordDecision is FORBIDDEN to a member and an observer", async () => {
    for (const user of ["member-2", "observer"]) {
      await refuse(api, user, recordDecisionOp(BUDGET, "Budgeten fastställs."), "FORBIDDEN", /Only the chair or a clerk records a decision\./);
    }
  });

  it("recordDecision on an unknown item is NOT_FOUND", async () => {
    await refuse(api, "clerk-1", recordDecisionOp(UNKNOWN_ITEM, "Budgeten fastställs."), "NOT_FOUND", /Agenda item kf-2026-12-14-99 was not found/);
  });

  it("recordDecision with an empty or oversized text is BAD_INPUT", async () => {
    await refuse(api, "clerk-1", recordDecisionOp(BUDGET, ""), "BAD_INPUT", /The decision needs a text\./);
    await refuse(api, "clerk-1", recordDecisionOp(BUDGET, " \n\t "), "BAD_INPUT", /The decision needs a text\./);
    await refuse(api, "clerk-1", recordDecisionOp(BUDGET, "x".repeat(20_001)), "BAD_INPUT", /longer than 20000 characters/);
  });

  it("closeMeeting is FORBIDDEN to a clerk and an admin", async () => {
    for (const user of ["clerk-1", "admin"]) {
      await refuse(api, user, closeMeetingOp(), "FORBIDDEN", /Only the chair closes the meeting\./);
    }
  });

  it("closeMeeting of an unknown meeting is NOT_FOUND", async () => {
    await refuse(api, "member-1", closeMeetingOp("nope"), "NOT_FOUND", /Meeting nope was not found/);
  });

  it("castBallot, recordBallot and closeVote of an unknown vote are NOT_FOUND", async () => {
    await refuse(api, "member-2", castBallotOp(UNKNOWN_VOTE, "YES", "k-1"), "NOT_FOUND", /Vote no-such-vote was not found/);
    await refuse(api, "clerk-1", recordBallotOp(UNKNOWN_VOTE, "member-2", "YES", "k-1"), "NOT_FOUND", /Vote no-such-vote was not found/);
    await refuse(api, "member-1", closeVoteOp(UNKNOWN_VOTE), "NOT_FOUND", /Vote no-such-vote was not found/);
  });

  it("a 23rd seat recorded during the item counts only from the next item: still not quorate", async () => {
    await succeed(api, "clerk-1", setAttendanceOp("member-23", true));
    await refuse(api, "member-1", openVoteOp(), "CONFLICT", /not quorate: 22 seats are served, 23 are needed/);
  });

  it("with 23 seats in effect (the item taken up again after another) the same vote opens", async () => {
    await setCurrentItem(api, `${MEETING}-3`);
    await setCurrentItem(api, BUDGET);
    await openVote(api);
  });
});

describe("when an item is current and the meeting is quorate", () => {
  let api: TestServer;

  before(async () => {
    api = await startTestServer();
    // Seats 2 (S), 44 and 45 (MP) absent; sub-MP-1 serves in seat 45.
    await budgetItemWith(api, ALL_SEATS.filter((s) => ![2, 44, 45].includes(s)));
    await succeed(api, "clerk-1", assignSubstituteOp(45, "sub-MP-1"));
  });
  after(async () => {
    await api.dispose();
  });

  it("openVote is FORBIDDEN to a clerk, a member and an admin", async () => {
    for (const user of ["clerk-1", "member-3", "admin"]) {
      await refuse(api, user, openVoteOp(), "FORBIDDEN", /Only the chair opens a vote\./);
    }
  });

  it("openVote on an unknown item is NOT_FOUND", async () => {
    await refuse(api, "member-1", openVoteOp({ itemId: UNKNOWN_ITEM }), "NOT_FOUND", /Agenda item kf-2026-12-14-99 was not found/);
  });

  it("openVote with an empty or oversized question is BAD_INPUT", async () => {
    await refuse(api, "member-1", openVoteOp({ question: "" }), "BAD_INPUT", /A vote needs a question\./);
    await refuse(api, "member-1", openVoteOp({ question: "   " }), "BAD_INPUT", /A vote needs a question\./);
    await refuse(api, "member-1", openVoteOp({ question: "?".repeat(1001) }), "BAD_INPUT", /longer than 1000 characters/);
  });

  it("openVote with the HAND_COUNT method is BAD_INPUT", async () => {
    await refuse(api, "member-1", openVoteOp({ method: "HAND_COUNT" }), "BAD_INPUT", /hand count is not opened: enter its counted result with enterHandCount/);
  });

  it("openVote with a proposal that is not on the item is BAD_INPUT", async () => {
    await refuse(api, "member-1", openVoteOp({ yesProposalId: `${TAX}-a` }), "BAD_INPUT", /Proposal kf-2026-12-14-3-a is not on this item\./);
    await refuse(api, "member-1", openVoteOp({ noProposalId: "no-such-proposal" }), "BAD_INPUT", /Proposal no-such-proposal is not on this item\./);
  });

  it("openVote with the same proposal on both sides is BAD_INPUT", async () => {
    await refuse(
      api,
      "member-1",
      openVoteOp({ yesProposalId: `${BUDGET}-a`, noProposalId: `${BUDGET}-a` }),
      "BAD_INPUT",
      /The Ja and Nej sides must be different proposals\./,
    );
  });

  it("openVote on an item that is not current is a CONFLICT", async () => {
    await refuse(
      api,
      "member-1",
      openVoteOp({ itemId: TAX, yesProposalId: `${TAX}-a`, noProposalId: `${TAX}-b` }),
      "CONFLICT",
      /Item §3 is not the current item\./,
    );
  });

  it("assignSubstitute of a substitute who already serves in another seat is a CONFLICT", async () => {
    await refuse(api, "clerk-1", assignSubstituteOp(44, "sub-MP-1"), "CONFLICT", /That substitute already serves in seat 45\./);
  });

  it("the chair opens the vote with a well-formed question (the refusals above were for the input alone)", async () => {
    await openVote(api);
  });
});

describe("when a vote is open", () => {
  let api: TestServer;
  let voteId: string;

  before(async () => {
    api = await startTestServer();
    // Seat 2 absent: member-2 does not serve and sub-S-1 is not seated.
    await budgetItemWith(api, ALL_SEATS.filter((s) => s !== 2));
    voteId = await openVote(api);
    await succeed(api, "member-3", castBallotOp(voteId, "YES", "member-3-key-1"));
    await succeed(api, "clerk-1", recordBallotOp(voteId, "member-5", "YES", "clerk-1-key-1"));
  });
  after(async () => {
    await api.dispose();
  });

  it("openVote is a CONFLICT: another vote is open", async () => {
    await refuse(api, "member-1", openVoteOp(), "CONFLICT", /Another vote is open: close it first\./);
  });

  it("setAttendance is a CONFLICT while a vote is open", async () => {
    await refuse(api, "clerk-1", setAttendanceOp("member-2", true), "CONFLICT", /attendance cannot change until it closes/);
    await refuse(api, "clerk-1", setAttendanceOp("member-3", false), "CONFLICT", /attendance cannot change until it closes/);
  });

  it("assignSubstitute is a CONFLICT while a vote is open", async () => {
    await refuse(api, "clerk-1", assignSubstituteOp(2, "sub-S-1"), "CONFLICT", /attendance cannot change until it closes/);
  });

  it("setCurrentItem is a CONFLICT while a vote is open", async () => {
    await refuse(api, "member-1", setCurrentItemOp(TAX), "CONFLICT", /A vote is open: close it before moving to another item\./);
  });

  it("recordDecision on the item is a CONFLICT while its vote is open", async () => {
    await refuse(api, "clerk-1", recordDecisionOp(BUDGET, "Budgeten fastställs."), "CONFLICT", /close it before recording the decision/);
  });

  it("closeMeeting is a CONFLICT while a vote is open", async () => {
    await refuse(api, "member-1", closeMeetingOp(), "CONFLICT", /A vote is open: close it before closing the meeting\./);
  });

  it("castBallot is FORBIDDEN to a member who does not serve in a seat", async () => {
    await refuse(api, "member-2", castBallotOp(voteId, "YES", "member-2-key-1"), "FORBIDDEN", /not serving in a seat in this vote/);
    await refuse(api, "sub-S-1", castBallotOp(voteId, "YES", "sub-S-1-key-1"), "FORBIDDEN", /not serving in a seat in this vote/);
  });

  it("castBallot is FORBIDDEN to a user who is not a member", async () => {
    for (const user of ["clerk-1", "observer", "admin"]) {
      await refuse(api, user, castBallotOp(voteId, "YES", `${user}-own-device`), "FORBIDDEN", /Only members vote\./);
    }
  });

  it("castBallot is FORBIDDEN to a clerk even with a key the clerk used for recordBallot (not a key CONFLICT)", async () => {
    await refuse(api, "clerk-1", castBallotOp(voteId, "YES", "clerk-1-key-1"), "FORBIDDEN", /Only members vote\./);
    await refuse(api, "clerk-1", castBallotOp(voteId, "NO", "clerk-1-key-1"), "FORBIDDEN", /Only members vote\./);
  });

  it("castBallot with an empty, blank or oversized idempotency key is BAD_INPUT", async () => {
    for (const key of ["", "   ", "k".repeat(201)]) {
      await refuse(api, "member-4", castBallotOp(voteId, "YES", key), "BAD_INPUT", /idempotency key must be 1-200 characters/);
    }
  });

  it("castBallot with a used idempotency key and a different choice is a CONFLICT", async () => {
    await refuse(api, "member-3", castBallotOp(voteId, "NO", "member-3-key-1"), "CONFLICT", /already used for a different answer; send a new key/);
  });

  it("castBallot retried with the same key and choice is answered without a second ballot", async () => {
    const headBefore = head(api);
    const retry = castBallotOp(voteId, "YES", "member-3-key-1");
    const data = dataOf(await api.gql<{ castBallot: { choice: string } }>("member-3", retry.query, retry.variables));
    assert.equal(data.castBallot.choice, "YES");
    assert.deepEqual(head(api), headBefore);
  });

  it("recordBallot is FORBIDDEN to a member and an observer", async () => {
    await refuse(api, "member-3", recordBallotOp(voteId, "member-4", "NO", "member-3-for-4"), "FORBIDDEN", /Only the chair or a clerk records a member's answer\./);
    await refuse(api, "observer", recordBallotOp(voteId, "member-4", "NO", "observer-for-4"), "FORBIDDEN", /Only the chair or a clerk records a member's answer\./);
  });

  it("recordBallot for an unknown member is NOT_FOUND", async () => {
    await refuse(api, "clerk-1", recordBallotOp(voteId, "member-99", "NO", "clerk-1-key-99"), "NOT_FOUND", /Member member-99 of .* was not found/);
  });

  it("recordBallot with an empty idempotency key is BAD_INPUT", async () => {
    await refuse(api, "clerk-1", recordBallotOp(voteId, "member-4", "NO", ""), "BAD_INPUT", /idempotency key must be 1-200 characters/);
  });

  it("recordBallot for a member who is not eligible is a CONFLICT", async () => {
    await refuse(api, "clerk-1", recordBallotOp(voteId, "member-2", "NO", "clerk-1-key-2"), "CONFLICT", /is not eligible in this vote\./);
    await refuse(api, "clerk-1", recordBallotOp(voteId, "sub-S-1", "NO", "clerk-1-key-3"), "CONFLICT", /is not eligible in this vote\./);
  });

  it("recordBallot with a used idempotency key for another answer or another member is a CONFLICT", async () => {
    await refuse(api, "clerk-1", recordBallotOp(voteId, "member-5", "NO", "clerk-1-key-1"), "CONFLICT", /already used for a different answer/);
    await refuse(api, "clerk-1", recordBallotOp(voteId, "member-6", "YES", "clerk-1-key-1"), "CONFLICT", /already used for a different answer/);
  });

  it("closeVote is FORBIDDEN to a clerk and a member", async () => {
    for (const user of ["clerk-1", "member-3"]) {
      await refuse(api, user, closeVoteOp(voteId), "FORBIDDEN", /Only the chair closes a vote\./);
    }
  });

  it("enterHandCount on the open vote is FORBIDDEN to a member and BAD_INPUT for more answers than eligible members", async () => {
    await refuse(api, "member-2", enterHandCountOp({ voteId }), "FORBIDDEN", /Only a clerk or the chair enters a hand count\./);
    await refuse(api, "clerk-1", enterHandCountOp({ voteId, yes: 40, no: 40 }), "BAD_INPUT", /answers counted, but only/);
  });

  it("castBallot and recordBallot with fresh keys are taken (the refusals above were for who and how)", async () => {
    await succeed(api, "member-4", castBallotOp(voteId, "NO", "member-4-key-1"));
    await succeed(api, "clerk-1", recordBallotOp(voteId, "member-6", "ABSTAIN", "clerk-1-key-6"));
    await succeed(api, "member-3", castBallotOp(voteId, "NO", "member-3-key-2"));
  });
});

describe("when the vote is closed and the item decided", () => {
  let api: TestServer;
  let voteId: string;

  before(async () => {
    api = await startTestServer();
    await budgetItemWith(api, ALL_SEATS);
    voteId = await openVote(api);
    await succeed(api, "member-3", castBallotOp(voteId, "YES", "member-3-key-1"));
    await closeVote(api, voteId);
    await succeed(api, "clerk-1", recordDecisionOp(BUDGET, "Fullmäktige fastställer budget 2027 enligt kommunstyrelsens förslag."));
  });
  after(async () => {
    await api.dispose();
  });

  it("castBallot is a CONFLICT: the vote is closed", async () => {
    await refuse(api, "member-4", castBallotOp(voteId, "NO", "member-4-key-1"), "CONFLICT", /The vote is closed\./);
    await refuse(api, "member-3", castBallotOp(voteId, "NO", "member-3-key-2"), "CONFLICT", /The vote is closed\./);
  });

  it("recordBallot is a CONFLICT: the vote is closed", async () => {
    await refuse(api, "clerk-1", recordBallotOp(voteId, "member-4", "NO", "clerk-1-key-4"), "CONFLICT", /The vote is closed\./);
  });

  it("closeVote is a CONFLICT: the vote is already closed", async () => {
    await refuse(api, "member-1", closeVoteOp(voteId), "CONFLICT", /The vote is closed\./);
  });

  it("openVote on the decided item is a CONFLICT", async () => {
    await refuse(api, "member-1", openVoteOp(), "CONFLICT", /Item §2 is already decided\./);
  });

  it("the next item can be taken up and voted on", async () => {
    await setCurrentItem(api, TAX);
    await openVote(api, { itemId: TAX, yesProposalId: `${TAX}-a`, noProposalId: `${TAX}-b` });
  });
});

describe("when the meeting is closed", () => {
  let api: TestServer;
  let voteId: string;

  before(async () => {
    api = await startTestServer();
    await budgetItemWith(api, ALL_SEATS.filter((s) => s !== 2));
    voteId = await openVote(api);
    await closeVote(api, voteId);
    await succeed(api, "member-1", closeMeetingOp());
  });
  after(async () => {
    await api.dispose();
  });

  it("openMeeting is a CONFLICT: a closed meeting is not opened again", async () => {
    await refuse(api, "member-1", openMeetingOp(), "CONFLICT", /closed and cannot be opened again/);
  });

  it("closeMeeting is a CONFLICT: it is already closed", async () => {
    await refuse(api, "member-1", closeMeetingOp(), "CONFLICT", /The meeting is closed\./);
  });

  it("setAttendance and assignSubstitute are CONFLICTs", async () => {
    await refuse(api, "clerk-1", setAttendanceOp("member-2", true), "CONFLICT", /The meeting is closed\./);
    await refuse(api, "clerk-1", assignSubstituteOp(2, "sub-S-1"), "CONFLICT", /The meeting is closed\./);
  });

  it("setCurrentItem is a CONFLICT", async () => {
    await refuse(api, "member-1", setCurrentItemOp(TAX), "CONFLICT", /The meeting is closed\./);
  });

  it("openVote is a CONFLICT", async () => {
    await refuse(api, "member-1", openVoteOp(), "CONFLICT", /The meeting is closed\./);
  });

  it("recordDecision is a CONFLICT", async () => {
    await refuse(api, "clerk-1", recordDecisionOp(BUDGET, "Budgeten fastställs."), "CONFLICT", /The meeting is closed\./);
  });

  it("castBallot and recordBallot on its vote are CONFLICTs", async () => {
    await refuse(api, "member-3", castBallotOp(voteId, "YES", "member-3-late"), "CONFLICT", /The vote is closed\./);
    await refuse(api, "clerk-1", recordBallotOp(voteId, "member-3", "YES", "clerk-1-late"), "CONFLICT", /The vote is closed\./);
  });

  it("the ledger still verifies after all the refusals", async () => {
    const data = dataOf(
      await api.gql<{ verifyLedger: { ok: boolean; readModelsMatch: boolean; entries: number; head: Head } }>("observer", verifyLedgerOp().query),
    );
    assert.equal(data.verifyLedger.ok, true);
    assert.equal(data.verifyLedger.readModelsMatch, true);
    assert.deepEqual(data.verifyLedger.head, head(api));
  });
});

describe("reading the ledger and the meeting", () => {
  let api: TestServer;
  let issuer: LocalIssuer;

  before(async () => {
    api = await startTestServer();
    const own = api.server.issuer;
    assert.ok(own);
    issuer = own;
    await openMeeting(api);
  });
  after(async () => {
    await api.dispose();
  });

  it("ledger is FORBIDDEN to a member, a substitute and an observer", async () => {
    for (const user of ["member-2", "sub-S-1", "observer"]) {
      await refuse(api, user, ledgerOp(), "FORBIDDEN", /Only the chair, clerks and admins read the ledger\./);
    }
  });

  it("ledger is read by the chair, a clerk and an admin, in seq order", async () => {
    for (const user of ["member-1", "clerk-1", "clerk-2", "admin"]) {
      const { ledger } = dataOf(await api.gql<{ ledger: { seq: number; type: string }[] }>(user, ledgerOp().query, ledgerOp().variables));
      assert.deepEqual(
        ledger.map((e) => e.type),
        ["MeetingScheduled", "MeetingOpened"],
        `${user} reads the meeting's entries`,
      );
      assert.ok(ledger.every((e, i) => i === 0 || e.seq > (ledger[i - 1]?.seq ?? Infinity)));
    }
  });

  it("ledger with first 0 or 1001, or a negative afterSeq, is BAD_INPUT; 1 and 1000 are fine", async () => {
    await refuse(api, "clerk-1", ledgerOp({ first: 0 }), "BAD_INPUT", /first must be 1-1000\./);
    await refuse(api, "clerk-1", ledgerOp({ first: 1001 }), "BAD_INPUT", /first must be 1-1000\./);
    await refuse(api, "clerk-1", ledgerOp({ first: -1 }), "BAD_INPUT", /first must be 1-1000\./);
    await refuse(api, "clerk-1", ledgerOp({ afterSeq: -1 }), "BAD_INPUT", /afterSeq cannot be negative\./);
    for (const first of [1, 1000]) {
      const { ledger } = dataOf(await api.gql<{ ledger: unknown[] }>("clerk-1", ledgerOp({ first }).query, ledgerOp({ first }).variables));
      assert.equal(ledger.length, Math.min(first, 2));
    }
  });

  it("ledger of an unknown meeting is NOT_FOUND", async () => {
    await refuse(api, "clerk-1", ledgerOp({ meetingId: "nope" }), "NOT_FOUND", /Meeting nope was not found\./);
  });

  it("ledger is UNAUTHENTICATED without a token or with an expired one", async () => {
    await refuse(api, null, ledgerOp(), "UNAUTHENTICATED", /Sign in/);
    await refuse(api, bearer(await issuer.sign("clerk-1", { seconds: -60 })), ledgerOp(), "UNAUTHENTICATED", /expired/);
  });

  it("meeting and vote of an unknown id are null, not an error", async () => {
    const res = await api.gql<{ meeting: unknown; vote: unknown }>("observer", `{ meeting(id: "nope") { id } vote(id: "${UNKNOWN_VOTE}") { id } }`);
    assert.deepEqual(codes(res), []);
    assert.deepEqual(res.data, { meeting: null, vote: null });
  });

  it("verifyLedger is UNAUTHENTICATED without a token and answers anyone signed in", async () => {
    await refuse(api, null, verifyLedgerOp(), "UNAUTHENTICATED", /Sign in: send a bearer token/);
    for (const user of ["observer", "member-2", "sub-S-1"]) {
      const data = dataOf(await api.gql<{ verifyLedger: { ok: boolean; head: Head } }>(user, verifyLedgerOp().query));
      assert.equal(data.verifyLedger.ok, true);
      assert.deepEqual(data.verifyLedger.head, head(api));
    }
  });

  it("a token for an unknown user, an expired one, and one for another audience or issuer are UNAUTHENTICATED", async () => {
    const cases: ReadonlyArray<{ token: Promise<string>; message: RegExp }> = [
      { token: issuer.sign("stranger"), message: /not on the roster/ },
      { token: issuer.sign("member-1", { seconds: -60 }), message: /expired/ },
      { token: issuer.sign("member-1", { audience: "other" }), message: /not for this application/ },
      { token: issuer.sign("member-1", { issuer: "urn:other" }), message: /not for this application/ },
    ];
    for (const { token, message } of cases) {
      await refuse(api, bearer(await token), verifyLedgerOp(), "UNAUTHENTICATED", message);
      await refuse(api, bearer(await token), op("viewer", `{ viewer { userId } }`, {}), "UNAUTHENTICATED", message);
    }
  });
});

describe("subscribing", () => {
  let api: TestServer;
  let issuer: LocalIssuer;

  before(async () => {
    api = await startTestServer();
    const own = api.server.issuer;
    assert.ok(own);
    issuer = own;
  });
  after(async () => {
    await api.dispose();
  });

  const meetingUpdated = (meetingId: string) =>
    op("meetingUpdated", `subscription($m: ID!) { meetingUpdated(meetingId: $m) { id status } }`, { m: meetingId });
  const voteUpdated = (voteId: string) => op("voteUpdated", `subscription($v: ID!) { voteUpdated(voteId: $v) { id status } }`, { v: voteId });

  async function refusedStream(authorization: string | null, operation: Op, code: ErrorCode, message: RegExp): Promise<void> {
    const headBefore = head(api);
    const res = await subscribeRefused(api, authorization, operation);
    assert.deepEqual(codes(res), [code], JSON.stringify(res.errors));
    const text = res.errors[0]?.message ?? "";
    assertReadable(text);
    assert.match(text, message);
    assert.deepEqual(head(api), headBefore);
  }

  it("meetingUpdated and voteUpdated are UNAUTHENTICATED without a token or with an expired one", async () => {
    const expired = bearer(await issuer.sign("observer", { seconds: -60 }));
    for (const operation of [meetingUpdated(MEETING), voteUpdated(UNKNOWN_VOTE)]) {
      await refusedStream(null, operation, "UNAUTHENTICATED", /Sign in: send a bearer token/);
      await refusedStream(expired, operation, "UNAUTHENTICATED", /expired/);
    }
  });

  it("meetingUpdated of an unknown meeting is NOT_FOUND", async () => {
    await refusedStream(bearer(await api.token("observer")), meetingUpdated("nope"), "NOT_FOUND", /Meeting nope was not found\./);
  });

  it("voteUpdated of an unknown vote is NOT_FOUND", async () => {
    await refusedStream(bearer(await api.token("observer")), voteUpdated(UNKNOWN_VOTE), "NOT_FOUND", /Vote no-such-vote was not found\./);
  });
});
