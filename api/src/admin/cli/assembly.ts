import { parseArgs } from "node:util";
import { userIdOfSignIn } from "../../domain/council/admin.js";
import type { AssemblySettings, Majority, MemberRecord, QuorumRule, Role } from "../../domain/council/events.js";
import { DEFAULT_SETTINGS, DEFAULT_TIME_ZONE } from "../../domain/council/events.js";
import { latestRoster } from "../../domain/council/rosters.js";
import type { AssemblyState } from "../../domain/council/state.js";
import { notFound } from "../../domain/errors.js";
import { memberText } from "./print.js";
import { COMMON_OPTIONS, DATA_HELP, dataDirOf, help, parsed, recordCommands, usageError } from "./session.js";

/** The admin CLI's assembly commands: create an assembly, grant and revoke roles, set the presidium. */

export const CREATE_ASSEMBLY_USAGE = `  npm run admin -- create-assembly <id> --name <name> --seats <N> [--quorum more-than-half|at-least-half|none]
        [--majority simple|two-thirds] [--time-zone <zone>] [--allow-return] [--no-answer-change]
        [--admin <sign-in> --admin-name <name>] [--data <DATA_DIR>]
      Registers an assembly with an empty roster (import-roster next). <id>: short, lower case (kf, ks,
      bun). Defaults: quorum more-than-half of the seats (KL 5:43), majority simple, time zone
      ${DEFAULT_TIME_ZONE}; a member who leaves does not return the same day (--allow-return: they may);
      an answer may be changed while the vote is open (--no-answer-change: the first answer stands).
      --admin grants that Teams identity (sign-in name such as it.chef@kommun.se, or Entra object id)
      ADMIN of the new assembly. This is how a new production installation gets its first admin: with
      the server stopped, create the first assembly with --admin, start the server; that person signs
      in to the Teams tab and does the rest on its Admin screen (an admin of any assembly creates
      others). In a fresh DATA_DIR this creates the ledger (the demo council is then not seeded).`;

export const GRANT_ROLE_USAGE = `  npm run admin -- grant-role --assembly <id> --user <sign-in> --name <display name> --role admin|clerk|observer [--data <DATA_DIR>]
      Grants a role to a Teams identity (sign-in name or Entra object id). MEMBER follows from the
      roster (import-roster), CHAIR from the presidium (set-presidium).`;

export const REVOKE_ROLE_USAGE = `  npm run admin -- revoke-role --assembly <id> --user <userId> --role admin|clerk|observer [--data <DATA_DIR>]
      Takes a granted role away (list shows who holds which). The assembly's last admin stays.`;

export const SET_PRESIDIUM_USAGE = `  npm run admin -- set-presidium --assembly <id> --chair <member> [--vice <member>]... [--data <DATA_DIR>]
      The chair (ordförande) and the vice chairs in order (--vice once for each). <member>: a member id,
      an exact name or a sign-in, of the latest roster (list --assembly <id> --members shows them).`;

const QUORUMS: Readonly<Record<string, QuorumRule>> = { "more-than-half": "MORE_THAN_HALF", "at-least-half": "AT_LEAST_HALF", none: "NONE" };
const MAJORITIES: Readonly<Record<string, Majority>> = { simple: "SIMPLE", "two-thirds": "TWO_THIRDS_OF_PRESENT" };
const ROLES: readonly Role[] = ["ADMIN", "CLERK", "OBSERVER", "CHAIR", "MEMBER"];

