import type { LedgerHead } from "../ledger/chain.js";
import { Connection } from "../ledger/sqlite.js";
import { exists, isCode } from "./files.js";

/**
 * Is a server running on this ledger? A server holds its ledger open in WAL mode for as long as it
 * runs, and leaving WAL mode (`PRAGMA journal_mode = DELETE`) needs every other connection gone:
 * SQLite answers SQLITE_BUSY while any process has the file open (a server, `npm run verify`, the
 * sqlite3 shell). These are the operating system's locks, released when a process dies, so unlike a
 * pid or lock file they cannot go stale after a crash or a power cut. Leaving WAL also checkpoints
 * what a killed server left in the -wal into the file. Then `BEGIN EXCLUSIVE` holds the file: a
 * server starting meanwhile waits (and gives up after its busy timeout) instead of opening it.
 *
 * Used by `npm run restore` (which holds the ledger while it puts the backup in place) and by the
 * admin CLI's writing commands (which refuse while a server could be serving the ledger: its read
 * models would not see what the CLI records).
 */

/** Someone has the ledger open: nothing was done. */
export class LedgerInUse extends Error {
  override name = "LedgerInUse";
  constructor(readonly ledgerFile: string) {
    super(`${ledgerFile} is open in another process: a server is running on this DATA_DIR (or a verify, or the sqlite3 shell). Stop it first`);
  }
}

export interface HeldLedger {
  /** The ledger's head, if the file could be read as a ledger. */
  readonly head: LedgerHead | null;
  /** Lets go of the file (rolls back the exclusive hold, closes the connection). */
  release(): Promise<void>;
}

/**
 * Holds an existing ledger file exclusively (it must exist: opening would create it), or throws LedgerInUse because someone has it open. A
 * file that is not a database (any more) is held by nobody: head null, nothing to release.
 */
export async function holdLedger(ledgerFile: string): Promise<HeldLedger> {
  const db = await Connection.open(ledgerFile, "readwrite");
  const release = async (): Promise<void> => {
    await db.exec("ROLLBACK").catch(() => undefined);
    await db.close().catch(() => undefined);
  };
  try {
    // Fail at once rather than wait: a lock held now is a server (or a verify) running.
    await db.exec("PRAGMA busy_timeout = 0");
    const mode = await db.get<{ journal_mode: string }>("PRAGMA journal_mode = DELETE");
    if (mode?.journal_mode !== "delete") throw new LedgerInUse(ledgerFile);
    await db.exec("BEGIN EXCLUSIVE");
  } catch (error) {
    await release();
    if (error instanceof LedgerInUse) throw error;
    if (isCode(error, "SQLITE_BUSY") || isCode(error, "SQLITE_LOCKED")) throw new LedgerInUse(ledgerFile);
    // Not a database any more: no server can be serving it either.
    return { head: null, release: async () => undefined };
  }
  const head = await db
    .get<{ seq: number; hash: string }>("SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1")
    .then((row) => (row ? { seq: row.seq, hash: row.hash } : null))
    .catch(() => null);
  return { head, release };
}

/** Throws LedgerInUse while anyone has the ledger file open; a file that does not exist is open in no one's hands. */
export async function requireNotInUse(ledgerFile: string): Promise<void> {
  // Opening creates a missing file: look first.
  if (!(await exists(ledgerFile))) return;
  const held = await holdLedger(ledgerFile);
  await held.release();
}
