import { mkdir, readFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { join, resolve } from "node:path";
import { pino } from "pino";
import { Council, replay, systemClock } from "../../app/council.js";
import { exists, messageOf } from "../../backup/files.js";
import { LedgerInUse, requireNotInUse } from "../../backup/inUse.js";
import { CLI_ACTOR_PREFIX, type CouncilCommand } from "../../domain/council/commands.js";
import { initialState, type CouncilState } from "../../domain/council/state.js";
import { DomainError } from "../../domain/errors.js";
import { LEDGER_FILE } from "../../http/server.js";
import { EMPTY_HEAD, verifyChain, type LedgerHead, type StoredEntry } from "../../ledger/chain.js";
import { Ledger } from "../../ledger/ledger.js";
import { readLedgerFile } from "../../ledger/offline.js";
import { rehearse } from "../service.js";

/**
 * What every admin CLI command shares (issue 9): where the data is, who is acting, reading the
 * council without disturbing a server, and recording commands only when no server has the ledger
 * open. Exit codes: 0 done, 1 refused or problems (nothing recorded), 2 usage or an unreadable file.
 */

/** The options every command takes. */
export const COMMON_OPTIONS = { data: { type: "string" }, help: { type: "boolean" } } as const;

export const DATA_HELP = "--data: the server's DATA_DIR (default $DATA_DIR, else ./data).";

/** DATA_DIR as the server resolves it: --data, else $DATA_DIR, else ./data. */
export function dataDirOf(data: string | undefined): string {
  return resolve(data ?? process.env["DATA_DIR"] ?? "./data");
}

/** `cli:<the operating system's user>`: the actor the ledger records for the CLI's commands. */
export function cliActor(): string {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    // A container user without a passwd entry.
    name = process.env["USER"] ?? process.env["USERNAME"] ?? `uid-${process.getuid?.() ?? "unknown"}`;
  }
  return `${CLI_ACTOR_PREFIX}${name}`;
}

/** Usage trouble (exit 2): says what is wrong, then how the command is used. */
export function usageError(message: string, usage: string): number {
  console.error(`${message}\nUsage:\n${usage}`);
  return 2;
}

/** --help: the command's usage (exit 0). */
export function help(usage: string): number {
  console.log(`Usage:\n${usage}`);
  return 0;
}

/** parseArgs (or any reading of the arguments) whose error is a usage error; null after printing it. */
export function parsed<T>(read: () => T, usage: string): T | null {
  try {
    return read();
  } catch (error) {
    usageError(messageOf(error), usage);
    return null;
  }
}

/** A file the command reads; null (exit 2) after saying why it cannot be read. */
export async function readInput(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    console.error(`Cannot read ${file}: ${messageOf(error)}`);
    return null;
  }
}

/** The ledger cannot be used (it does not verify, or is not a ledger): nothing was done. */
export class LedgerUnusable extends Error {
  override name = "LedgerUnusable";
}

export interface Snapshot {
  readonly ledgerFile: string;
  /** False in a fresh DATA_DIR: the state is the empty council. */
  readonly exists: boolean;
  readonly state: CouncilState;
  readonly head: LedgerHead;
}

/** The council as DATA_DIR's ledger holds it, read-only and verified (safe beside a running server). */
export async function readCouncil(dataDir: string): Promise<Snapshot> {
  const ledgerFile = join(dataDir, LEDGER_FILE);
  if (!(await exists(ledgerFile))) return { ledgerFile, exists: false, state: initialState, head: EMPTY_HEAD };
  let entries: StoredEntry[];
  try {
    entries = await readLedgerFile(ledgerFile);
  } catch (error) {
    throw new LedgerUnusable(`${ledgerFile} cannot be read as a ledger: ${messageOf(error)}`);
  }
  const chain = verifyChain(entries);
  if (!chain.ok) {
    throw new LedgerUnusable(
      `${ledgerFile} does not verify (entry ${chain.firstBadSeq ?? "?"}: ${chain.problem ?? "unknown problem"}). Check it with npm run verify; restore the latest verified backup with npm run restore.`,
    );
  }
  return { ledgerFile, exists: true, state: replay(entries), head: chain.head };
}

/** What a command asks to record, and what to say about it. */
export interface Plan {
  /** The domain commands, in order; recorded in one transaction, after all have been rehearsed. */
  readonly commands: readonly CouncilCommand[];
  /** After recording, with the state they left (not called on a dry run). */
  readonly done?: (state: CouncilState) => void;
  /** On a dry run, with the state the commands would leave. */
  readonly rehearsed?: (state: CouncilState) => void;
}

export interface RecordOptions {
  readonly dataDir: string;
  /** Read, plan and rehearse only: nothing is recorded (and a running server does not stop it). */
  readonly dryRun?: boolean;
}

