import { Connection } from "./sqlite.js";
import { canonicalJson, EMPTY_HEAD, entryHash, type LedgerHead, type StoredEntry } from "./chain.js";
import { ensureSchema, checkSchema } from "./schema.js";

/** An entry to append: the ledger gives it its seq, prev_hash and hash. */
export interface NewEntry {
  readonly at: string;
  readonly meeting: string | null;
  readonly type: string;
  readonly actor: string;
  readonly payload: unknown;
}

export class LedgerDurabilityError extends Error {
  override name = "LedgerDurabilityError";
}

/**
 * The ledger could not be written (the disk is full, the file system failed): nothing of the
 * transaction was recorded. Not the caller's fault; trying again may work once the cause is fixed.
 */
export class LedgerWriteError extends Error {
  override name = "LedgerWriteError";
}

/** Wraps a storage failure, keeping SQLite's own message and code (SQLITE_FULL, SQLITE_IOERR ...). */
function writeError(error: unknown, doing: string): LedgerWriteError {
  if (error instanceof LedgerWriteError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new LedgerWriteError(`The ledger could not be written while ${doing}: ${detail}`, { cause: error });
}

export interface ConnectionSettings {
  readonly journalMode: string;
  readonly synchronous: number;
}

/** synchronous=FULL (2): a commit is on disk before it is acknowledged. */
export const SYNCHRONOUS_FULL = 2;

/** A ledger row as SQLite returns it. */
export interface Row {
  seq: number;
  at: string;
  meeting: string | null;
  type: string;
  actor: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

export const toEntry = (r: Row): StoredEntry => ({
  seq: r.seq,
  at: r.at,
  meeting: r.meeting,
  type: r.type,
  actor: r.actor,
  payload: r.payload,
  prevHash: r.prev_hash,
  hash: r.hash,
});

export const COLUMNS = "seq, at, meeting, type, actor, payload, prev_hash, hash";

/**
 * The append-only, hash-chained ledger in one SQLite file. One connection writes (the caller
 * serialises transactions); another reads, so that queries never wait for a commit.
 */
export class Ledger {
  private currentHead: LedgerHead;
  private inTransaction = false;

  private constructor(
    readonly file: string,
    private readonly writer: Connection,
    private readonly reader: Connection,
    head: LedgerHead,
  ) {
    this.currentHead = head;
  }

  static async open(file: string): Promise<Ledger> {
    const writer = await Connection.open(file, "readwrite");
    try {
      await configure(writer, file);
      await ensureSchema(writer);
      const reader = await Connection.open(file, "readonly");
      await configure(reader, file);
      const last = await writer.get<Row>(`SELECT ${COLUMNS} FROM ledger ORDER BY seq DESC LIMIT 1`);
      return new Ledger(file, writer, reader, last ? { seq: last.seq, hash: last.hash } : EMPTY_HEAD);
    } catch (error) {
      await writer.close().catch(() => undefined);
      throw error;
    }
  }

  /** The last committed entry. */
  get head(): LedgerHead {
    return this.currentHead;
  }

  /** Every entry in seq order. */
  async readAll(): Promise<StoredEntry[]> {
    return (await this.reader.all<Row>(`SELECT ${COLUMNS} FROM ledger ORDER BY seq`)).map(toEntry);
  }

  /** A meeting's entries after `afterSeq`, at most `first`, in seq order. */
  async entriesOf(meetingId: string, afterSeq: number, first: number): Promise<StoredEntry[]> {
    const rows = await this.reader.all<Row>(
      `SELECT ${COLUMNS} FROM ledger WHERE meeting = ? AND seq > ? ORDER BY seq LIMIT ?`,
      [meetingId, afterSeq, first],
    );
    return rows.map(toEntry);
  }

  /** What every connection reports now (both must be WAL with synchronous=FULL). */
  async settings(): Promise<ConnectionSettings[]> {
    return Promise.all([this.writer, this.reader].map(readSettings));
  }

  /** Re-checks the table and its triggers (they may be dropped behind the server's back). */
  async checkSchema(): Promise<void> {
    await checkSchema(this.reader);
  }

  /**
   * Runs `work` in one write transaction. When it resolves the transaction is committed and
   * durable; if anything fails, it is rolled back and the head is what it was.
   */
  async transaction<T>(work: (tx: LedgerTransaction) => Promise<T>): Promise<T> {
    if (this.inTransaction) throw new Error("Ledger transactions must be serialised by the caller.");
    this.inTransaction = true;
    const tx = new LedgerTransaction(this.writer, this.currentHead);
    try {
      await this.writer.exec("BEGIN IMMEDIATE");
      let result: T;
      try {
        result = await work(tx);
        // An append that failed to write may have ended the transaction (SQLite rolls back on a full
        // disk): then nothing of the batch may be committed, whatever `work` made of the failure.
        if (tx.failure) throw tx.failure;
        await this.writer.exec("COMMIT").catch((error: unknown) => {
          throw writeError(error, "committing");
        });
      } catch (error) {
        await this.writer.exec("ROLLBACK").catch(() => undefined);
        throw error;
      }
      this.currentHead = tx.head;
      return result;
    } finally {
      this.inTransaction = false;
    }
  }

  /** The reader first: the writer, closing last, checkpoints the WAL into the file and removes it. */
  async close(): Promise<void> {
    await this.reader.close().catch(() => undefined);
    await this.writer.close().catch(() => undefined);
  }
}

/** Appends inside a transaction; each `append` is all-or-nothing in its own SAVEPOINT. */
export class LedgerTransaction {
  /** Set when an append could not be written: the transaction can only be rolled back. */
  failure: LedgerWriteError | null = null;

  constructor(
    private readonly db: Connection,
    private batchHead: LedgerHead,
  ) {}

  get head(): LedgerHead {
    return this.batchHead;
  }

  async append(entries: readonly NewEntry[]): Promise<StoredEntry[]> {
    if (this.failure) throw this.failure;
    const start = this.batchHead;
    const stored: StoredEntry[] = [];
    let head = start;
    for (const e of entries) {
      const seq = head.seq + 1;
      const unhashed = { seq, at: e.at, meeting: e.meeting, type: e.type, actor: e.actor, payload: canonicalJson(e.payload) };
      const entry: StoredEntry = { ...unhashed, prevHash: head.hash, hash: entryHash(head.hash, unhashed) };
      stored.push(entry);
      head = { seq, hash: entry.hash };
    }
    await this.db.exec("SAVEPOINT command");
    try {
      for (const e of stored) {
        await this.db.run(`INSERT INTO ledger (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
          e.seq,
          e.at,
          e.meeting,
          e.type,
          e.actor,
          e.payload,
          e.prevHash,
          e.hash,
        ]);
      }
      await this.db.exec("RELEASE command");
    } catch (error) {
      // The domain only appends entries that follow the head, so any failure here is the storage's.
      this.failure = writeError(error, "appending");
      await this.db.exec("ROLLBACK TO command; RELEASE command").catch(() => undefined);
      throw this.failure;
    }
    this.batchHead = head;
    return stored;
  }
}

async function readSettings(db: Connection): Promise<ConnectionSettings> {
  const journal = await db.get<{ journal_mode: string }>("PRAGMA journal_mode");
  const sync = await db.get<{ synchronous: number }>("PRAGMA synchronous");
  return { journalMode: String(journal?.journal_mode ?? ""), synchronous: Number(sync?.synchronous ?? -1) };
}

/** Durable settings on every connection, read back: the server refuses to serve otherwise. */
async function configure(db: Connection, file: string): Promise<void> {
  await db.exec("PRAGMA busy_timeout = 5000; PRAGMA recursive_triggers = ON");
  await db.get("PRAGMA journal_mode = WAL").catch(() => undefined);
  await db.exec("PRAGMA synchronous = FULL");
  const settings = await readSettings(db);
  if (settings.journalMode !== "wal" || settings.synchronous !== SYNCHRONOUS_FULL) {
    throw new LedgerDurabilityError(
      `${file}: the database reports journal_mode=${settings.journalMode}, synchronous=${settings.synchronous}; ` +
        "the ledger needs journal_mode=wal and synchronous=FULL (2) so that an acknowledged vote survives a power cut.",
    );
  }
}