export async function createAssemblyCommand(args: string[]): Promise<number> {
  const usage = `${CREATE_ASSEMBLY_USAGE}\n      ${DATA_HELP}`;
  const read = parsed(
    () =>
      parseArgs({
        args,
        allowPositionals: true,
        options: {
          ...COMMON_OPTIONS,
          name: { type: "string" },
          seats: { type: "string" },
          quorum: { type: "string" },
          majority: { type: "string" },
          "time-zone": { type: "string" },
          "allow-return": { type: "boolean" },
          "no-answer-change": { type: "boolean" },
          admin: { type: "string" },
          "admin-name": { type: "string" },
        },
      }),
    usage,
  );
  if (!read) return 2;
  const { values, positionals } = read;
  if (values.help) return help(usage);
  const [assemblyId, ...extra] = positionals;
  if (assemblyId === undefined || extra.length > 0) return usageError("Name the assembly's id (one).", usage);
  if (values.name === undefined) return usageError("--name is missing: the assembly's name (e.g. Kommunfullmäktige).", usage);
  const seatCount = Number(values.seats);
  if (values.seats === undefined || !Number.isInteger(seatCount) || seatCount < 1) {
    return usageError(`--seats must be a whole number above 0${values.seats === undefined ? "" : `, not "${values.seats}"`}.`, usage);
  }
  const quorum = QUORUMS[values.quorum ?? "more-than-half"];
  if (quorum === undefined) return usageError(`--quorum is more-than-half, at-least-half or none, not "${values.quorum ?? ""}".`, usage);
  const majority = MAJORITIES[values.majority ?? "simple"];
  if (majority === undefined) return usageError(`--majority is simple or two-thirds, not "${values.majority ?? ""}".`, usage);
  if ((values.admin === undefined) !== (values["admin-name"] === undefined)) {
    return usageError("--admin and --admin-name go together: the sign-in and the person's name.", usage);
  }
  const settings: AssemblySettings = {
    noReturnAfterLeaving: values["allow-return"] ? false : DEFAULT_SETTINGS.noReturnAfterLeaving,
    answerChangeWhileOpen: values["no-answer-change"] ? false : DEFAULT_SETTINGS.answerChangeWhileOpen,
    quorum,
    defaultMajority: majority,
    timeZone: (values["time-zone"] ?? DEFAULT_TIME_ZONE).trim(),
  };
  const admin = values.admin;
  const adminName = values["admin-name"];
  return recordCommands({ dataDir: dataDirOf(values.data) }, () => ({
    commands: [
      { type: "RegisterAssembly", data: { assemblyId, name: values.name ?? "", seatCount, members: [], users: [], settings } },
      ...(admin === undefined || adminName === undefined ? [] : [{ type: "GrantRole" as const, data: { assemblyId, userId: admin, displayName: adminName, role: "ADMIN" as const } }]),
    ],
    done: (state) => {
      const assembly = state.assemblies.get(assemblyId);
      console.log(`created: assembly ${assemblyId} (${assembly?.name ?? ""}), ${seatCount} seats, no roster yet: import one with import-roster.`);
      if (admin !== undefined) console.log(`ADMIN: ${userIdOfSignIn(admin)} (${adminName ?? ""}) may now sign in to the Teams tab and use its Admin screen.`);
    },
  }));
}

export async function grantRoleCommand(args: string[]): Promise<number> {
  const usage = `${GRANT_ROLE_USAGE}\n      ${DATA_HELP}`;
  const read = parsed(
    () => parseArgs({ args, options: { ...COMMON_OPTIONS, assembly: { type: "string" }, user: { type: "string" }, name: { type: "string" }, role: { type: "string" } } }),
    usage,
  );
  if (!read) return 2;
  const { values } = read;
  if (values.help) return help(usage);
  const { assembly: assemblyId, user, name } = values;
  if (assemblyId === undefined || user === undefined || name === undefined || values.role === undefined) {
    return usageError("--assembly, --user, --name and --role are all needed.", usage);
  }
  const role = roleOf(values.role);
  if (role === null) return usageError(`--role is admin, clerk or observer, not "${values.role}".`, usage);
  return recordCommands({ dataDir: dataDirOf(values.data) }, () => ({
    commands: [{ type: "GrantRole", data: { assemblyId, userId: user, displayName: name, role } }],
    done: () => console.log(`granted: ${role} in ${assemblyId} to ${userIdOfSignIn(user)} (${name.trim()}).`),
  }));
}

