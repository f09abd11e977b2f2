import { randomUUID } from "node:crypto";
import { extname } from "node:path";
import { parseArgs } from "node:util";
import type { AgendaFormat } from "../agenda.js";
import type { AgendaItemRecord } from "../../domain/council/events.js";
import { isDate, timeZoneOf } from "../../domain/council/rosters.js";
import { notFound } from "../../domain/errors.js";
import { agendaRecords } from "../service.js";
import { problemCount, problemLines } from "./print.js";
import { COMMON_OPTIONS, DATA_HELP, dataDirOf, help, parsed, readInput, recordCommands, usageError } from "./session.js";

/** The admin CLI's meeting commands: schedule a meeting (with its agenda), replace a scheduled meeting's agenda. */

export const SCHEDULE_MEETING_USAGE = `  npm run admin -- schedule-meeting --assembly <id> --title <text> --at <time> [--agenda <file.csv|file.json>] [--data <DATA_DIR>]
      Schedules a meeting and prints its id. --at: ISO-8601, with Z or an offset (2027-01-25T17:00:00Z,
      2027-01-25T18:00+01:00), or without one as the assembly's local time (2027-01-25T18:00).
      --agenda: the agenda as a case-management system exports it (CSV or JSON); a file with problems
      schedules nothing: every problem with its line (exit 1).`;

export const IMPORT_AGENDA_USAGE = `  npm run admin -- import-agenda <file.csv|file.json> --meeting <id> [--data <DATA_DIR>]
      Replaces the agenda of a meeting not yet opened with the file's (list shows meeting ids).`;

export async function scheduleMeetingCommand(args: string[]): Promise<number> {
  const usage = `${SCHEDULE_MEETING_USAGE}\n      ${DATA_HELP}`;
  const read = parsed(
    () => parseArgs({ args, options: { ...COMMON_OPTIONS, assembly: { type: "string" }, title: { type: "string" }, at: { type: "string" }, agenda: { type: "string" } } }),
    usage,
  );
  if (!read) return 2;
  const { values } = read;
  if (values.help) return help(usage);
  const { assembly: assemblyId, title, at } = values;
  if (assemblyId === undefined || title === undefined || at === undefined) return usageError("--assembly, --title and --at are all needed.", usage);
  const agendaFile = values.agenda;
  const text = agendaFile === undefined ? null : await readInput(agendaFile);
  if (agendaFile !== undefined && text === null) return 2;
  const meetingId = randomUUID();
  return recordCommands({ dataDir: dataDirOf(values.data) }, (state) => {
    const assembly = state.assemblies.get(assemblyId);
    if (!assembly) throw notFound(`Assembly ${assemblyId}`);
    const scheduledAt = instantOf(at, timeZoneOf(assembly));
    if (scheduledAt === null) {
      console.error(`REFUSED: --at "${at}" is not a time: write 2027-01-25T17:00:00Z, 2027-01-25T18:00+01:00 or 2027-01-25T18:00 (${timeZoneOf(assembly)}). Nothing was recorded.`);
      return 1;
    }
    let agenda: AgendaItemRecord[] = [];
    if (agendaFile !== undefined && text !== null) {
      const records = agendaOf(agendaFile, text);
      if (records === null) return 1;
      agenda = records;
    }
    return {
      commands: [{ type: "ScheduleMeeting", data: { meetingId, assemblyId, title, scheduledAt, teamsMeetingId: null, agenda } }],
      done: () => {
        console.log(`scheduled: "${title.trim()}" of ${assemblyId} at ${scheduledAt} (${localTime(scheduledAt, timeZoneOf(assembly))}), ${agenda.length} agenda items.`);
        console.log(`meeting id: ${meetingId}`);
      },
    };
  });
}

export async function importAgendaCommand(args: string[]): Promise<number> {
  const usage = `${IMPORT_AGENDA_USAGE}\n      ${DATA_HELP}`;
  const read = parsed(() => parseArgs({ args, allowPositionals: true, options: { ...COMMON_OPTIONS, meeting: { type: "string" } } }), usage);
  if (!read) return 2;
  const { values, positionals } = read;
  if (values.help) return help(usage);
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) return usageError("Name one agenda file.", usage);
  const meetingId = values.meeting;
  if (meetingId === undefined) return usageError("--meeting is missing: the id schedule-meeting (or list) printed.", usage);
  const text = await readInput(file);
  if (text === null) return 2;
  return recordCommands({ dataDir: dataDirOf(values.data) }, () => {
    const agenda = agendaOf(file, text);
    if (agenda === null) return 1;
    return {
      commands: [{ type: "ReplaceAgenda", data: { meetingId, agenda } }],
      done: (state) => console.log(`imported: ${agenda.length} agenda items into "${state.meetings.get(meetingId)?.title ?? meetingId}" (${meetingId}).`),
    };
  });
}

/** The agenda file's items with new ids; null after printing its problems. */
function agendaOf(file: string, text: string): AgendaItemRecord[] | null {
  const format = formatOf(file);
  const records = agendaRecords(text, format, randomUUID);
  if (records.ok) return records.agenda;
  // JSON has no lines to point at: its problems are counted by item (see api/src/admin/agenda.ts).
  const json = format === "JSON" || (format === undefined && /^\s*[[{]/.test(text));
  console.log(`${file}: ${problemCount(records.problems)}; nothing was imported.`);
  for (const line of problemLines(records.problems, json ? "item" : "line")) console.log(line);
  return null;
}

/** By the file's name where it says; otherwise told from the text. */
function formatOf(file: string): AgendaFormat | undefined {
  const ext = extname(file).toLowerCase();
  return ext === ".json" ? "JSON" : ext === ".csv" ? "CSV" : undefined;
}

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * An instant, ISO-8601 UTC: from a time with Z or an offset, or from a wall-clock time in `timeZone`
 * (null for one that is not a time, or does not exist there: the hour skipped when summer time starts).
 */
export function instantOf(text: string, timeZone: string): string | null {
  const value = text.trim();
  if (WITH_OFFSET.test(value)) {
    const at = Date.parse(value);
    return Number.isNaN(at) || !isDate(value.slice(0, 10)) ? null : new Date(at).toISOString();
  }
  const match = LOCAL.exec(value);
  if (!match?.[1] || !isDate(match[1])) return null;
  const [year, month, day] = match[1].split("-").map(Number);
  const wall = Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, Number(match[2]), Number(match[3]), Number(match[4] ?? 0));
  // The zone's offset at the guess, then at the result (they differ only near a change of offset).
  let at = wall - (wallClock(wall, timeZone) - wall);
  at = wall - (wallClock(at, timeZone) - at);
  return wallClock(at, timeZone) === wall ? new Date(at).toISOString() : null;
}

/** The wall-clock time in `timeZone` at `at`, as if it were UTC (ms). */
function wallClock(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(at));
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
}

/** "2027-01-25 18:00 Europe/Stockholm". */
export function localTime(iso: string, timeZone: string): string {
  const wall = new Date(wallClock(Date.parse(iso), timeZone)).toISOString();
  return `${wall.slice(0, 10)} ${wall.slice(11, 16)} ${timeZone}`;
}