/**
 * A writing command: refuses while anyone has the ledger open (a running server would never see
 * what the CLI records); reads the council; `plan` turns the command's input into domain commands
 * (or returns an exit code after printing a file's problems); rehearses them all, so that a refusal
 * records nothing; then opens the ledger (creating it in a fresh DATA_DIR), records them as
 * `cli:<user>` in one transaction, closes it, and prints the entries recorded.
 */
export async function recordCommands(options: RecordOptions, plan: (state: CouncilState) => Plan | number): Promise<number> {
  const { dataDir } = options;
  const ledgerFile = join(dataDir, LEDGER_FILE);
  let fresh = false;
  try {
    if (!options.dryRun) await requireNotInUse(ledgerFile);
    const snapshot = await readCouncil(dataDir);
    fresh = !snapshot.exists;
    const planned = plan(snapshot.state);
    if (typeof planned === "number") return planned;
    const actor = cliActor();
    const after = rehearse(snapshot.state, planned.commands, { actor, at: systemClock() });
    if (options.dryRun) {
      planned.rehearsed?.(after);
      console.log(`dry run: nothing was recorded in ${ledgerFile}.`);
      return 0;
    }
    const recorded = await record(dataDir, ledgerFile, snapshot.head, planned.commands, actor);
    if (recorded.entries.length === 0 && recorded.refusal === null) {
      console.log("nothing to record: it is so already.");
      return 0;
    }
    for (const e of recorded.entries) console.log(`recorded: seq ${e.seq} ${e.type} by ${e.actor}`);
    const head = recorded.entries.at(-1);
    if (head) console.log(`ledger: ${ledgerFile}, head seq ${head.seq}, hash ${head.hash}`);
    if (recorded.refusal !== null) {
      // Rehearsed beforehand, so not expected: say what was and was not recorded.
      console.error(`REFUSED: ${messageOf(recorded.refusal)} Only the entries above were recorded.`);
      return 1;
    }
    planned.done?.(recorded.state);
    return 0;
  } catch (error) {
    if (error instanceof LedgerInUse) {
      console.error(
        `REFUSED: a server is running on this DATA_DIR (${dataDir}): stop it, or use the Admin screen in the Teams tab. ` +
          `(${ledgerFile} is open in another process; a verify or the sqlite3 shell holds it open too.) Nothing was changed.`,
      );
    } else if (error instanceof DomainError) {
      const hint = fresh && error.code === "NOT_FOUND" ? ` (${ledgerFile} does not exist yet: is --data, or $DATA_DIR, the server's? create-assembly starts a ledger.)` : "";
      console.error(`REFUSED: ${error.message}${hint} Nothing was recorded.`);
    } else if (error instanceof LedgerUnusable) {
      console.error(`REFUSED: ${error.message} Nothing was recorded.`);
    } else {
      console.error(`FAILED: ${messageOf(error)}. Check ${ledgerFile} with npm run verify.`);
    }
    return 1;
  }
}

async function record(
  dataDir: string,
  ledgerFile: string,
  planned: LedgerHead,
  commands: readonly CouncilCommand[],
  actor: string,
): Promise<{ state: CouncilState; entries: StoredEntry[]; refusal: unknown }> {
  await mkdir(dataDir, { recursive: true });
  const ledger = await Ledger.open(ledgerFile);
  try {
    const council = await Council.load(ledger, systemClock, pino({ level: "silent" }));
    if (council.head.seq !== planned.seq || council.head.hash !== planned.hash) {
      throw new LedgerUnusable(`${ledgerFile} changed while the command was being prepared (did a server start?): run the command again.`);
    }
    // Queued in one turn, the commands are one batch: one transaction, committed together.
    const outcomes = await Promise.allSettled(commands.map((command) => council.execute(command, actor)));
    await council.drain();
    const entries = (await ledger.readAll()).filter((e) => e.seq > planned.seq);
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    // A failed commit records none of them: that is an error, not a refusal.
    if (refused && entries.length === 0) throw refused.reason;
    return { state: council.state, entries, refusal: refused ? (refused.reason as unknown) : null };
  } finally {
    await ledger.close();
  }
}

/** A read-only command (list): the council as the ledger holds it; 1 after saying why it cannot be read. */
export async function withCouncil(dataDir: string, read: (snapshot: Snapshot) => number): Promise<number> {
  try {
    return read(await readCouncil(dataDir));
  } catch (error) {
    if (error instanceof LedgerUnusable || error instanceof DomainError) console.error(`REFUSED: ${error.message}`);
    else console.error(`FAILED: ${messageOf(error)}`);
    return 1;
  }
}
