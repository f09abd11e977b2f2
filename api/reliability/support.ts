import { join } from "node:path";
import { LEDGER_FILE } from "../src/http/server.js";
import { Connection } from "../src/ledger/sqlite.js";
import type { GqlResult, ServerProcess } from "../src/testing/process.js";

/** The demo council's meeting and its budget item (api/src/demo/council.ts). */
export const MEETING = "kf-2026-12-14";
export const BUDGET = `${MEETING}-2`;
export const CHAIR = "member-1";
export const CLERK = "clerk-1";
export const SEATS = Array.from({ length: 45 }, (_, i) => i + 1);

type Gql = Pick<ServerProcess, "gql">;

/** The data of a request that must succeed (a test's setup or check). */
export async function must<T = Record<string, unknown>>(server: Gql, user: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result: GqlResult<T> = await server.gql<T>(user, query, variables);
  if (result.errors.length > 0 || result.data === null) throw new Error(`${query.trim().slice(0, 80)}: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** Opens the demo meeting with every holder present and makes the budget item current. */
export async function meetingOnBudget(server: Gql): Promise<void> {
  await must(server, CHAIR, `mutation { openMeeting(meetingId: "${MEETING}") { id } }`);
  for (const seat of SEATS) {
    await must(server, CLERK, `mutation { setAttendance(meetingId: "${MEETING}", memberId: "member-${seat}", present: true) { id } }`);
  }
  await must(server, CHAIR, `mutation { setCurrentItem(meetingId: "${MEETING}", itemId: "${BUDGET}") { id } }`);
}

/** An electronic vote on the budget item, without proposals (each round can be cancelled and another opened). */
export async function openVote(server: Gql, question: string): Promise<string> {
  const data = await must<{ openVote: { id: string } }>(server, CHAIR, `mutation($q: String!) { openVote(input: { itemId: "${BUDGET}", method: ELECTRONIC, question: $q }) { id } }`, { q: question });
  return data.openVote.id;
}

export const CAST = `mutation($v: ID!, $c: Choice!, $k: String!) { castBallot(voteId: $v, choice: $c, idempotencyKey: $k) { choice } }`;

export interface VoteRecord {
  readonly status: string;
  readonly ballots: ReadonlyArray<{ readonly member: { readonly id: string }; readonly choice: string }>;
}

export async function voteRecord(server: Gql, voteId: string): Promise<VoteRecord> {
  const { vote } = await must<{ vote: VoteRecord | null }>(server, CLERK, `query($v: ID!) { vote(id: $v) { status ballots { member { id } choice } } }`, { v: voteId });
  if (!vote) throw new Error(`no vote ${voteId}`);
  return vote;
}

export interface Entry {
  readonly seq: number;
  readonly type: string;
  readonly actor: string;
  readonly payload: string;
}

/** Every ledger entry of the demo meeting, in seq order. */
export async function meetingEntries(server: Gql): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (;;) {
    const { ledger } = await must<{ ledger: Entry[] }>(server, CLERK, `query($m: ID!, $a: Int) { ledger(meetingId: $m, afterSeq: $a, first: 1000) { seq type actor payload } }`, {
      m: MEETING,
      a: entries.at(-1)?.seq ?? 0,
    });
    if (ledger.length === 0) return entries;
    entries.push(...ledger);
  }
}

export async function verifyLedger(server: Gql): Promise<{ ok: boolean; entries: number; firstBadSeq: number | null }> {
  const { verifyLedger: v } = await must<{ verifyLedger: { ok: boolean; entries: number; firstBadSeq: number | null } }>(server, CLERK, `{ verifyLedger { ok entries firstBadSeq } }`);
  return v;
}

/** PRAGMA integrity_check on the ledger file (the server must not be running). */
export async function integrityCheck(dataDir: string): Promise<string> {
  const db = await Connection.open(join(dataDir, LEDGER_FILE), "readwrite");
  try {
    const rows = await db.all<{ integrity_check: string }>("PRAGMA integrity_check");
    return rows.map((r) => r.integrity_check).join("; ");
  } finally {
    await db.close();
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** 45 members pressing within a tenth of a second of each other, as in a room. */
export const SPREAD_MS = 100;
export const choiceOf = (seat: number): "YES" | "NO" => (seat <= 28 ? "YES" : "NO");

export interface Attempt {
  readonly seat: number;
  readonly key: string;
  readonly choice: "YES" | "NO";
}

/**
 * Sends the attempts within SPREAD_MS; resolves with those the server acknowledged (answered with
 * data). `onAck` hears the count as it grows (a test kills the server at the k-th).
 */
export function burst(server: Gql, voteId: string, attempts: readonly Attempt[], onAck: (n: number) => void): Promise<Set<Attempt>> {
  const acked = new Set<Attempt>();
  return Promise.all(
    attempts.map(async (a, i) => {
      await sleep((i * 37) % SPREAD_MS);
      try {
        const r = await server.gql(`member-${a.seat}`, CAST, { v: voteId, c: a.choice, k: a.key });
        if (r.data !== null && r.errors.length === 0) {
          acked.add(a);
          onAck(acked.size);
        }
      } catch {
        // the connection died with the server: not acknowledged
      }
    }),
  ).then(() => acked);
}
