import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { problemCount, problemLines, previewLines } from "./cli/print.js";
import { parseRoster, preview } from "./roster.js";

export const CHECK_ROSTER_USAGE = `  npm run admin -- check-roster <roster.csv> [--seats <N>]
      Reads a roster file as an import would and changes nothing: every problem with its line and
      reason (exit 1), or the preview of what would be imported (exit 0). --seats: the assembly's
      seat count (default: the number of ordinary members in the file).`;

/** `npm run admin -- check-roster`: the import's validation and preview, for IT staff before an import. */
export async function checkRosterCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { seats: { type: "string" }, help: { type: "boolean" } } });
  const file = positionals[0];
  if (values.help || !file || positionals.length > 1) {
    console.log(CHECK_ROSTER_USAGE);
    return values.help ? 0 : 2;
  }
  const seatCount = values.seats === undefined ? undefined : Number(values.seats);
  if (seatCount !== undefined && !(Number.isInteger(seatCount) && seatCount > 0)) {
    console.error(`--seats must be a whole number above 0, not "${values.seats}".`);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    console.error(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const result = parseRoster(text, seatCount === undefined ? {} : { seatCount });
  if (!result.ok) {
    console.log(`${file}: ${problemCount(result.problems)}; nothing would be imported.`);
    for (const line of problemLines(result.problems)) console.log(line);
    return 1;
  }
  for (const line of previewLines(file, preview(result.roster))) console.log(line);
  return 0;
}
