import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { notFound } from "../../domain/errors.js";
import { rosterImport } from "../service.js";
import { diffLines, previewLines, problemCount, problemLines } from "./print.js";
import { COMMON_OPTIONS, DATA_HELP, dataDirOf, help, parsed, readInput, recordCommands, usageError } from "./session.js";

export const IMPORT_ROSTER_USAGE = `  npm run admin -- import-roster <roster.csv> --assembly <id> --from <YYYY-MM-DD> --reason <text> [--dry-run] [--data <DATA_DIR>]
      Imports a roster file (the format check-roster reads) as the assembly's roster from a date. A file
      with problems imports nothing: every problem with its line (exit 1). Otherwise prints the preview
      and what changes against the roster of the day before (who comes, who goes, what changes for
      whom; people keep their member ids), records the new roster version and prints its number.
      --dry-run: all of that but the recording (it also works while a server is running).`;

export async function importRosterCommand(args: string[]): Promise<number> {
  const usage = `${IMPORT_ROSTER_USAGE}\n      ${DATA_HELP}`;
  const read = parsed(
    () =>
      parseArgs({
        args,
        allowPositionals: true,
        options: { ...COMMON_OPTIONS, assembly: { type: "string" }, from: { type: "string" }, reason: { type: "string" }, "dry-run": { type: "boolean" } },
      }),
    usage,
  );
  if (!read) return 2;
  const { values, positionals } = read;
  if (values.help) return help(usage);
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) return usageError("Name one roster file.", usage);
  const { assembly: assemblyId, from, reason } = values;
  if (assemblyId === undefined || from === undefined || reason === undefined) {
    return usageError("--assembly, --from (the first day the roster applies, YYYY-MM-DD) and --reason are all needed.", usage);
  }
  const text = await readInput(file);
  if (text === null) return 2;
  return recordCommands({ dataDir: dataDirOf(values.data), dryRun: values["dry-run"] ?? false }, (state) => {
    const change = rosterImport(state, assemblyId, text, from, reason, randomUUID);
    if (!change.ok) {
      console.log(`${file}: ${problemCount(change.problems)}; nothing was imported.`);
      for (const line of problemLines(change.problems)) console.log(line);
      return 1;
    }
    for (const line of previewLines(file, change.preview)) console.log(line);
    for (const line of diffLines(change.plan, change.before)) console.log(line);
    const versionOf = (s: typeof state): string => {
      const assembly = s.assemblies.get(assemblyId);
      if (!assembly) throw notFound(`Assembly ${assemblyId}`);
      const version = assembly.rosters.at(-1);
      return `roster version ${version?.version ?? "?"} of ${assemblyId}, in effect from ${from}`;
    };
    return {
      commands: [change.command],
      rehearsed: (after) => console.log(`would record: ${versionOf(after)}.`),
      done: (after) => console.log(`imported: ${versionOf(after)}.`),
    };
  });
}
