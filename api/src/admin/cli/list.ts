import { parseArgs } from "node:util";
import { DEFAULT_TIME_ZONE } from "../../domain/council/events.js";
import { latestRoster, timeZoneOf } from "../../domain/council/rosters.js";
import type { AssemblyState, CouncilState } from "../../domain/council/state.js";
import { localTime } from "./meeting.js";
import { memberText } from "./print.js";
import { COMMON_OPTIONS, DATA_HELP, dataDirOf, help, parsed, withCouncil } from "./session.js";

export const LIST_USAGE = `  npm run admin -- list [--assembly <id>] [--members] [--data <DATA_DIR>]
      What the ledger holds, read-only (safe while a server runs): each assembly's seats and settings,
      roster versions (version, in effect from, reason, people), presidium, granted roles and meetings
      (id, time, status, agenda items). --members: also the latest roster, with member ids and sign-ins.`;

export async function listCommand(args: string[]): Promise<number> {
  const usage = `${LIST_USAGE}\n      ${DATA_HELP}`;
  const read = parsed(() => parseArgs({ args, options: { ...COMMON_OPTIONS, assembly: { type: "string" }, members: { type: "boolean" } } }), usage);
  if (!read) return 2;
  const { values } = read;
  if (values.help) return help(usage);
  const dataDir = dataDirOf(values.data);
  return withCouncil(dataDir, ({ ledgerFile, exists, state, head }) => {
    if (!exists) {
      console.error(`No ledger at ${ledgerFile}: is --data (or $DATA_DIR) the server's? create-assembly starts one.`);
      return 1;
    }
    console.log(`ledger: ${ledgerFile}, head seq ${head.seq}`);
    const assemblies = values.assembly === undefined ? [...state.assemblies.values()] : [state.assemblies.get(values.assembly)].flatMap((a) => a ?? []);
    if (values.assembly !== undefined && assemblies.length === 0) {
      console.error(`No assembly ${values.assembly}: the ledger has ${[...state.assemblies.keys()].join(", ") || "none"}.`);
      return 1;
    }
    if (assemblies.length === 0) console.log("no assemblies yet: create-assembly registers one.");
    for (const assembly of assemblies) {
      for (const line of assemblyLines(state, assembly, values.members ?? false)) console.log(line);
    }
    return 0;
  });
}

const QUORUM_TEXT = { MORE_THAN_HALF: "more than half of the seats", AT_LEAST_HALF: "at least half of the seats", NONE: "none" } as const;
const MAJORITY_TEXT = { SIMPLE: "simple", TWO_THIRDS_OF_PRESENT: "two thirds of those present" } as const;

function assemblyLines(state: CouncilState, assembly: AssemblyState, members: boolean): string[] {
  const s = assembly.settings;
  const zone = timeZoneOf(assembly);
  const lines = [
    "",
    `${assembly.id}: ${assembly.name}`,
    `  seats: ${assembly.seatCount}; quorum: ${QUORUM_TEXT[s.quorum ?? "MORE_THAN_HALF"]}; default majority: ${MAJORITY_TEXT[s.defaultMajority ?? "SIMPLE"]}`,
    `  time zone: ${s.timeZone ?? DEFAULT_TIME_ZONE}; a member who leaves returns the same day: ${s.noReturnAfterLeaving ? "no" : "yes"}; answers change while a vote is open: ${s.answerChangeWhileOpen ? "yes" : "no"}`,
    "  roster versions:",
  ];
  for (const v of assembly.rosters) {
    const ordinary = [...v.members.values()].filter((m) => m.kind === "ORDINARY").length;
    lines.push(
      `    v${v.version}  ${v.effectiveFrom === null ? "from the start" : `from ${v.effectiveFrom}`}  ${v.members.size} people (${ordinary} ordinary, ${v.members.size - ordinary} substitutes)  ${v.reason === null ? "" : `"${v.reason}"  `}recorded ${v.recordedAt} by ${v.recordedBy}`,
    );
  }
  const name = (id: string | null): string => {
    const m = id === null ? undefined : assembly.rosters.map((v) => v.members.get(id)).findLast((x) => x !== undefined);
    return m ? `${memberText(m)} [${m.id}]` : id === null ? "none" : `[${id}]`;
  };
  lines.push(`  presidium: chair ${name(assembly.presidium.chairMemberId)}${assembly.presidium.viceChairMemberIds.map((id, i) => `; vice chair ${i + 1} ${name(id)}`).join("")}`);
  lines.push(`  granted roles:${assembly.roles.size === 0 ? " none" : ""}`);
  for (const [userId, roles] of assembly.roles) lines.push(`    ${userId} (${state.users.get(userId)?.displayName ?? userId}): ${roles.join(", ")}`);
  const meetings = assembly.meetingIds.flatMap((id) => state.meetings.get(id) ?? []).sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt));
  lines.push(`  meetings:${meetings.length === 0 ? " none" : ""}`);
  for (const m of meetings) {
    lines.push(`    ${m.id}  ${localTime(m.scheduledAt, zone)}  ${m.status}  "${m.title}"  ${m.items.size} agenda items  (roster v${m.rosterVersion})`);
  }
  if (members) {
    const latest = latestRoster(assembly);
    lines.push(`  members (roster v${latest.version}):`);
    for (const m of latest.members.values()) lines.push(`    ${m.id}  ${memberText(m)}  ${latest.userOfMember.get(m.id) ?? "(no sign-in)"}`);
  }
  return lines;
}
