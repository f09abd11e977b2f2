import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";

/**
 * Backup file names: `council-2026-12-14T17-03-00Z-seq000512.sqlite`, the time it was taken (UTC,
 * to the second) and the ledger head seq it holds. A file only ever gets such a name after it
 * verified; one being written or checked is a hidden temp file (TEMP_PREFIX) in the same folder.
 */
const NAME = /^council-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2})Z-seq(\d+)(?:-(\d+))?\.sqlite$/;
export const TEMP_PREFIX = ".council-backup-";
/** SQLite's files beside a database. */
export const SIDECARS = ["-wal", "-shm", "-journal"] as const;

export interface BackupName {
  readonly name: string;
  /** "2026-12-14T17-03-00" */
  readonly stamp: string;
  readonly seq: number;
  /** 0, or n for the n-th backup of the same second and seq (after a restore). */
  readonly copy: number;
}

/** A UTC time to the second, safe in a file name on every system: 2026-12-14T17-03-00Z. */
export function fileStamp(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace(/:/g, "-")}Z`;
}

export function backupName(at: Date, seq: number, copy = 0): string {
  return `council-${fileStamp(at)}-seq${String(seq).padStart(6, "0")}${copy > 0 ? `-${copy}` : ""}.sqlite`;
}

export function parseBackupName(name: string): BackupName | null {
  const match = NAME.exec(name);
  if (!match?.[1] || !match[2]) return null;
  return { name, stamp: match[1], seq: Number(match[2]), copy: Number(match[3] ?? 0) };
}

/** Newest first: by time, then seq (seq 1000000 sorts after 999999, which names alone would not). */
export function newestFirst(a: BackupName, b: BackupName): number {
  if (a.stamp !== b.stamp) return a.stamp < b.stamp ? 1 : -1;
  if (a.seq !== b.seq) return b.seq - a.seq;
  return b.copy - a.copy;
}

/** The verified backups in `dir`, newest first (other files are not ours and are left alone). */
export async function listBackups(dir: string): Promise<BackupName[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (isCode(error, "ENOENT")) return [];
    throw error;
  }
  return names.flatMap((n) => parseBackupName(n) ?? []).sort(newestFirst);
}

/** Which backups rotation deletes: all but the newest `keep`, never `justWritten`. */
export function toRotate(backups: readonly BackupName[], keep: number, justWritten: string): BackupName[] {
  const sorted = [...backups].sort(newestFirst);
  const kept = new Set(sorted.slice(0, Math.max(1, keep)).map((b) => b.name));
  if (!kept.has(justWritten) && sorted.some((b) => b.name === justWritten)) {
    // A clock set back makes the new file look old: keep it, and one fewer of the others.
    const last = sorted.slice(0, Math.max(1, keep)).at(-1);
    if (last) kept.delete(last.name);
    kept.add(justWritten);
  }
  return sorted.filter((b) => !kept.has(b.name));
}

/** Removes a database file and whatever SQLite left beside it. */
export async function removeDatabase(path: string): Promise<void> {
  await Promise.all([path, ...SIDECARS.map((s) => path + s)].map((p) => rm(p, { force: true })));
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isCode(error, "ENOENT")) return false;
    throw error;
  }
}

export async function sizeOf(path: string): Promise<number> {
  return (await stat(path)).size;
}

/** Leftovers of a backup interrupted by a crash (never a verified backup). */
export async function staleTemps(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => n.startsWith(TEMP_PREFIX)).map((n) => join(dir, n));
  } catch (error) {
    if (isCode(error, "ENOENT")) return [];
    throw error;
  }
}

/** An error with this errno-style code (ENOENT) or SQLite code (SQLITE_BUSY). */
export function isCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === code;
}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
