import { createAssemblyCommand, CREATE_ASSEMBLY_USAGE, grantRoleCommand, GRANT_ROLE_USAGE, revokeRoleCommand, REVOKE_ROLE_USAGE, setPresidiumCommand, SET_PRESIDIUM_USAGE } from "./assembly.js";
import { listCommand, LIST_USAGE } from "./list.js";
import { importAgendaCommand, IMPORT_AGENDA_USAGE, scheduleMeetingCommand, SCHEDULE_MEETING_USAGE } from "./meeting.js";
import { importRosterCommand, IMPORT_ROSTER_USAGE } from "./roster.js";

/**
 * The admin CLI (issue 9): IT staff set up assemblies, rosters, roles, the presidium and meetings
 * from the data directory, with the server stopped (the Teams tab's Admin screen does the same while
 * it runs). Each command takes its arguments and returns its exit code.
 */

export const ADMIN_COMMANDS: Readonly<Record<string, (args: string[]) => Promise<number>>> = {
  "create-assembly": createAssemblyCommand,
  "import-roster": importRosterCommand,
  "grant-role": grantRoleCommand,
  "revoke-role": revokeRoleCommand,
  "set-presidium": setPresidiumCommand,
  "schedule-meeting": scheduleMeetingCommand,
  "import-agenda": importAgendaCommand,
  list: listCommand,
};

export const ADMIN_USAGE = `  Administration. The commands that record refuse while a server has DATA_DIR's ledger open (stop
  it, or use the Teams tab's Admin screen) and record as cli:<your user name>. Run them as the user
  the server runs as: a ledger they create, and SQLite's files beside it, are that user's.
  --data <DATA_DIR>: default $DATA_DIR, else ./data. Exit 0 done, 1 refused or problems (nothing
  recorded), 2 usage or a file that cannot be read.
${CREATE_ASSEMBLY_USAGE}
${IMPORT_ROSTER_USAGE}
${GRANT_ROLE_USAGE}
${REVOKE_ROLE_USAGE}
${SET_PRESIDIUM_USAGE}
${SCHEDULE_MEETING_USAGE}
${IMPORT_AGENDA_USAGE}
${LIST_USAGE}`;
