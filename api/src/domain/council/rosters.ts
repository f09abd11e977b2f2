import { DEFAULT_TIME_ZONE, type AssemblyRegistration, type EventMeta, type MemberRecord, type Role, type UserRecord } from "./events.js";
import type { AssemblyState, CouncilState, MeetingState, RosterVersion } from "./state.js";

/**
 * Rosters over time (issue 9): an assembly's roster changes between meetings by versions that take
 * effect from a date; a meeting is held with the version in effect on its date and keeps it once it
 * opens. Roles follow from the roster (MEMBER), the presidium (CHAIR) and grants. Pure.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y ?? 0, (m ?? 0) - 1, d ?? 0));
  return date.getUTCFullYear() === y && date.getUTCMonth() + 1 === m && date.getUTCDate() === d;
}

/** True when the runtime knows the IANA time zone. */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-CA", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The calendar date (YYYY-MM-DD) an instant falls on in a time zone: the day a meeting is held. */
export function localDate(iso: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date(iso));
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

export function timeZoneOf(assembly: AssemblyState): string {
  return assembly.settings.timeZone ?? DEFAULT_TIME_ZONE;
}

/** The roster version in effect on a date: the latest to take effect on or before it (the first if none has). */
export function rosterOn(assembly: AssemblyState, date: string): RosterVersion {
  let best: RosterVersion | undefined;
  for (const v of assembly.rosters) {
    if (v.effectiveFrom !== null && v.effectiveFrom > date) continue;
    if (!best || (v.effectiveFrom ?? "") >= (best.effectiveFrom ?? "")) best = v;
  }
  const first = assembly.rosters[0];
  if (!best && !first) throw new Error(`Assembly ${assembly.id} has no roster version.`);
  return (best ?? first) as RosterVersion;
}

/** The version a meeting on `scheduledAt` is held with. */
export function rosterVersionFor(assembly: AssemblyState, scheduledAt: string): number {
  const at = Date.parse(scheduledAt);
  return Number.isNaN(at) ? latestRoster(assembly).version : rosterOn(assembly, localDate(scheduledAt, timeZoneOf(assembly))).version;
}

/** The version furthest in effect: what a new change builds on. */
export function latestRoster(assembly: AssemblyState): RosterVersion {
  return rosterOn(assembly, "9999-12-31");
}

/** The assembly as a meeting sees it: its roster version's seats, members and sign-ins. */
export function rosterView(assembly: AssemblyState, version: number): AssemblyState {
  const roster = assembly.rosters.find((v) => v.version === version) ?? latestRoster(assembly);
  if (assembly.members === roster.members) return assembly;
  return { ...assembly, seatCount: roster.seatCount, members: roster.members, memberOfUser: roster.memberOfUser, userOfMember: roster.userOfMember };
}

/** The assembly of a meeting, with the roster the meeting is held with. */
export function assemblyOfMeeting(state: CouncilState, meeting: MeetingState): AssemblyState | null {
  const assembly = state.assemblies.get(meeting.assemblyId);
  return assembly ? rosterView(assembly, meeting.rosterVersion) : null;
}

/** A roster version from a list of members and their sign-ins. */
export function rosterVersion(
  fields: { readonly version: number; readonly effectiveFrom: string | null; readonly seatCount: number; readonly reason: string | null },
  members: readonly MemberRecord[],
  users: readonly Pick<UserRecord, "userId" | "memberId">[],
  meta: EventMeta,
): RosterVersion {
  const memberOfUser = new Map<string, string>();
  const userOfMember = new Map<string, string>();
  for (const u of users) {
    if (u.memberId === null) continue;
    memberOfUser.set(u.userId, u.memberId);
    userOfMember.set(u.memberId, u.userId);
  }
  return {
    ...fields,
    members: new Map(members.map((m) => [m.id, m])),
    memberOfUser,
    userOfMember,
    recordedAt: meta.at,
    recordedBy: meta.actor,
    seq: meta.seq ?? 0,
  };
}

/** Version 1: the roster an assembly is registered with (possibly empty, to be imported), in effect from the start. */
export function firstRoster(registration: AssemblyRegistration, meta: EventMeta): RosterVersion {
  return rosterVersion({ version: 1, effectiveFrom: null, seatCount: registration.seatCount, reason: null }, registration.members, registration.users, meta);
}

/**
 * A user's roles in an assembly: grants, MEMBER when on the roster, CHAIR when the presidium's chair.
 * The roster is the one in effect at `at` (an instant; the server's now, for what a user may see
 * today), else the latest recorded: a member whose resignation takes effect next month is a member
 * until then.
 */
export function rolesOf(state: CouncilState, assemblyId: string, userId: string | null, at?: string): readonly Role[] {
  if (userId === null) return [];
  const assembly = state.assemblies.get(assemblyId);
  if (!assembly) return [];
  const roles = new Set<Role>(assembly.roles.get(userId) ?? []);
  const roster = at === undefined ? assembly : rosterOn(assembly, localDate(at, timeZoneOf(assembly)));
  const memberId = roster.memberOfUser.get(userId);
  if (memberId !== undefined) {
    roles.add("MEMBER");
    if (assembly.presidium.chairMemberId === memberId) roles.add("CHAIR");
  }
  return [...roles];
}

/** Who presides over a meeting: as recorded once it opened, before that the presidium's chair. */
export function presidingMemberOf(state: CouncilState, meeting: MeetingState): string | null {
  return meeting.presidingMemberId ?? state.assemblies.get(meeting.assemblyId)?.presidium.chairMemberId ?? null;
}

/**
 * A user's roles for one meeting: CHAIR belongs to whoever presides over it (a vice chair who took
 * the chair, not the chair who is away); with nobody presiding, to a user granted CHAIR. The member
 * role is the meeting's roster's.
 */
export function meetingRolesOf(state: CouncilState, meeting: MeetingState, userId: string | null): readonly Role[] {
  if (userId === null) return [];
  const assembly = assemblyOfMeeting(state, meeting);
  if (!assembly) return [];
  const granted = assembly.roles.get(userId) ?? [];
  const roles = new Set<Role>(granted.filter((r) => r !== "CHAIR"));
  const memberId = assembly.memberOfUser.get(userId);
  if (memberId !== undefined) roles.add("MEMBER");
  const presiding = presidingMemberOf(state, meeting);
  if (presiding === null ? granted.includes("CHAIR") : memberId === presiding) roles.add("CHAIR");
  return [...roles];
}
