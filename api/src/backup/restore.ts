import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { copyFile, link, mkdir, rename } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { LEDGER_FILE } from "../http/server.js";
import type { LedgerHead } from "../ledger/chain.js";
import { exists, fileStamp, isCode, messageOf, removeDatabase, SIDECARS, sizeOf } from "./files.js";
import { holdLedger, LedgerInUse, type HeldLedger } from "./inUse.js";
import { fsyncDirectory, fsyncFile } from "../durableFile.js";
import { checkLedgerFile, type FileCheck } from "./verify.js";

export const RESTORE_USAGE = `  npm run restore -- <backup.sqlite> [--data <DATA_DIR>]
      Verifies the backup (integrity check, ledger schema, hash chain, replay) and, only if it
      verifies and no server has DATA_DIR's ledger open, puts it in place. The current ledger is
      kept as council.sqlite.replaced-<time>. Exit 0 when restored, 1 when refused (nothing changed).`;

/** Why a restore did not happen; nothing in DATA_DIR was changed. */
export class RestoreRefused extends Error {
  override name = "RestoreRefused";
}

export interface RestoreResult {
  readonly ledgerFile: string;
  /** The restored ledger as verified in place (its head is the backup's). */
  readonly restored: FileCheck;
  /** Where the ledger it replaced was kept (null: there was none). */
  readonly replacedAs: string | null;
  /** The replaced ledger's head, if it could be read. */
  readonly previousHead: LedgerHead | null;
}

/**
 * Restores `backupFile` as DATA_DIR's ledger:
 * 1. verifies the backup fully, before anything is touched;
 * 2. copies it into DATA_DIR under a temporary name, fsyncs it and verifies the copy (same head);
 * 3. takes the current ledger from SQLite itself, which refuses while anyone has it open (below);
 * 4. keeps the current ledger under a second name (a hard link: the same file, never copied or
 *    deleted) and renames the copy over `council.sqlite`: the name always points at a whole
 *    ledger, the old one or the restored one; then fsyncs the folder.
 *
 * Is a server running on it? Step 3 asks SQLite's own locks (holdLedger, api/src/backup/inUse.ts),
 * which cannot go stale after a crash or a power cut (when restores happen), and holds the file
 * until the restored ledger is in place: a server starting meanwhile waits (and gives up after its
 * busy timeout) instead of opening the old one. Leaving WAL mode on the way checkpoints what a
 * killed server left in the -wal into the file that is kept.
 */
export async function restoreBackup(backupFile: string, dataDir: string, at: Date = new Date()): Promise<RestoreResult> {
  const backup = resolve(backupFile);
  const checked = await checkLedgerFile(backup);
  if (!checked.ok) throw new RestoreRefused(`${backup} does not verify: ${checked.problem ?? "unknown problem"}`);

  const dir = resolve(dataDir);
  const ledgerFile = join(dir, LEDGER_FILE);
  await mkdir(dir, { recursive: true });
  const staged = join(dir, `.${LEDGER_FILE}.restore-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    await copyFile(backup, staged, constants.COPYFILE_EXCL);
    await fsyncFile(staged);
    const copy = await checkLedgerFile(staged);
    if (!copy.ok || copy.head.seq !== checked.head.seq || copy.head.hash !== checked.head.hash) {
      const wal = (await exists(`${backup}-wal`)) && (await sizeOf(`${backup}-wal`)) > 0;
      throw new RestoreRefused(
        wal
          ? `${backup} has a write-ahead log beside it (${backup}-wal) that the file alone does not hold: it is a live database or an unfinished copy. Use a backup the server wrote, or checkpoint it first.`
          : `the copy of ${backup} in ${dir} does not match the backup (${copy.problem ?? `head seq ${copy.head.seq}`}); is the disk failing?`,
      );
    }

    const current = (await exists(ledgerFile)) ? await takeCurrent(ledgerFile) : null;
    try {
      let replacedAs: string | null = null;
      if (current) {
        replacedAs = await freeName(join(dir, `${LEDGER_FILE}.replaced-${fileStamp(at)}`));
        await keepAs(ledgerFile, replacedAs);
        // What SQLite left beside the old file belongs to it, never to the restored one.
        for (const sidecar of SIDECARS) {
          if (await exists(ledgerFile + sidecar)) await rename(ledgerFile + sidecar, replacedAs + sidecar);
        }
      }
      await rename(staged, ledgerFile);
      await fsyncDirectory(dir);
      return { ledgerFile, restored: { ...copy, file: ledgerFile }, replacedAs, previousHead: current?.head ?? null };
    } finally {
      await current?.release();
    }
  } finally {
    await removeDatabase(staged);
  }
}

/** Holds the current ledger exclusively, or refuses because someone has it open (api/src/backup/inUse.ts). */
async function takeCurrent(ledgerFile: string): Promise<HeldLedger> {
  try {
    return await holdLedger(ledgerFile);
  } catch (error) {
    if (error instanceof LedgerInUse) throw new RestoreRefused(error.message);
    throw error;
  }
}

/** A second name for the current ledger: the same file (a hard link), or a durable copy where links are not possible. */
async function keepAs(file: string, kept: string): Promise<void> {
  try {
    await link(file, kept);
  } catch (error) {
    if (!["EPERM", "ENOTSUP", "EOPNOTSUPP", "EXDEV", "ENOSYS"].some((code) => isCode(error, code))) throw error;
    await copyFile(file, kept, constants.COPYFILE_EXCL);
    await fsyncFile(kept);
  }
}

async function freeName(base: string): Promise<string> {
  for (let n = 0; ; n += 1) {
    const name = n === 0 ? base : `${base}-${n}`;
    if (!(await exists(name)) && !(await exists(`${name}-wal`))) return name;
  }
}

/** `npm run restore -- <backup> [--data <DATA_DIR>]`: prints what it did; 0 restored, 1 refused, 2 usage. */
export async function restoreCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { data: { type: "string" }, help: { type: "boolean" } } });
  } catch (error) {
    console.error(`${messageOf(error)}\nUsage:\n${RESTORE_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(`Usage:\n${RESTORE_USAGE}`);
    return 0;
  }
  const [backup, ...extra] = positionals;
  if (!backup || extra.length > 0) {
    console.error(`Say which backup to restore (one file).\nUsage:\n${RESTORE_USAGE}`);
    return 2;
  }
  const dataDir = resolve(values.data ?? process.env["DATA_DIR"] ?? "./data");
  try {
    const result = await restoreBackup(backup, dataDir);
    const { head, entries } = result.restored;
    console.log(`backup: ${resolve(backup)}: verified (integrity ok, schema intact, ${entries} entries, chain and replay ok)`);
    if (result.replacedAs) {
      const previous = result.previousHead ? `head seq ${result.previousHead.seq}, hash ${result.previousHead.hash}` : "not readable as a ledger";
      console.log(`previous ledger (${previous}) kept as ${result.replacedAs}`);
    }
    console.log(`restored: ${result.ledgerFile}`);
    console.log(`head: seq ${head.seq}, hash ${head.hash}`);
    console.log("restore: ok. Start the server: it verifies the chain again as it opens the ledger.");
    return 0;
  } catch (error) {
    if (error instanceof RestoreRefused) console.error(`REFUSED: ${error.message}. Nothing was changed in ${dataDir}.`);
    // council.sqlite is renamed over in one step: it is the old ledger or the restored one, never a mix.
    else console.error(`FAILED: the restore stopped: ${messageOf(error)}. Check ${join(dataDir, LEDGER_FILE)} with npm run verify.`);
    return 1;
  }
}
