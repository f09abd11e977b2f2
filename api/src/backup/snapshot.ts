import { randomBytes } from "node:crypto";
import { mkdir, rename } from "node:fs/promises";
import { join } from "node:path";
import sqlite3 from "sqlite3";
import type { LedgerHead } from "../ledger/chain.js";
import { Connection } from "../ledger/sqlite.js";
import { backupName, exists, isCode, removeDatabase, sizeOf, TEMP_PREFIX } from "./files.js";
import { fsyncDirectory, fsyncFile } from "../durableFile.js";
import { checkLedgerFile, type FileCheck } from "./verify.js";

// node-sqlite3 has the online backup API (lib/sqlite3.js, src/backup.cc) but its typings omit it.
declare module "sqlite3" {
  interface Database {
    backup(filename: string, callback?: (err: Error | null) => void): OnlineBackup;
  }
}

export interface OnlineBackup {
  step(pages: number, callback: (err: Error | null, done: boolean) => void): this;
  finish(callback: (err: Error | null) => void): void;
}

/** A backup that was written, verified and given its final name. */
export interface WrittenBackup {
  readonly file: string;
  readonly head: LedgerHead;
  readonly entries: number;
  readonly bytes: number;
  /** Copying the pages (the read transaction on the live ledger). */
  readonly copyMs: number;
  /** integrity_check, schema, chain and replay of the copy. */
  readonly verifyMs: number;
}

export class BackupVerificationError extends Error {
  override name = "BackupVerificationError";
  constructor(readonly check: FileCheck) {
    super(`The backup copy does not verify, so it was deleted: ${check.problem ?? "unknown problem"}`);
  }
}

/** The check of a copy takes about a tenth of the event loop while the server serves (verify.ts). */
const VERIFY_SLICES = { sliceMs: 1, pauseMs: 9 };
/** How often a busy source (another connection recovering the WAL) is tried again. */
const BUSY_RETRIES = 20;
const BUSY_WAIT_MS = 50;

/**
 * Takes a consistent copy of the live ledger while the server goes on writing, verifies it, and
 * only then gives it its final name in `dir` (`council-<time>-seq<head>.sqlite`).
 *
 * The copy is SQLite's online backup API, all pages in one step (`step(-1)`), from a read-only
 * connection of its own. One step is one read transaction: a snapshot of one commit, whatever the
 * writer does meanwhile. In WAL mode a reader never blocks the writer (its commits go to the WAL;
 * only a checkpoint waits for the snapshot to end), and copying pages as they are keeps the
 * snapshot short (5-45 ms for a 700-member vote). Copying in several smaller steps would restart
 * whenever another connection commits in between, so under a steady stream of ballots it might
 * never finish. VACUUM INTO is just as consistent but rebuilds every table and index into the new
 * file: more work, and a longer snapshot holding checkpoints back.
 *
 * The copy comes out in WAL mode like its source; it is switched to the rollback journal so that a
 * backup is one self-contained file (opening it read-only leaves no -wal or -shm beside it). The
 * server switches a restored ledger back to WAL when it opens it.
 */
export async function writeVerifiedBackup(ledgerFile: string, dir: string, at: Date = new Date()): Promise<WrittenBackup> {
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `${TEMP_PREFIX}${process.pid}-${randomBytes(4).toString("hex")}.sqlite`);
  try {
    const copyStarted = performance.now();
    const source = await openRaw(ledgerFile, sqlite3.OPEN_READONLY);
    try {
      source.configure("busyTimeout", 5000);
      await copyAllPages(source, temp);
      const copyMs = performance.now() - copyStarted;
      await toRollbackJournal(temp);
      await fsyncFile(temp);

      const verifyStarted = performance.now();
      const check = await checkLedgerFile(temp, { slices: VERIFY_SLICES });
      if (!check.ok) throw new BackupVerificationError(check);
      // The copy must be a prefix of the live chain (append-only: its head is an entry of the live ledger).
      const live = await rawGet<{ hash: string }>(source, "SELECT hash FROM ledger WHERE seq = ?", [check.head.seq]);
      if (check.head.seq > 0 && live?.hash !== check.head.hash) {
        throw new BackupVerificationError({ ...check, ok: false, problem: `its head (seq ${check.head.seq}) is not that entry of the live ledger` });
      }
      const verifyMs = performance.now() - verifyStarted;

      // Backups are taken one at a time, so a name found free stays free until the rename.
      const file = await finalName(dir, at, check.head.seq);
      await rename(temp, file);
      await fsyncDirectory(dir);
      return { file, head: check.head, entries: check.entries, bytes: await sizeOf(file), copyMs, verifyMs };
    } finally {
      await closeRaw(source);
    }
  } finally {
    await removeDatabase(temp);
  }
}

async function finalName(dir: string, at: Date, seq: number): Promise<string> {
  for (let copy = 0; ; copy += 1) {
    const file = join(dir, backupName(at, seq, copy));
    if (!(await exists(file))) return file;
  }
}

async function copyAllPages(source: sqlite3.Database, destination: string): Promise<void> {
  const backup = await new Promise<OnlineBackup>((resolve, reject) => {
    const b = source.backup(destination, (err) => (err ? reject(err) : resolve(b)));
  });
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const done = await new Promise<boolean>((resolve, reject) => backup.step(-1, (err, finished) => (err ? reject(err) : resolve(finished))));
        if (!done) throw new Error("the online backup stopped before the last page");
        return;
      } catch (error) {
        const busy = isCode(error, "SQLITE_BUSY") || isCode(error, "SQLITE_LOCKED");
        if (!busy || attempt >= BUSY_RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, BUSY_WAIT_MS));
      }
    }
  } finally {
    await new Promise<void>((resolve) => backup.finish(() => resolve()));
  }
}

async function toRollbackJournal(file: string): Promise<void> {
  const db = await Connection.open(file, "readwrite");
  try {
    const mode = await db.get<{ journal_mode: string }>("PRAGMA journal_mode = DELETE");
    if (mode?.journal_mode !== "delete") throw new Error(`the copy stayed in journal_mode=${mode?.journal_mode ?? "?"}`);
  } finally {
    await db.close();
  }
}

function openRaw(file: string, flags: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, flags, (err) => (err ? reject(err) : resolve(db)));
  });
}

function rawGet<T>(db: sqlite3.Database, sql: string, params: readonly unknown[]): Promise<T | undefined> {
  return new Promise((resolve, reject) => db.get(sql, params, (err: Error | null, row: T | undefined) => (err ? reject(err) : resolve(row))));
}

function closeRaw(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve) => db.close(() => resolve()));
}
