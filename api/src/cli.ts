import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { replay } from "./app/council.js";
import { restoreCommand, RESTORE_USAGE } from "./backup/restore.js";
import { LEDGER_FILE } from "./http/server.js";
import { verifyLedgerFile } from "./ledger/offline.js";

const USAGE = `Usage:
  npm run verify -- [--data <DATA_DIR>] [--file <ledger.sqlite>]
      Recomputes the ledger's hash chain and replays it. Exit 0 when it verifies, 1 when not.
      Safe on a running server's data and on a backup file (it only reads).
${RESTORE_USAGE}`;

async function verify(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: "string" }, file: { type: "string" }, help: { type: "boolean" } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const file = resolve(values.file ?? join(values.data ?? process.env["DATA_DIR"] ?? "./data", LEDGER_FILE));
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

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, (args: string[]) => Promise<number>> = { verify, restore: restoreCommand };
const run = command ? commands[command] : undefined;
if (!run) {
  console.error(USAGE);
  process.exit(2);
}
process.exit(await run(rest));
