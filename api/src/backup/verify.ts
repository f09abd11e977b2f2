import { rm, stat } from "node:fs/promises";
import { toEvent } from "../app/council.js";
import { evolve, initialState, type CouncilState } from "../domain/council/state.js";
import { ChainWalker, EMPTY_HEAD, type LedgerHead } from "../ledger/chain.js";
import { COLUMNS, toEntry, type Row } from "../ledger/ledger.js";
import { checkSchema } from "../ledger/schema.js";
import { Connection } from "../ledger/sqlite.js";
import { exists, messageOf, SIDECARS } from "./files.js";

/** What a ledger file is worth as a backup: every check, and the head it holds. */
export interface FileCheck {
  readonly file: string;
  readonly ok: boolean;
  /** PRAGMA integrity_check's answer: "ok" when the file is sound. */
  readonly integrity: string;
  readonly schemaProblem: string | null;
  readonly entries: number;
  /** The last entry that verified (the file's head when ok). */
  readonly head: LedgerHead;
  readonly firstBadSeq: number | null;
  /** Everything found wrong, in words; null when ok. */
  readonly problem: string | null;
}

export interface CheckOptions {
  /** Entries read from SQLite at a time. */
  readonly pageSize?: number;
  /**
   * On a live server: hash and replay for at most `sliceMs`, then pause `pauseMs`, so that the check
   * takes a small share of the event loop while ballots come in. Absent: no pauses (the restore
   * command has nothing else to do).
   */
  readonly slices?: { readonly sliceMs: number; readonly pauseMs: number };
}

const PAGE_SIZE = 500;

/**
 * Checks a ledger file as a backup must be checked: SQLite's integrity check, the ledger table and
 * its triggers, the whole hash chain (chain.ts, the same check as `npm run verify`) and a replay of
 * every entry through the domain. Read-only; never throws for a bad file (the problem says why).
 * Hashing and replaying run on the event loop (SQLite's own work does not), so a server checking a
 * backup does them in slices (`slices`). Measured during a 700-member vote (about 55 µs an entry,
 * two thirds of it the replay): unsliced, ballots waited out the whole 100-200 ms check, because a
 * group commit takes many turns of the loop; 4 ms of work per 8 ms still slowed them visibly; 1 ms
 * in 10 kept their flow even, for a check about four times as long.
 */
export async function checkLedgerFile(file: string, options: CheckOptions = {}): Promise<FileCheck> {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const slices = options.slices;
  const failed = (problem: string, partial: Partial<FileCheck> = {}): FileCheck => ({
    file,
    ok: false,
    integrity: "not checked",
    schemaProblem: null,
    entries: 0,
    head: EMPTY_HEAD,
    firstBadSeq: null,
    ...partial,
    problem,
  });
  try {
    if (!(await stat(file)).isFile()) return failed("it is not a file");
  } catch (error) {
    return failed(`it cannot be read (${messageOf(error)})`);
  }
  // A WAL-mode file opened read-only gets an empty -wal and -shm beside it: remove those we made.
  const before = new Map(await Promise.all(SIDECARS.map(async (s) => [s, await exists(file + s)] as const)));
  let db: Connection;
  try {
    db = await Connection.open(file, "readonly");
  } catch (error) {
    return failed(`it cannot be opened as an SQLite database (${messageOf(error)})`);
  }
  try {
    await db.exec("PRAGMA busy_timeout = 5000");
    let integrity: string;
    try {
      integrity = (await db.all<{ integrity_check: string }>("PRAGMA integrity_check")).map((r) => r.integrity_check).join("; ");
    } catch (error) {
      return failed(`it is not a sound SQLite database (${messageOf(error)})`, { integrity: messageOf(error) });
    }
    if (integrity !== "ok") return failed(`SQLite's integrity check fails: ${integrity}`, { integrity });
    try {
      await checkSchema(db);
    } catch (error) {
      return failed(messageOf(error), { integrity, schemaProblem: messageOf(error) });
    }
    const walker = new ChainWalker();
    let state: CouncilState = initialState;
    let sliceStarted = performance.now();
    for (;;) {
      const rows = await db.all<Row>(`SELECT ${COLUMNS} FROM ledger WHERE seq > ? ORDER BY seq LIMIT ?`, [walker.current.seq, pageSize]);
      for (const entry of rows.map(toEntry)) {
        if (slices && performance.now() - sliceStarted >= slices.sliceMs) {
          await new Promise<void>((resolve) => setTimeout(resolve, slices.pauseMs));
          sliceStarted = performance.now();
        }
        const problem = walker.check(entry);
        const bad = (what: string): FileCheck =>
          failed(`ledger entry ${entry.seq} ${what}`, { integrity, entries: walker.entries, head: walker.current, firstBadSeq: entry.seq });
        if (problem) return bad(`does not verify: ${problem}`);
        try {
          state = evolve(state, toEvent(entry), entry);
        } catch (error) {
          return bad(`does not replay: ${messageOf(error)}`);
        }
        walker.advance(entry);
      }
      if (rows.length < pageSize) break;
    }
    // The loop reads on from the last good seq: an entry out of place would have stopped it above.
    const total = await db.get<{ n: number }>("SELECT count(*) AS n FROM ledger");
    if ((total?.n ?? 0) !== walker.entries) {
      return failed(`the ledger holds ${total?.n ?? 0} entries but only ${walker.entries} follow one another from seq 1`, {
        integrity,
        entries: walker.entries,
        head: walker.current,
      });
    }
    return { file, ok: true, integrity, schemaProblem: null, entries: walker.entries, head: walker.current, firstBadSeq: null, problem: null };
  } finally {
    await db.close().catch(() => undefined);
    await Promise.all(
      SIDECARS.filter((s) => !before.get(s)).map(async (s) => {
        // Only an empty -wal is ours (a read-only connection writes no frames).
        if (s === "-wal" && (await exists(file + s)) && (await stat(file + s)).size > 0) return;
        await rm(file + s, { force: true }).catch(() => undefined);
      }),
    );
  }
}