export async function revokeRoleCommand(args: string[]): Promise<number> {
  const usage = `${REVOKE_ROLE_USAGE}\n      ${DATA_HELP}`;
  const read = parsed(() => parseArgs({ args, options: { ...COMMON_OPTIONS, assembly: { type: "string" }, user: { type: "string" }, role: { type: "string" } } }), usage);
  if (!read) return 2;
  const { values } = read;
  if (values.help) return help(usage);
  const { assembly: assemblyId, user } = values;
  if (assemblyId === undefined || user === undefined || values.role === undefined) return usageError("--assembly, --user and --role are all needed.", usage);
  const role = roleOf(values.role);
  if (role === null) return usageError(`--role is admin, clerk or observer, not "${values.role}".`, usage);
  return recordCommands({ dataDir: dataDirOf(values.data) }, () => ({
    commands: [{ type: "RevokeRole", data: { assemblyId, userId: user, role } }],
    done: () => console.log(`revoked: ${role} in ${assemblyId} from ${user}.`),
  }));
}

export async function setPresidiumCommand(args: string[]): Promise<number> {
  const usage = `${SET_PRESIDIUM_USAGE}\n      ${DATA_HELP}`;
  const read = parsed(
    () => parseArgs({ args, options: { ...COMMON_OPTIONS, assembly: { type: "string" }, chair: { type: "string" }, vice: { type: "string", multiple: true } } }),
    usage,
  );
  if (!read) return 2;
  const { values } = read;
  if (values.help) return help(usage);
  const { assembly: assemblyId, chair } = values;
  if (assemblyId === undefined || chair === undefined) return usageError("--assembly and --chair are needed.", usage);
  const vices = values.vice ?? [];
  return recordCommands({ dataDir: dataDirOf(values.data) }, (state) => {
    const assembly = state.assemblies.get(assemblyId);
    if (!assembly) throw notFound(`Assembly ${assemblyId}`);
    const named = [chair, ...vices].map((text) => memberOf(assembly, text));
    const problems = named.flatMap((n) => (n.ok ? [] : [n.problem]));
    if (problems.length > 0) {
      for (const problem of problems) console.error(`REFUSED: ${problem}`);
      console.error("Nothing was recorded.");
      return 1;
    }
    const [chairMember, ...viceMembers] = named.flatMap((n) => (n.ok ? [n.member] : []));
    if (!chairMember) return 1;
    return {
      commands: [{ type: "SetPresidium", data: { assemblyId, chairMemberId: chairMember.id, viceChairMemberIds: viceMembers.map((m) => m.id) } }],
      done: () => {
        console.log(`chair: ${memberText(chairMember)} [${chairMember.id}]`);
        viceMembers.forEach((m, i) => console.log(`vice chair ${i + 1}: ${memberText(m)} [${m.id}]`));
      },
    };
  });
}

/**
 * A member of the assembly's latest roster named by id, sign-in or exact name; a message saying why
 * not when nobody or several people are named so.
 */
export function memberOf(assembly: AssemblyState, named: string): { ok: true; member: MemberRecord } | { ok: false; problem: string } {
  const roster = latestRoster(assembly);
  const text = named.trim();
  const byId = roster.members.get(text);
  if (byId) return { ok: true, member: byId };
  const bySignIn = roster.memberOfUser.get(userIdOfSignIn(text));
  const signedIn = bySignIn === undefined ? undefined : roster.members.get(bySignIn);
  if (signedIn) return { ok: true, member: signedIn };
  const name = text.normalize("NFC");
  const byName = [...roster.members.values()].filter((m) => m.name.normalize("NFC") === name);
  const [only, ...more] = byName;
  if (only && more.length === 0) return { ok: true, member: only };
  if (only) {
    const who = byName.map((m) => `${memberText(m)} [${m.id}]`).join(", ");
    return { ok: false, problem: `"${text}" names ${byName.length} people on the roster of ${assembly.name}: ${who}. Give the member id or the sign-in.` };
  }
  return {
    ok: false,
    problem: `"${text}" is no member of the latest roster of ${assembly.name} (version ${roster.version}): give a member id, an exact name or a sign-in (list --assembly ${assembly.id} --members shows them).`,
  };
}

function roleOf(text: string): Role | null {
  const role = text.trim().toUpperCase();
  return ROLES.find((r) => r === role) ?? null;
}
