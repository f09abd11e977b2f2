import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { importJWK, SignJWT } from "jose";
import { z } from "zod";
import { refusedSubscription, startTestServer, subscribe, type TestServer } from "../src/testing/server.js";

/**
 * Issue 7, point 7: every mutation against every caller, through the real server over HTTP. For each
 * mutation the server is given a state in which the call succeeds; exactly the callers the contract
 * names get it through, every other caller is refused with UNAUTHENTICATED (no usable token) or
 * FORBIDDEN (a known user without the role) and appends nothing to the ledger. The mutations and
 * subscriptions come from the served schema itself: one without a row here fails the test.
 */

const MEETING = "kf-2026-12-14";
const BUDGET = `${MEETING}-2`;

// --- The callers ---------------------------------------------------------------------------------

const CALLERS = [
  "ADMIN",
  "CHAIR",
  "CLERK",
  "MEMBER of the seat",
  "another MEMBER",
  "OBSERVER",
  "no token",
  "expired token",
  "wrong audience",
  "wrong issuer",
  "unknown user",
] as const;
type Caller = (typeof CALLERS)[number];

/** The callers that name a user on the roster with a valid token: a refusal of them is FORBIDDEN. */
const KNOWN_USERS: readonly Caller[] = ["ADMIN", "CHAIR", "CLERK", "MEMBER of the seat", "another MEMBER", "OBSERVER"];

/** What the demo LocalIssuer checks (api/src/auth/tokens.ts). */
const LOCAL_ISSUER = "urn:council-vote:local";
const LOCAL_AUDIENCE = "council-vote";
const KEY_FILE = "issuer-key.json";

interface Claims {
  readonly sub: string;
  readonly aud?: string;
  readonly iss?: string;
  /** Seconds from now; negative: already expired. */
  readonly expiresIn?: number;
}

/** Signs tokens ourselves (jose) with the key the server keeps in DATA_DIR, so any claim can be wrong. */
async function tokenSigner(dataDir: string): Promise<(claims: Claims) => Promise<string>> {
  const jwk: unknown = JSON.parse(await readFile(join(dataDir, KEY_FILE), "utf8"));
  const key = await importJWK(z.object({ kty: z.string(), crv: z.string(), x: z.string(), y: z.string(), d: z.string() }).parse(jwk), "ES256");
  return ({ sub, aud = LOCAL_AUDIENCE, iss = LOCAL_ISSUER, expiresIn = 3600 }) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: "ES256" })
      .setSubject(sub)
      .setIssuer(iss)
      .setAudience(aud)
      .setIssuedAt(Math.min(now, now + expiresIn - 60))
      .setExpirationTime(now + expiresIn)
      .sign(key);
  };
}

/**
 * The Authorization header of each caller (null: none). The bad tokens are the chair's, who may do
 * almost everything: the token alone is why they are refused. "MEMBER of the seat" is member-3, the
 * member the calls below concern (their seat, their attendance, their answer); "another MEMBER" is
 * member-4, recorded absent in every state, so they serve in no seat.
 */
async function callerHeaders(dataDir: string): Promise<ReadonlyMap<Caller, string | null>> {
  const sign = await tokenSigner(dataDir);
  const bearer = async (claims: Claims) => `Bearer ${await sign(claims)}`;
  return new Map<Caller, string | null>([
    ["ADMIN", await bearer({ sub: "admin" })],
    ["CHAIR", await bearer({ sub: "member-1" })],
    ["CLERK", await bearer({ sub: "clerk-1" })],
    ["MEMBER of the seat", await bearer({ sub: "member-3" })],
    ["another MEMBER", await bearer({ sub: "member-4" })],
    ["OBSERVER", await bearer({ sub: "observer" })],
    ["no token", null],
    ["expired token", await bearer({ sub: "member-1", expiresIn: -60 })],
    ["wrong audience", await bearer({ sub: "member-1", aud: "api://another-app" })],
    ["wrong issuer", await bearer({ sub: "member-1", iss: "https://login.example.com/another-tenant/v2.0" })],
    ["unknown user", await bearer({ sub: "stranger-1" })],
  ]);
}

