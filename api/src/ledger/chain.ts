import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/** The first entry's prev_hash. */
export const GENESIS_HASH = "0".repeat(64);

/** An entry as the ledger table stores it. `payload` is the event data as RFC 8785 canonical JSON. */
export interface StoredEntry {
  readonly seq: number;
  readonly at: string;
  readonly meeting: string | null;
  readonly type: string;
  readonly actor: string;
  readonly payload: string;
  readonly prevHash: string;
  readonly hash: string;
}

export interface LedgerHead {
  readonly seq: number;
  readonly hash: string;
}

export const EMPTY_HEAD: LedgerHead = { seq: 0, hash: GENESIS_HASH };

/** RFC 8785 (JCS) canonical JSON. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error("The value has no JSON form.");
  return text;
}

/** hash = hex SHA-256 of prev_hash followed by the canonical JSON of {seq, at, meeting, type, actor, payload}. */
export function entryHash(prevHash: string, entry: Omit<StoredEntry, "prevHash" | "hash">): string {
  const body = canonicalJson({
    seq: entry.seq,
    at: entry.at,
    meeting: entry.meeting,
    type: entry.type,
    actor: entry.actor,
    payload: JSON.parse(entry.payload),
  });
  return createHash("sha256").update(prevHash).update(body).digest("hex");
}

export interface ChainVerification {
  readonly ok: boolean;
  readonly entries: number;
  /** The last entry as stored (the verified head when ok). */
  readonly head: LedgerHead;
  /** The first entry that does not follow from the one before it, if any. */
  readonly firstBadSeq: number | null;
  readonly problem: string | null;
}

/** Walks a chain step by step; `check` says what is wrong with the next entry, or null. */
export class ChainWalker {
  private head: LedgerHead = EMPTY_HEAD;
  private count = 0;

  get current(): LedgerHead {
    return this.head;
  }

  check(entry: StoredEntry): string | null {
    const expectedSeq = this.head.seq + 1;
    if (entry.seq !== expectedSeq) return `expected entry ${expectedSeq}, found ${entry.seq} (an entry is missing or out of place)`;
    if (entry.prevHash !== this.head.hash) return "its prev_hash is not the hash of the entry before it";
    let canonical: string;
    try {
      canonical = canonicalJson(JSON.parse(entry.payload));
    } catch {
      return "its payload is not JSON";
    }
    if (canonical !== entry.payload) return "its payload is not in canonical form";
    if (entryHash(entry.prevHash, entry) !== entry.hash) return "its hash does not match its content";
    return null;
  }

  /** Accepts an entry that passed `check`. */
  advance(entry: StoredEntry): void {
    this.head = { seq: entry.seq, hash: entry.hash };
    this.count += 1;
  }

  get entries(): number {
    return this.count;
  }
}

/** Recomputes a whole chain and reports the first bad entry. */
export function verifyChain(entries: Iterable<StoredEntry>): ChainVerification {
  const walker = new ChainWalker();
  let total = 0;
  let last: LedgerHead = EMPTY_HEAD;
  let firstBad: { seq: number; problem: string } | null = null;
  for (const entry of entries) {
    total += 1;
    last = { seq: entry.seq, hash: entry.hash };
    if (firstBad) continue;
    const problem = walker.check(entry);
    if (problem) firstBad = { seq: entry.seq, problem };
    else walker.advance(entry);
  }
  return {
    ok: firstBad === null,
    entries: total,
    head: last,
    firstBadSeq: firstBad?.seq ?? null,
    problem: firstBad?.problem ?? null,
  };
}
