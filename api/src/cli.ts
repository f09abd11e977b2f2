import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { replay } from "./app/council.js";
import { restoreCommand, RESTORE_USAGE } from "./backup/restore.js";
import { LEDGER_FILE } from "./http/server.js";
import { verifyLedgerFile } from "./ledger/offline.js";
import { verifyMinutesFile } from "./minutes/verify.js";
import { checkRosterCommand, CHECK_ROSTER_USAGE } from "./admin/checkRoster.js";
import { ADMIN_COMMANDS, ADMIN_USAGE } from "./admin/cli/index.js";

const USAGE = `Usage:
  npm run verify -- [--data <DATA_DIR>] [--file <ledger.sqlite>]
      Recomputes the ledger's hash chain and replays it. Exit 0 when it verifies, 1 when not.
      Safe on a running server's data and on a backup file (it only reads).
  npm run verify-minutes -- <minutes.json> [--data <DATA_DIR>] [--file <ledger.sqlite>]
      Checks exported minutes (GET /minutes) against the ledger: the ledger head they name must be in
      the ledger, and the minutes made again from the ledger up to it must be the file. Says which item,
      vote or entry differs. Exit 0 when they match, 1 when not, 2 when the file cannot be checked.
${RESTORE_USAGE}
${CHECK_ROSTER_USAGE}
${ADMIN_USAGE}`;

/** The ledger file the options name: --file, else DATA_DIR's ledger (--data, $DATA_DIR, ./data). */
function ledgerFileOf(values: { data?: string | undefined; file?: string | undefined }): string {
  return resolve(values.file ?? join(values.data ?? process.env["DATA_DIR"] ?? "./data", LEDGER_FILE));
}

async function verify(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: "string" }, file: { type: "string" }, help: { type: "boolean" } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const file = ledgerFileOf(values);
  try {
    const report = await verifyLedgerFile(file, (entries) => void replay(entries));
    console.log(`ledger: ${report.file}`);
    console.log(`entries: ${report.entries}`);
    console.log(`head: seq ${report.head.seq}, hash ${report.head.hash}`);
    if (report.schemaProblem) console.log(`schema: NOT INTACT: ${report.schemaProblem}`);
    if (report.firstBadSeq !== null) console.log(`FIRST BAD ENTRY: seq ${report.firstBadSeq}: ${report.problem}`);
    console.log(report.ok ? "verification: ok" : "verification: FAILED");
    return report.ok ? 0 : 1;
  } catch (error) {
    console.error(`Cannot verify ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function verifyMinutes(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { data: { type: "string" }, file: { type: "string" }, help: { type: "boolean" } } });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [minutes, ...extra] = positionals;
  if (minutes === undefined || extra.length > 0) {
    console.error(`Name one minutes file.\n${USAGE}`);
    return 2;
  }
  return verifyMinutesFile(resolve(minutes), ledgerFileOf(values), (line) => console.log(line));
}

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, (args: string[]) => Promise<number>> = {
  verify,
  "verify-minutes": verifyMinutes,
  restore: restoreCommand,
  "check-roster": checkRosterCommand,
  ...ADMIN_COMMANDS,
};
const run = command ? commands[command] : undefined;
if (!run) {
  console.error(USAGE);
  process.exit(2);
}
process.exit(await run(rest));