// --- The states the calls are made in --------------------------------------------------------------

type StateName = "scheduled" | "open" | "onBudget" | "voteOpen" | "answerEntered" | "tie" | "decided";

interface Call {
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

interface Expectation {
  /** The contract's words: how the mutation's description in the schema begins. */
  readonly contract: string;
  readonly allowed: readonly Caller[];
  /** A state in which the call succeeds for an allowed caller. */
  readonly given: StateName;
  /** The call; `voteId` is the state's vote (states from voteOpen on), `n` makes keys unique. */
  readonly call: (voteId: string, n: number) => Call;
}

const call = (query: string, variables: Record<string, unknown>): Call => ({ query, variables });

const SETTINGS = { noReturnAfterLeaving: true, answerChangeWhileOpen: true, quorum: "MORE_THAN_HALF", defaultMajority: "SIMPLE", timeZone: "Europe/Stockholm" };
const ROSTER_45 = readFileSync(new URL("../examples/roster-kf-45.csv", import.meta.url), "utf8");
const AGENDA_CSV = "nummer,rubrik\n1,Upprop\n2,Val av justerare\n";

/**
 * The matrix: every mutation, the callers the contract allows, and a state in which it succeeds.
 * The demo chair (member-1) is also the member in seat 1, serving in every state with a roll-call:
 * castBallot's "MEMBER serving in a seat" includes them.
 */
const MATRIX: Readonly<Record<string, Expectation>> = {
  openMeeting: {
    contract: "CHAIR.",
    allowed: ["CHAIR"],
    given: "scheduled",
    call: () => call(`mutation($m: ID!) { openMeeting(meetingId: $m) { id } }`, { m: MEETING }),
  },
  linkTeamsMeeting: {
    contract: "CHAIR, CLERK or ADMIN.",
    allowed: ["CHAIR", "CLERK", "ADMIN"],
    given: "scheduled",
    call: (_v, n) => call(`mutation($m: ID!, $t: String!) { linkTeamsMeeting(meetingId: $m, teamsMeetingId: $t) { id } }`, { m: MEETING, t: `19:meeting-${n}@thread.v2` }),
  },
  setAttendance: {
    contract: "CHAIR or CLERK.",
    allowed: ["CHAIR", "CLERK"],
    given: "open",
    call: () => call(`mutation($m: ID!, $id: ID!) { setAttendance(meetingId: $m, memberId: $id, present: true) { id } }`, { m: MEETING, id: "member-3" }),
  },
  assignSubstitute: {
    contract: "CHAIR or CLERK.",
    allowed: ["CHAIR", "CLERK"],
    given: "open",
    call: () => call(`mutation($m: ID!, $s: Int!, $id: ID) { assignSubstitute(meetingId: $m, seat: $s, substituteId: $id) { id } }`, { m: MEETING, s: 3, id: "sub-S-1" }),
  },
  setCurrentItem: {
    contract: "CHAIR.",
    allowed: ["CHAIR"],
    given: "open",
    call: () => call(`mutation($m: ID!, $i: ID!) { setCurrentItem(meetingId: $m, itemId: $i) { id } }`, { m: MEETING, i: BUDGET }),
  },
  declareRecusal: {
    contract: "CHAIR or CLERK.",
    allowed: ["CHAIR", "CLERK"],
    given: "open",
    call: () => call(`mutation($i: ID!, $id: ID!) { declareRecusal(itemId: $i, memberId: $id) { id } }`, { i: BUDGET, id: "member-3" }),
  },
  addProposal: {
    contract: "CHAIR or CLERK.",
    allowed: ["CHAIR", "CLERK"],
    given: "open",
    call: () =>
      call(`mutation($i: ID!, $l: String!, $t: String!) { addProposal(itemId: $i, label: $l, text: $t) { id } }`, {
        i: BUDGET,
        l: "Liberalernas yrkande",
        t: "Ärendet återremitteras.",
      }),
  },
  openVote: {
    contract: "CHAIR.",
    allowed: ["CHAIR"],
    given: "onBudget",
    call: () =>
      call(`mutation($in: OpenVoteInput!) { openVote(input: $in) { id } }`, {
        in: { itemId: BUDGET, method: "ELECTRONIC", question: "Ja för kommunstyrelsens förslag, nej för Moderaternas", yesProposalId: `${BUDGET}-a`, noProposalId: `${BUDGET}-b` },
      }),
  },
  castBallot: {
    contract: "MEMBER serving in a seat, for their own seat only.",
    allowed: ["CHAIR", "MEMBER of the seat"],
    given: "voteOpen",
    call: (v, n) => call(`mutation($v: ID!, $k: String!) { castBallot(voteId: $v, choice: YES, idempotencyKey: $k) { choice } }`, { v, k: `matrix-cast-${n}` }),
  },
  recordBallot: {
    contract: "CHAIR or CLERK:",
    allowed: ["CHAIR", "CLERK"],
    given: "voteOpen",
    call: (v, n) =>
      call(`mutation($v: ID!, $id: ID!, $k: String!) { recordBallot(voteId: $v, memberId: $id, choice: YES, idempotencyKey: $k) { choice } }`, {
        v,
        id: "member-3",
        k: `matrix-record-${n}`,
      }),
  },
  closeVote: {
    contract: "CHAIR.",
    allowed: ["CHAIR"],
    given: "voteOpen",
    call: (v) => call(`mutation($v: ID!) { closeVote(voteId: $v) { id } }`, { v }),
  },
  resolveTie: {
    contract: "CHAIR.",
    allowed: ["CHAIR"],
    given: "tie",
    call: (v) => call(`mutation($v: ID!) { resolveTie(voteId: $v, choice: YES) { id } }`, { v }),
  },
  cancelVote: {
    contract: "CHAIR.",
    allowed: ["CHAIR"],
    given: "voteOpen",
    call: (v) => call(`mutation($v: ID!, $r: String!) { cancelVote(voteId: $v, reason: $r) { id } }`, { v, r: "Fel förslag på Ja-sidan." }),
  },
  enterHandCount: {
    contract: "CLERK or CHAIR.",
    allowed: ["CHAIR", "CLERK"],
    given: "voteOpen",
    call: (v, n) =>
      call(`mutation($in: HandCountInput!) { enterHandCount(input: $in) { id } }`, {
        in: { voteId: v, yes: 20, no: 20, abstain: 3, countedAt: new Date().toISOString(), reason: "Voteringssystemet gick ner.", idempotencyKey: `matrix-hand-${n}` },
      }),
  },
  correctAttendance: {
    contract: "CLERK or CHAIR.",
    allowed: ["CHAIR", "CLERK"],
    given: "onBudget",
    call: () =>
      call(`mutation($m: ID!, $id: ID!, $r: String!) { correctAttendance(meetingId: $m, memberId: $id, present: false, reason: $r) { id } }`, {
        m: MEETING,
        id: "member-3",
        r: "Fel ledamot prickades av vid uppropet.",
      }),
  },
  correctBallot: {
    contract: "CLERK or CHAIR.",
    allowed: ["CHAIR", "CLERK"],
    given: "answerEntered",
    call: (v) =>
      call(`mutation($v: ID!, $id: ID!, $r: String!) { correctBallot(voteId: $v, memberId: $id, choice: NO, reason: $r) { id } }`, {
        v,
        id: "member-3",
        r: "Ledamoten sade nej, inte ja.",
      }),
  },
  recordDecision: {
    contract: "CHAIR or CLERK.",
    allowed: ["CHAIR", "CLERK"],
    given: "onBudget",
    call: () => call(`mutation($i: ID!, $t: String!) { recordDecision(itemId: $i, text: $t) { id } }`, { i: BUDGET, t: "Fullmäktige fastställer budget 2027." }),
  },
  recordReservation: {
    contract: "CHAIR or CLERK.",
    allowed: ["CHAIR", "CLERK"],
    given: "decided",
    call: () =>
      call(`mutation($i: ID!, $id: ID!, $t: String) { recordReservation(itemId: $i, memberId: $id, text: $t) { id } }`, {
        i: BUDGET,
        id: "member-3",
        t: "Jag reserverar mig mot beslutet.",
      }),
  },
  closeMeeting: {
    contract: "CHAIR.",
    allowed: ["CHAIR"],
    given: "open",
    call: () => call(`mutation($m: ID!) { closeMeeting(meetingId: $m) { id } }`, { m: MEETING }),
  },
  // Administration (issue 9).
  createAssembly: {
    contract: "ADMIN (of any assembly).",
    allowed: ["ADMIN"],
    given: "scheduled",
    call: (_v, n) =>
      call(`mutation($in: CreateAssemblyInput!) { createAssembly(input: $in) { id } }`, {
        in: { id: `bun-${n}`, name: "Barn- och utbildningsnämnden", seatCount: 11, settings: SETTINGS },
      }),
  },
  updateAssembly: {
    contract: "ADMIN.",
    allowed: ["ADMIN"],
    given: "scheduled",
    call: () =>
      call(`mutation($a: ID!, $s: AssemblySettingsInput!) { updateAssembly(assemblyId: $a, name: "Kommunfullmäktige i Exempelstad", settings: $s) { id } }`, {
        a: "kf",
        s: { ...SETTINGS, answerChangeWhileOpen: false },
      }),
  },
  importRoster: {
    contract: "ADMIN or CLERK.",
    allowed: ["ADMIN", "CLERK"],
    given: "scheduled",
    call: () =>
      call(`mutation($a: ID!, $csv: String!) { importRoster(assemblyId: $a, csv: $csv, effectiveFrom: "2027-01-01", reason: "Ny mandatperiod") { id } }`, {
        a: "kf",
        csv: ROSTER_45,
      }),
  },
  changeRoster: {
    contract: "ADMIN or CLERK.",
    allowed: ["ADMIN", "CLERK"],
    given: "scheduled",
    call: () =>
      call(`mutation($a: ID!, $c: [MemberEditInput!]!) { changeRoster(assemblyId: $a, effectiveFrom: "2027-01-01", reason: "Namnbyte", changes: $c) { id } }`, {
        a: "kf",
        c: [{ memberId: "member-3", name: "Maria Nyström Berg", party: "S", kind: "ORDINARY", seat: 3 }],
      }),
  },
  grantRole: {
    contract: "ADMIN.",
    allowed: ["ADMIN"],
    given: "scheduled",
    call: (_v, n) =>
      call(`mutation($a: ID!, $s: String!) { grantRole(assemblyId: $a, signIn: $s, displayName: "Ny sekreterare", role: CLERK) { id } }`, {
        a: "kf",
        s: `ny.sekreterare.${n}@exempelstad.se`,
      }),
  },
  revokeRole: {
    contract: "ADMIN.",
    allowed: ["ADMIN"],
    given: "scheduled",
    call: () => call(`mutation { revokeRole(assemblyId: "kf", userId: "clerk-2", role: CLERK) { id } }`, {}),
  },
  setPresidium: {
    contract: "ADMIN.",
    allowed: ["ADMIN"],
    given: "scheduled",
    call: () => call(`mutation { setPresidium(assemblyId: "kf", chairMemberId: "member-1", viceChairMemberIds: ["member-13", "member-23"]) { id } }`, {}),
  },
  takeChair: {
    contract: "CHAIR, CLERK or ADMIN.",
    allowed: ["CHAIR", "CLERK", "ADMIN"],
    given: "open",
    call: () => call(`mutation($m: ID!) { takeChair(meetingId: $m, memberId: "member-13") { id } }`, { m: MEETING }),
  },
  scheduleMeeting: {
    contract: "CLERK or ADMIN.",
    allowed: ["CLERK", "ADMIN"],
    given: "scheduled",
    call: () =>
      call(`mutation($in: ScheduleMeetingInput!) { scheduleMeeting(input: $in) { id } }`, {
        in: { assemblyId: "kf", title: "Kommunfullmäktige 25 januari 2027", scheduledAt: "2027-01-25T17:00:00.000Z", agenda: AGENDA_CSV },
      }),
  },
  rescheduleMeeting: {
    contract: "CLERK or ADMIN.",
    allowed: ["CLERK", "ADMIN"],
    given: "scheduled",
    call: () => call(`mutation($m: ID!) { rescheduleMeeting(meetingId: $m, title: "Kommunfullmäktige", scheduledAt: "2026-12-15T17:00:00.000Z") { id } }`, { m: MEETING }),
  },
  importAgenda: {
    contract: "CLERK or ADMIN.",
    allowed: ["CLERK", "ADMIN"],
    given: "scheduled",
    call: () => call(`mutation($m: ID!, $t: String!) { importAgenda(meetingId: $m, text: $t) { id } }`, { m: MEETING, t: AGENDA_CSV }),
  },
  addAgendaItem: {
    contract: "CLERK or ADMIN before the meeting opens;",
    allowed: ["CLERK", "ADMIN"],
    given: "scheduled",
    call: () => call(`mutation($m: ID!) { addAgendaItem(meetingId: $m, item: { title: "Avsägelser och fyllnadsval" }) { id } }`, { m: MEETING }),
  },
  updateAgendaItem: {
    contract: "CLERK or ADMIN, before the meeting opens.",
    allowed: ["CLERK", "ADMIN"],
    given: "scheduled",
    call: () => call(`mutation($i: ID!) { updateAgendaItem(itemId: $i, item: { title: "Budget 2027 och flerårsplan" }) { id } }`, { i: BUDGET }),
  },
  removeAgendaItem: {
    contract: "CLERK or ADMIN, before the meeting opens.",
    allowed: ["CLERK", "ADMIN"],
    given: "scheduled",
    call: () => call(`mutation($i: ID!) { removeAgendaItem(itemId: $i) { id } }`, { i: BUDGET }),
  },
  reorderAgenda: {
    contract: "CLERK or ADMIN, before the meeting opens.",
    allowed: ["CLERK", "ADMIN"],
    given: "scheduled",
    call: () =>
      call(`mutation($m: ID!, $ids: [ID!]!) { reorderAgenda(meetingId: $m, itemIds: $ids) { id } }`, {
        m: MEETING,
        ids: Array.from({ length: 10 }, (_, i) => `${MEETING}-${10 - i}`),
      }),
  },
};

/** Subscriptions name no role in the contract: anyone signed in may follow the meeting. */
const SUBSCRIPTIONS: Readonly<Record<string, { readonly allowed: readonly Caller[]; readonly call: (voteId: string) => Call }>> = {
  meetingUpdated: { allowed: KNOWN_USERS, call: () => call(`subscription($m: ID!) { meetingUpdated(meetingId: $m) { id } }`, { m: MEETING }) },
  voteUpdated: { allowed: KNOWN_USERS, call: (v) => call(`subscription($v: ID!) { voteUpdated(voteId: $v) { id } }`, { v }) },
};

// --- Talking to the server -----------------------------------------------------------------------

const Answer = z.object({
  data: z.record(z.string(), z.unknown()).nullable().optional(),
  errors: z.array(z.object({ message: z.string(), extensions: z.object({ code: z.string().optional() }).optional() })).optional(),
});
interface Answer {
  readonly data: Record<string, unknown> | null;
  readonly errors: ReadonlyArray<{ readonly message: string; readonly extensions?: { readonly code?: string } }>;
}

async function post(url: string, authorization: string | null, { query, variables }: Call): Promise<Answer> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (authorization !== null) headers["authorization"] = authorization;
  const res = await fetch(`${url}/graphql`, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  const body = Answer.parse(await res.json());
  return { data: body.data ?? null, errors: body.errors ?? [] };
}

function dataOf(answer: Answer, what: string): Record<string, unknown> {
  if (answer.errors.length > 0 || answer.data === null) throw new Error(`${what}: ${JSON.stringify(answer.errors)}`);
  return answer.data;
}

const Head = z.object({ meeting: z.object({ ledgerHead: z.object({ seq: z.number(), hash: z.string() }) }) });

/** The ledger head as a client reads it (the meeting's ledgerHead field). */
async function ledgerHead(url: string, observer: string | null): Promise<{ seq: number; hash: string }> {
  const data = dataOf(await post(url, observer, call(`query($m: ID!) { meeting(id: $m) { ledgerHead { seq hash } } }`, { m: MEETING })), "ledgerHead");
  return Head.parse(data).meeting.ledgerHead;
}

// --- Snapshots: each state built once, then copied for every server that needs it ----------------

interface Snapshot {
  readonly dir: string;
  readonly voteId: string;
}

const ROLL_CALL = Array.from({ length: 45 }, (_, i) => i + 1).filter((seat) => seat !== 4);

async function must(api: TestServer, user: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return dataOf(await post(api.url, `Bearer ${await api.token(user)}`, call(query, variables)), query.slice(0, 60));
}

/** Builds the states in order on one server, copying DATA_DIR (server stopped) after each. */
async function buildSnapshots(root: string): Promise<ReadonlyMap<StateName, Snapshot>> {
  const work = join(root, "work");
  const snapshots = new Map<StateName, Snapshot>();
  let api = await startTestServer(work);
  let voteId = "";
  const keep = async (name: StateName) => {
    await api.stop();
    const dir = join(root, name);
    await cp(work, dir, { recursive: true });
    snapshots.set(name, { dir, voteId });
    api = await startTestServer(work);
  };
  try {
    await keep("scheduled");
    await must(api, "member-1", `mutation($m: ID!) { openMeeting(meetingId: $m) { id } }`, { m: MEETING });
    await keep("open");
    for (const seat of ROLL_CALL) {
      await must(api, "clerk-1", `mutation($m: ID!, $id: ID!) { setAttendance(meetingId: $m, memberId: $id, present: true) { id } }`, { m: MEETING, id: `member-${seat}` });
    }
    await must(api, "member-1", `mutation($m: ID!, $i: ID!) { setCurrentItem(meetingId: $m, itemId: $i) { id } }`, { m: MEETING, i: BUDGET });
    await keep("onBudget");
    const opened = await must(api, "member-1", `mutation($in: OpenVoteInput!) { openVote(input: $in) { id } }`, {
      in: { itemId: BUDGET, method: "ELECTRONIC", question: "Ja för kommunstyrelsens förslag, nej för Moderaternas", yesProposalId: `${BUDGET}-a`, noProposalId: `${BUDGET}-b` },
    });
    voteId = z.object({ openVote: z.object({ id: z.string() }) }).parse(opened).openVote.id;
    await keep("voteOpen");
    const record = `mutation($v: ID!, $id: ID!, $c: Choice!, $k: String!) { recordBallot(voteId: $v, memberId: $id, choice: $c, idempotencyKey: $k) { choice } }`;
    await must(api, "clerk-1", record, { v: voteId, id: "member-3", c: "YES", k: "setup-member-3" });
    await keep("answerEntered");
    await must(api, "clerk-1", record, { v: voteId, id: "member-5", c: "NO", k: "setup-member-5" });
    // One Ja, one Nej, the chair silent: a TIE only the chair's resolveTie decides.
    const closed = await must(api, "member-1", `mutation($v: ID!) { closeVote(voteId: $v) { result { outcome } } }`, { v: voteId });
    assert.equal(z.object({ closeVote: z.object({ result: z.object({ outcome: z.string() }) }) }).parse(closed).closeVote.result.outcome, "TIE");
    await keep("tie");
    // The chair decides the tie and the decision is recorded: member-3, who voted, may reserve against it.
    await must(api, "member-1", `mutation($v: ID!) { resolveTie(voteId: $v, choice: YES) { id } }`, { v: voteId });
    await must(api, "clerk-1", `mutation($i: ID!, $t: String!) { recordDecision(itemId: $i, text: $t) { id } }`, { i: BUDGET, t: "Fullmäktige fastställer budget 2027." });
    await keep("decided");
  } finally {
    await api.stop();
  }
  return snapshots;
}

/** A server on a fresh copy of a state. */
async function serverAt(root: string, snapshot: Snapshot, label: string): Promise<TestServer> {
  const dir = await mkdtemp(join(root, `${label}-`));
  await cp(snapshot.dir, dir, { recursive: true });
  return startTestServer(dir);
}

// --- The matrix ----------------------------------------------------------------------------------

const SchemaFields = z.object({
  __schema: z.object({
    mutationType: z.object({ fields: z.array(z.object({ name: z.string(), description: z.string().nullable() })) }),
    subscriptionType: z.object({ fields: z.array(z.object({ name: z.string(), description: z.string().nullable() })) }),
  }),
});

describe("auth matrix (issue 7, point 7)", () => {
  let root: string;
  let snapshots: ReadonlyMap<StateName, Snapshot>;
  let headers: ReadonlyMap<Caller, string | null>;

  const snapshotOf = (name: StateName): Snapshot => {
    const snapshot = snapshots.get(name);
    assert.ok(snapshot, `no state ${name}`);
    return snapshot;
  };
  const headerOf = (caller: Caller): string | null => {
    assert.ok(headers.has(caller), `no header for ${caller}`);
    return headers.get(caller) ?? null;
  };

  before(async () => {
    root = await mkdtemp(join(tmpdir(), "council-auth-matrix-"));
    snapshots = await buildSnapshots(root);
    // Every copy of DATA_DIR carries the same issuer key: one set of tokens serves every server.
    headers = await callerHeaders(snapshotOf("scheduled").dir);
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("every mutation against every caller: exactly the contract's allowed set passes", async (t) => {
    const api = await serverAt(root, snapshotOf("scheduled"), "schema");
    const introspected = await post(api.url, headerOf("OBSERVER"), call(`{ __schema { mutationType { fields { name description } } subscriptionType { fields { name description } } } }`, {}));
    await api.dispose();
    const served = SchemaFields.parse(dataOf(introspected, "introspection")).__schema.mutationType.fields;
    for (const { name, description } of served) {
      const row = MATRIX[name];
      assert.ok(row, `no expectation for mutation ${name}: add its row (the contract's role words and a state it succeeds in) to MATRIX`);
      assert.ok((description ?? "").startsWith(row.contract), `${name}: the schema says ${JSON.stringify(description)}, the matrix says ${JSON.stringify(row.contract)}`);
    }
    const stale = Object.keys(MATRIX).filter((name) => !served.some((f) => f.name === name));
    assert.deepEqual(stale, [], "the matrix has rows for mutations the schema does not serve");

    let allowedCount = 0;
    const refusedBy = new Map<string, number>();
    let requests = 0;
    for (const { name } of served) {
      const row = MATRIX[name];
      if (!row) continue;
      await t.test(name, async () => {
        const snapshot = snapshotOf(row.given);
        const refused = CALLERS.filter((c) => !row.allowed.includes(c));
        const [first, ...others] = row.allowed;
        assert.ok(first, `${name} allows somebody`);
        // Refused callers first, on one server: a refusal changes nothing, so the state stays one the call succeeds in.
        let api = await serverAt(root, snapshot, name);
        try {
          const observer = headerOf("OBSERVER");
          let n = 0;
          for (const caller of refused) {
            const before = await ledgerHead(api.url, observer);
            const answer = await post(api.url, headerOf(caller), row.call(snapshot.voteId, (n += 1)));
            requests += 1;
            const expected = KNOWN_USERS.includes(caller) ? "FORBIDDEN" : "UNAUTHENTICATED";
            const code = answer.errors[0]?.extensions?.code;
            assert.equal(code, expected, `${name} as ${caller}: ${JSON.stringify(answer.errors)}`);
            assert.ok(answer.data === null || answer.data[name] === null, `${name} as ${caller} was refused, so it answers no data`);
            assert.deepEqual(await ledgerHead(api.url, observer), before, `${name} as ${caller} appended to the ledger`);
            refusedBy.set(expected, (refusedBy.get(expected) ?? 0) + 1);
          }
          // Then each allowed caller, each in the state (a fresh copy after the first).
          for (const caller of [first, ...others]) {
            if (caller !== first) {
              await api.dispose();
              api = await serverAt(root, snapshot, `${name}-${caller}`);
            }
            const before = await ledgerHead(api.url, observer);
            const answer = await post(api.url, headerOf(caller), row.call(snapshot.voteId, (n += 1)));
            requests += 1;
            assert.deepEqual(answer.errors, [], `${name} as ${caller} is allowed by the contract ("${row.contract}")`);
            assert.ok(answer.data !== null && answer.data[name] !== null, `${name} as ${caller} answers its object`);
            assert.ok((await ledgerHead(api.url, observer)).seq > before.seq, `${name} as ${caller} appended to the ledger`);
            allowedCount += 1;
          }
        } finally {
          await api.dispose();
        }
      });
    }
    const expectedRequests = served.length * CALLERS.length;
    assert.equal(requests, expectedRequests, "every cell of the matrix was tried");
    const refusals = [...refusedBy].map(([code, count]) => `${code} ${count}`).join(", ");
    t.diagnostic(
      `auth matrix: ${served.length} mutations x ${CALLERS.length} callers = ${requests} requests, ${allowedCount} allowed, ${requests - allowedCount} refused as the contract says (${refusals}); nothing appended by any refusal`,
    );
  });

  it("subscriptions refuse every caller without a usable token and serve every signed-in user", async (t) => {
    const api = await serverAt(root, snapshotOf("voteOpen"), "subscriptions");
    try {
      const introspected = await post(api.url, headerOf("OBSERVER"), call(`{ __schema { mutationType { fields { name description } } subscriptionType { fields { name description } } } }`, {}));
      const served = SchemaFields.parse(dataOf(introspected, "introspection")).__schema.subscriptionType.fields.map((f) => f.name);
      for (const name of served) assert.ok(SUBSCRIPTIONS[name], `no expectation for subscription ${name}: add its row to SUBSCRIPTIONS`);
      assert.deepEqual(Object.keys(SUBSCRIPTIONS).filter((name) => !served.includes(name)), [], "rows for subscriptions the schema does not serve");

      const voteId = snapshotOf("voteOpen").voteId;
      let streamed = 0;
      let refused = 0;
      for (const name of served) {
        const row = SUBSCRIPTIONS[name];
        if (!row) continue;
        const { query, variables } = row.call(voteId);
        for (const caller of CALLERS) {
          const header = headerOf(caller);
          if (row.allowed.includes(caller)) {
            // subscribe() sends "Bearer <token>": pass the token alone.
            const token = (header ?? "").replace(/^Bearer /, "");
            const stream = await subscribe<Record<string, unknown>>(api.url, token, query, variables);
            try {
              assert.equal(stream.status, 200, `${name} as ${caller}`);
              const first = await stream.next((d) => d[name] !== null && d[name] !== undefined, 5_000);
              assert.ok(first[name], `${name} as ${caller} gets the state at once`);
            } finally {
              await stream.close();
            }
            streamed += 1;
          } else {
            const before = await ledgerHead(api.url, headerOf("OBSERVER"));
            const answer = await refusedStream(api.url, header, { query, variables });
            assert.equal(answer.errors[0]?.extensions?.code, KNOWN_USERS.includes(caller) ? "FORBIDDEN" : "UNAUTHENTICATED", `${name} as ${caller}: ${JSON.stringify(answer.errors)}`);
            assert.deepEqual(await ledgerHead(api.url, headerOf("OBSERVER")), before);
            refused += 1;
          }
        }
      }
      t.diagnostic(
        `subscriptions: ${served.length} subscriptions x ${CALLERS.length} callers = ${served.length * CALLERS.length} streams, ${streamed} served, ${refused} refused UNAUTHENTICATED (no token, expired, wrong audience, wrong issuer, unknown user)`,
      );
    } finally {
      await api.dispose();
    }
  });
});

/** Subscribes over SSE as a browser does and reads the whole stream a refusal gives: one event with the errors, then complete. */
async function refusedStream(url: string, authorization: string | null, call: Call): Promise<Answer> {
  const body = Answer.parse((await refusedSubscription(url, authorization, call)).body);
  return { data: body.data ?? null, errors: body.errors ?? [] };
}
