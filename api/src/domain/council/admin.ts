import { badInput, conflict, forbidden, notFound } from "../errors.js";
import type { CommandContext, CouncilCommand } from "./commands.js";
import { isOperator } from "./commands.js";
import type { AgendaItemRecord, AgendaNumber, AssemblySettings, CouncilEvent, EventMeta, Majority, MemberRecord, Presidium, QuorumRule, Role, UserRecord } from "./events.js";
import {
  assemblyOfMeeting,
  isDate,
  isTimeZone,
  latestRoster,
  localDate,
  meetingRolesOf,
  rolesOf,
  rosterVersion,
  rosterVersionFor,
  rosterView,
  timeZoneOf,
} from "./rosters.js";
import type { AssemblyState, CouncilState, ItemState, MeetingState } from "./state.js";
import { emptyAttendance, newItem, updateEntry, updateMeeting, withEntry, withUsers } from "./state.js";

/**
 * Administration (issue 9): assemblies, rosters, roles, the presidium, meetings and their agendas,
 * as commands decided and events evolved like every other. Pure.
 */

type Events = readonly CouncilEvent[];
type Data<T extends CouncilCommand["type"]> = Extract<CouncilCommand, { type: T }>["data"];
type AdminEvent = Extract<
  CouncilEvent,
  {
    type:
      | "AssemblyChanged"
      | "RosterChanged"
      | "RoleGranted"
      | "RoleRevoked"
      | "PresidiumSet"
      | "ChairTaken"
      | "MeetingRescheduled"
      | "AgendaItemAdded"
      | "AgendaItemChanged"
      | "AgendaItemRemoved"
      | "AgendaReordered"
      | "AgendaReplaced";
  }
>;

export const LIMITS = {
  assemblyId: 40,
  name: 200,
  party: 50,
  seats: 1000,
  members: 5000,
  reason: 1000,
  userId: 320,
  meetingTitle: 300,
  items: 500,
  itemId: 100,
  title: 500,
  caseNumber: 100,
  description: 20_000,
  documentUrls: 50,
  url: 2000,
  proposals: 20,
  label: 200,
  proposalText: 20_000,
  proposedBy: 200,
  viceChairs: 5,
} as const;

const ASSEMBLY_ID = /^[a-z0-9][a-z0-9-]*$/;
/** Sign-ins roles are granted to: a UPN (e-mail form) or an Entra object id. */
const UPN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GRANTABLE: readonly Role[] = ["CLERK", "ADMIN", "OBSERVER"];
const QUORUM_RULES: readonly QuorumRule[] = ["MORE_THAN_HALF", "AT_LEAST_HALF", "NONE"];
const MAJORITIES: readonly Majority[] = ["SIMPLE", "TWO_THIRDS_OF_PRESENT"];

/** The user id a sign-in name or object id is known by: lower case, so that the token's form matches. */
export function userIdOfSignIn(signIn: string): string {
  return signIn.trim().toLowerCase();
}

export function isSignIn(value: string): boolean {
  return UPN.test(value) || GUID.test(value);
}

// ---------------------------------------------------------------------------------------------
// decide

export function registerAssembly(data: Data<"RegisterAssembly">, state: CouncilState, ctx: CommandContext): Events {
  // The installation (demo seeding, the CLI) or an admin of any assembly: installation admins.
  if (!isOperator(ctx.actor) && !isInstallationAdmin(state, ctx.actor)) {
    throw forbidden("Only an admin creates an assembly.");
  }
  if (!ASSEMBLY_ID.test(data.assemblyId) || data.assemblyId.length > LIMITS.assemblyId) {
    throw badInput(`An assembly id is 1-${LIMITS.assemblyId} characters: lower-case letters, digits and hyphens (e.g. kf, ks, bun).`);
  }
  if (state.assemblies.has(data.assemblyId)) throw conflict(`Assembly ${data.assemblyId} is already registered.`);
  requireName(data.name, "The assembly's name");
  requireSeatCount(data.seatCount);
  if (data.settings) requireSettings(data.settings);
  // An assembly may start without its roster (imported next), but a roster given must be whole.
  if (data.members.length > 0) requireRoster(data.seatCount, data.members, data.users);
  else {
    // Without members no sign-in may name one: it would make its user a MEMBER of nobody.
    const named = data.users.find((u) => u.memberId !== null);
    if (named) throw badInput(`The sign-in ${named.userId} names no member of the roster.`);
  }
  if (data.presidium) requirePresidium(data.name, new Map(data.members.map((m) => [m.id, m])), data.presidium);
  return [{ type: "AssemblyRegistered", data }];
}

export function changeAssembly(data: Data<"ChangeAssembly">, state: CouncilState, ctx: CommandContext): Events {
  const assembly = getAssembly(state, data.assemblyId);
  requireAssemblyRole(state, assembly.id, ctx, ["ADMIN"], "Only an admin changes an assembly's settings.");
  const name = requireName(data.name, "The assembly's name");
  requireSettings(data.settings);
  const open = openMeetingOf(state, assembly);
  if (open) throw conflict(`"${open.title}" is open: procedure settings change between meetings.`);
  return [{ type: "AssemblyChanged", data: { assemblyId: assembly.id, name, settings: data.settings } }];
}

export function changeRoster(data: Data<"ChangeRoster">, state: CouncilState, ctx: CommandContext): Events {
  const assembly = getAssembly(state, data.assemblyId);
  requireAssemblyRole(state, assembly.id, ctx, ["ADMIN", "CLERK"], "Only an admin or a clerk changes the roster.");
  if (!isDate(data.effectiveFrom)) throw badInput("The date the change takes effect must be a date written YYYY-MM-DD.");
  const reason = requireText(data.reason, LIMITS.reason, "Say why the roster changes (e.g. a member resigned).", "The reason");
  requireSeatCount(data.seatCount);
  if (data.members.length === 0) throw badInput("A roster needs its members.");
  requireRoster(data.seatCount, data.members, data.users);
  // A meeting held on or after the date used the roster then: the change would rewrite it.
  const zone = timeZoneOf(assembly);
  const held = assembly.meetingIds
    .flatMap((id) => state.meetings.get(id) ?? [])
    .filter((m) => m.status !== "SCHEDULED" && localDate(m.scheduledAt, zone) >= data.effectiveFrom)
    .sort((a, b) => b.scheduledAt.localeCompare(a.scheduledAt))[0];
  // Versions are whole rosters: a change before a later version would not reach it.
  const later = assembly.rosters.filter((v) => v.effectiveFrom !== null && v.effectiveFrom > data.effectiveFrom).at(-1);
  if (later) {
    throw conflict(
      `A roster from ${later.effectiveFrom} (version ${later.version}) is already recorded, and a change from ${data.effectiveFrom} would not reach it: date this change ${later.effectiveFrom} or later.`,
    );
  }
  if (held) {
    throw conflict(
      `"${held.title}" (${localDate(held.scheduledAt, zone)}) has been held with the roster then: a change takes effect after ${localDate(held.scheduledAt, zone)}.`,
    );
  }
  return [
    {
      type: "RosterChanged",
      data: {
        assemblyId: assembly.id,
        version: assembly.rosters.length + 1,
        effectiveFrom: data.effectiveFrom,
        reason,
        seatCount: data.seatCount,
        members: data.members,
        users: data.users.map((u) => ({ userId: u.userId, displayName: u.displayName, memberId: u.memberId, roles: [] })),
      },
    },
  ];
}

export function grantRole(data: Data<"GrantRole">, state: CouncilState, ctx: CommandContext): Events {
  const assembly = getAssembly(state, data.assemblyId);
  requireAssemblyRole(state, assembly.id, ctx, ["ADMIN"], "Only an admin grants roles.");
  requireGrantable(data.role);
  if (!isSignIn(data.userId) || data.userId.length > LIMITS.userId) {
    throw badInput("Name the person by their Teams sign-in name (name@kommun.se) or Entra object id.");
  }
  const displayName = requireName(data.displayName, "The person's name");
  const userId = userIdOfSignIn(data.userId);
  if ((assembly.roles.get(userId) ?? []).includes(data.role)) return [];
  return [{ type: "RoleGranted", data: { assemblyId: assembly.id, userId, displayName, role: data.role } }];
}

export function revokeRole(data: Data<"RevokeRole">, state: CouncilState, ctx: CommandContext): Events {
  const assembly = getAssembly(state, data.assemblyId);
  requireAssemblyRole(state, assembly.id, ctx, ["ADMIN"], "Only an admin takes roles away.");
  requireGrantable(data.role);
  // A grant stores the sign-in in lower case (userIdOfSignIn): name it as it was typed or as stored.
  const userId = assembly.roles.has(data.userId) ? data.userId : userIdOfSignIn(data.userId);
  const held = assembly.roles.get(userId) ?? [];
  if (!held.includes(data.role)) throw notFound(`A ${data.role} role for ${data.userId} in ${assembly.name}`);
  if (data.role === "ADMIN" && [...assembly.roles.values()].filter((r) => r.includes("ADMIN")).length === 1) {
    throw conflict("This is the assembly's last admin: grant the role to someone else first.");
  }
  return [{ type: "RoleRevoked", data: { assemblyId: assembly.id, userId, role: data.role } }];
}

export function setPresidium(data: Data<"SetPresidium">, state: CouncilState, ctx: CommandContext): Events {
  const assembly = getAssembly(state, data.assemblyId);
  requireAssemblyRole(state, assembly.id, ctx, ["ADMIN"], "Only an admin sets who chairs the assembly.");
  requirePresidium(assembly.name, latestRoster(assembly).members, data);
  return [{ type: "PresidiumSet", data: { assemblyId: assembly.id, chairMemberId: data.chairMemberId, viceChairMemberIds: data.viceChairMemberIds } }];
}

export function takeChair(data: Data<"TakeChair">, state: CouncilState, ctx: CommandContext): Events {
  const meeting = getMeeting(state, data.meetingId);
  requireMeetingRole(state, meeting, ctx, ["CHAIR", "CLERK", "ADMIN"], "Only the chair, a clerk or an admin records who takes the chair.");
  const assembly = requireAssemblyOf(state, meeting);
  const member = assembly.members.get(data.memberId);
  if (!member) throw notFound(`Member ${data.memberId} of ${assembly.name}`);
  // KL 5:11: the chair's stand-in is a member (a vice chair, else the longest-serving member).
  if (member.kind !== "ORDINARY") throw badInput(`${member.name} is a substitute: the meeting is chaired by a member.`);
  if (meeting.status === "CLOSED") throw conflict("The meeting is closed.");
  if (meeting.openVoteId !== null) throw conflict("A vote is open: the chair changes between votes.");
  const current = meeting.currentItemId === null ? undefined : meeting.items.get(meeting.currentItemId);
  if (current?.recusals.includes(member.id)) throw conflict(`${member.name} has jäv on §${current.number} and cannot chair it.`);
  const presiding = meeting.presidingMemberId ?? (meeting.status === "SCHEDULED" ? null : assembly.presidium.chairMemberId);
  if (presiding === member.id) throw conflict(`${member.name} already presides.`);
  return [{ type: "ChairTaken", data: { meetingId: meeting.id, memberId: member.id } }];
}

export function scheduleMeeting(data: Data<"ScheduleMeeting">, state: CouncilState, ctx: CommandContext): Events {
  const assembly = getAssembly(state, data.assemblyId);
  requireAssemblyRole(state, assembly.id, ctx, ["CLERK", "ADMIN"], "Only a clerk or an admin schedules a meeting.");
  if (data.meetingId.trim() === "" || data.meetingId.length > LIMITS.itemId) throw badInput(`A meeting id is 1-${LIMITS.itemId} characters.`);
  if (state.meetings.has(data.meetingId)) throw conflict(`Meeting ${data.meetingId} already exists.`);
  const title = requireText(data.title, LIMITS.meetingTitle, "A meeting needs a title.", "The title");
  requireInstant(data.scheduledAt);
  requireAgenda(state, data.agenda, null);
  return [{ type: "MeetingScheduled", data: { ...data, title } }];
}

export function rescheduleMeeting(data: Data<"RescheduleMeeting">, state: CouncilState, ctx: CommandContext): Events {
  const meeting = getMeeting(state, data.meetingId);
  requireMeetingRole(state, meeting, ctx, ["CLERK", "ADMIN"], "Only a clerk or an admin reschedules a meeting.");
  const title = requireText(data.title, LIMITS.meetingTitle, "A meeting needs a title.", "The title");
  requireInstant(data.scheduledAt);
  if (meeting.status === "OPEN") throw conflict("The meeting is open: it can no longer be rescheduled.");
  if (meeting.status === "CLOSED") throw conflict("The meeting is closed: when it was held is part of the record.");
  if (title === meeting.title && data.scheduledAt === meeting.scheduledAt) return [];
  return [{ type: "MeetingRescheduled", data: { meetingId: meeting.id, title, scheduledAt: data.scheduledAt } }];
}

export function addAgendaItem(data: Data<"AddAgendaItem">, state: CouncilState, ctx: CommandContext): Events {
  const meeting = getMeeting(state, data.meetingId);
  if (meeting.status === "OPEN") {
    requireMeetingRole(state, meeting, ctx, ["CHAIR", "CLERK"], "Only the chair or a clerk adds an item to an open meeting.");
  } else {
    requireMeetingRole(state, meeting, ctx, ["CLERK", "ADMIN"], "Only a clerk or an admin writes the agenda.");
  }
  if (meeting.status === "CLOSED") throw conflict("The meeting is closed: its agenda is part of the record.");
  const ordered = agendaOf(meeting);
  const item = requireItem({ ...data.item, number: 1 }, "The item");
  requireNewItemIds(state, [item.id], null);
  if (ordered.length >= LIMITS.items) throw badInput(`An agenda holds at most ${LIMITS.items} items.`);
  let position = ordered.length;
  if (data.beforeItemId !== null) {
    position = ordered.findIndex((i) => i.id === data.beforeItemId);
    if (position === -1) throw notFound(`Agenda item ${data.beforeItemId} of this meeting`);
  }
  const ids = [...ordered.map((i) => i.id)];
  ids.splice(position, 0, item.id);
  let numbering: AgendaNumber[];
  if (meeting.status === "OPEN") {
    // Items already taken up keep their numbers: an extra item goes before items not yet taken up.
    const taken = ordered.slice(position).find((i) => takenUp(meeting, i));
    if (taken) throw conflict(`§${taken.number} has been taken up: an extra item goes after it.`);
    const at = ordered[position]?.number ?? (ordered.at(-1)?.number ?? 0) + 1;
    numbering = [
      ...ordered.slice(0, position).map((i) => ({ itemId: i.id, number: i.number })),
      { itemId: item.id, number: at },
      ...ordered.slice(position).map((i) => ({ itemId: i.id, number: i.number + 1 })),
    ];
  } else {
    numbering = consecutive(ids, firstNumber(ordered));
  }
  const added: AgendaItemRecord = { ...item, number: numbering.find((n) => n.itemId === item.id)?.number ?? 1 };
  return [{ type: "AgendaItemAdded", data: { meetingId: meeting.id, item: added, numbering } }];
}

export function changeAgendaItem(data: Data<"ChangeAgendaItem">, state: CouncilState, ctx: CommandContext): Events {
  const { meeting, item: before } = getItem(state, data.item.id);
  requireMeetingRole(state, meeting, ctx, ["CLERK", "ADMIN"], "Only a clerk or an admin writes the agenda.");
  const item = requireItem({ ...data.item, number: before.number }, "The item");
  requireScheduled(meeting, "changed (add a proposal or an extra item instead)");
  return [{ type: "AgendaItemChanged", data: { meetingId: meeting.id, item } }];
}

export function removeAgendaItem(data: Data<"RemoveAgendaItem">, state: CouncilState, ctx: CommandContext): Events {
  const { meeting, item } = getItem(state, data.itemId);
  requireMeetingRole(state, meeting, ctx, ["CLERK", "ADMIN"], "Only a clerk or an admin writes the agenda.");
  requireScheduled(meeting, "changed");
  const ordered = agendaOf(meeting);
  const ids = ordered.filter((i) => i.id !== item.id).map((i) => i.id);
  return [{ type: "AgendaItemRemoved", data: { meetingId: meeting.id, itemId: item.id, numbering: consecutive(ids, firstNumber(ordered)) } }];
}

export function reorderAgenda(data: Data<"ReorderAgenda">, state: CouncilState, ctx: CommandContext): Events {
  const meeting = getMeeting(state, data.meetingId);
  requireMeetingRole(state, meeting, ctx, ["CLERK", "ADMIN"], "Only a clerk or an admin writes the agenda.");
  const ordered = agendaOf(meeting);
  const given = new Set(data.itemIds);
  if (given.size !== data.itemIds.length || given.size !== ordered.length || ordered.some((i) => !given.has(i.id))) {
    throw badInput("Name every item of the agenda once, in the new order.");
  }
  requireScheduled(meeting, "reordered");
  const numbering = consecutive(data.itemIds, firstNumber(ordered));
  if (numbering.every((n) => meeting.items.get(n.itemId)?.number === n.number)) return [];
  return [{ type: "AgendaReordered", data: { meetingId: meeting.id, numbering } }];
}

export function replaceAgenda(data: Data<"ReplaceAgenda">, state: CouncilState, ctx: CommandContext): Events {
  const meeting = getMeeting(state, data.meetingId);
  requireMeetingRole(state, meeting, ctx, ["CLERK", "ADMIN"], "Only a clerk or an admin writes the agenda.");
  requireAgenda(state, data.agenda, meeting);
  if (data.agenda.length === 0) throw badInput("An imported agenda needs at least one item.");
  requireScheduled(meeting, "replaced");
  return [{ type: "AgendaReplaced", data: { meetingId: meeting.id, agenda: data.agenda } }];
}

// ---------------------------------------------------------------------------------------------
// evolve

export function evolveAdmin(state: CouncilState, event: AdminEvent, meta: EventMeta): CouncilState {
  switch (event.type) {
    case "AssemblyChanged": {
      const { assemblyId, name, settings } = event.data;
      return withScheduledRosters(updateAssembly(state, assemblyId, (a) => ({ ...a, name, settings })), assemblyId);
    }
    case "RosterChanged": {
      const d = event.data;
      const version = rosterVersion({ version: d.version, effectiveFrom: d.effectiveFrom, seatCount: d.seatCount, reason: d.reason }, d.members, d.users, meta);
      const changed = updateAssembly(state, d.assemblyId, (a) => {
        const withVersion = { ...a, rosters: [...a.rosters, version] };
        const latest = latestRoster(withVersion);
        return { ...withVersion, seatCount: latest.seatCount, members: latest.members, memberOfUser: latest.memberOfUser, userOfMember: latest.userOfMember };
      });
      return withScheduledRosters({ ...changed, users: withUsers(changed.users, d.users) }, d.assemblyId);
    }
    case "RoleGranted": {
      const { assemblyId, userId, displayName, role } = event.data;
      const granted = updateAssembly(state, assemblyId, (a) => ({ ...a, roles: withEntry(a.roles, userId, [...(a.roles.get(userId) ?? []), role]) }));
      return { ...granted, users: withUsers(granted.users, [{ userId, displayName, memberId: null }]) };
    }
    case "RoleRevoked": {
      const { assemblyId, userId, role } = event.data;
      return updateAssembly(state, assemblyId, (a) => {
        const left = (a.roles.get(userId) ?? []).filter((r) => r !== role);
        const roles = new Map(a.roles);
        if (left.length === 0) roles.delete(userId);
        else roles.set(userId, left);
        return { ...a, roles };
      });
    }
    case "PresidiumSet": {
      const { assemblyId, chairMemberId, viceChairMemberIds } = event.data;
      return updateAssembly(state, assemblyId, (a) => ({ ...a, presidium: { chairMemberId, viceChairMemberIds } }));
    }
    case "ChairTaken":
      return updateMeeting(state, event.data.meetingId, (m) => ({
        ...m,
        presidingMemberId: event.data.memberId,
        // Before the meeting opens this says who will preside; the opening records it.
        presiding: m.status === "SCHEDULED" ? m.presiding : [...m.presiding, { memberId: event.data.memberId, at: meta.at, recordedBy: meta.actor }],
      }));
    case "MeetingRescheduled": {
      const { meetingId, title, scheduledAt } = event.data;
      const moved = updateMeeting(state, meetingId, (m) => ({ ...m, title, scheduledAt }));
      const assemblyId = moved.meetings.get(meetingId)?.assemblyId;
      return assemblyId === undefined ? moved : withScheduledRosters(moved, assemblyId);
    }
    case "AgendaItemAdded": {
      const { item, numbering } = event.data;
      return updateMeeting(state, event.data.meetingId, (m) => {
        const added = newItem(m.id, item, m.status === "SCHEDULED" ? null : { at: meta.at, by: meta.actor });
        return { ...m, items: renumbered(withEntry(m.items, item.id, added), numbering) };
      });
    }
    case "AgendaItemChanged": {
      const { item } = event.data;
      return updateMeeting(state, event.data.meetingId, (m) => ({ ...m, items: updateEntry(m.items, item.id, (before) => ({ ...before, ...item })) }));
    }
    case "AgendaItemRemoved":
      return updateMeeting(state, event.data.meetingId, (m) => {
        const items = new Map(m.items);
        items.delete(event.data.itemId);
        return { ...m, items: renumbered(items, event.data.numbering) };
      });
    case "AgendaReordered":
      return updateMeeting(state, event.data.meetingId, (m) => ({ ...m, items: renumbered(m.items, event.data.numbering) }));
    case "AgendaReplaced":
      return updateMeeting(state, event.data.meetingId, (m) => ({ ...m, items: new Map(event.data.agenda.map((item) => [item.id, newItem(m.id, item)])) }));
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** A scheduled meeting follows the roster in effect on its date; an opened one keeps its own. */
function withScheduledRosters(state: CouncilState, assemblyId: string): CouncilState {
  const assembly = state.assemblies.get(assemblyId);
  if (!assembly) return state;
  let meetings = state.meetings;
  for (const id of assembly.meetingIds) {
    const meeting = meetings.get(id);
    if (!meeting || meeting.status !== "SCHEDULED") continue;
    const version = rosterVersionFor(assembly, meeting.scheduledAt);
    if (version === meeting.rosterVersion) continue;
    const attendance = emptyAttendance(rosterView(assembly, version));
    meetings = withEntry(meetings, id, { ...meeting, rosterVersion: version, attendance, recordedAttendance: attendance });
  }
  return meetings === state.meetings ? state : { ...state, meetings };
}

function updateAssembly(state: CouncilState, assemblyId: string, change: (a: AssemblyState) => AssemblyState): CouncilState {
  return { ...state, assemblies: updateEntry(state.assemblies, assemblyId, change) };
}

function renumbered(items: ReadonlyMap<string, ItemState>, numbering: readonly AgendaNumber[]): ReadonlyMap<string, ItemState> {
  const numbers = new Map(numbering.map((n) => [n.itemId, n.number]));
  return new Map([...items].map(([id, item]) => [id, { ...item, number: numbers.get(id) ?? item.number }]));
}

// ---------------------------------------------------------------------------------------------
// rules

/** An admin of any assembly may create another: admins are the installation's. */
function isInstallationAdmin(state: CouncilState, userId: string): boolean {
  return [...state.assemblies.keys()].some((id) => rolesOf(state, id, userId).includes("ADMIN"));
}

function requireAssemblyRole(state: CouncilState, assemblyId: string, ctx: CommandContext, roles: readonly Role[], message: string): void {
  if (isOperator(ctx.actor)) return;
  const held = rolesOf(state, assemblyId, ctx.actor);
  if (!roles.some((r) => held.includes(r))) throw forbidden(message);
}

export function requireMeetingRole(state: CouncilState, meeting: MeetingState, ctx: CommandContext, roles: readonly Role[], message: string): void {
  if (isOperator(ctx.actor)) return;
  const held = meetingRolesOf(state, meeting, ctx.actor);
  if (!roles.some((r) => held.includes(r))) throw forbidden(message);
}

/** The chair and vice chairs: different ordinary members of the roster, at most LIMITS.viceChairs vice chairs. */
function requirePresidium(assemblyName: string, members: ReadonlyMap<string, MemberRecord>, presidium: Presidium): void {
  const named = [...(presidium.chairMemberId === null ? [] : [presidium.chairMemberId]), ...presidium.viceChairMemberIds];
  for (const id of named) {
    const member = members.get(id);
    if (!member) throw notFound(`Member ${id} of ${assemblyName}`);
    if (member.kind !== "ORDINARY") throw badInput(`${member.name} is a substitute: the chair and vice chairs are members.`);
  }
  if (new Set(named).size !== named.length) throw badInput("The chair and each vice chair are different members.");
  if (presidium.viceChairMemberIds.length > LIMITS.viceChairs) throw badInput(`At most ${LIMITS.viceChairs} vice chairs.`);
}

function requireGrantable(role: Role): void {
  if (role === "MEMBER") throw badInput("MEMBER follows from the roster: import or change the roster instead.");
  if (role === "CHAIR") throw badInput("CHAIR follows from the presidium: set the chair and vice chairs instead.");
  if (!GRANTABLE.includes(role)) throw badInput(`The roles granted are ${GRANTABLE.join(", ")}.`);
}

function requireSettings(settings: AssemblySettings): void {
  if (typeof settings.noReturnAfterLeaving !== "boolean" || typeof settings.answerChangeWhileOpen !== "boolean") {
    throw badInput("The no-return and answer-change settings are each on or off (true or false).");
  }
  if (settings.quorum !== undefined && !QUORUM_RULES.includes(settings.quorum)) {
    throw badInput(`"${String(settings.quorum)}" is not a quorum rule: ${QUORUM_RULES.join(", ")}.`);
  }
  if (settings.defaultMajority !== undefined && !MAJORITIES.includes(settings.defaultMajority)) {
    throw badInput(`"${String(settings.defaultMajority)}" is not a majority: ${MAJORITIES.join(", ")}.`);
  }
  if (settings.timeZone !== undefined && !isTimeZone(settings.timeZone)) {
    throw badInput(`"${settings.timeZone}" is not a time zone (e.g. Europe/Stockholm).`);
  }
}

function requireSeatCount(seatCount: number): void {
  if (!Number.isInteger(seatCount) || seatCount < 1 || seatCount > LIMITS.seats) {
    throw badInput(`The seat count must be a whole number from 1 to ${LIMITS.seats}.`);
  }
}

/**
 * RULES.md 1 for a roster handed to the domain: every seat held by exactly one ordinary member, each
 * substitute ranked once within a party that holds seats, ids and sign-ins unique. The file checks
 * (api/src/admin/roster.ts) say the same per line; this guards whatever the caller built.
 */
export function requireRoster(seatCount: number, members: readonly MemberRecord[], users: readonly Pick<UserRecord, "userId" | "memberId">[]): void {
  if (members.length > LIMITS.members) throw badInput(`A roster holds at most ${LIMITS.members} people.`);
  const ids = new Set<string>();
  const seats = new Map<number, string>();
  const ranks = new Set<string>();
  const seatParties = new Set<string>();
  for (const m of members) {
    if (m.id.trim() === "" || m.id.length > LIMITS.itemId) throw badInput(`A member id is 1-${LIMITS.itemId} characters.`);
    if (ids.has(m.id)) throw badInput(`The member id ${m.id} is used twice.`);
    ids.add(m.id);
    requireName(m.name, "A member's name");
    if (m.party.trim() === "" || m.party.length > LIMITS.party) throw badInput(`${m.name}: a party is 1-${LIMITS.party} characters.`);
    if (m.kind === "ORDINARY") {
      if (m.seat === null || !Number.isInteger(m.seat) || m.seat < 1 || m.seat > seatCount) {
        throw badInput(`${m.name}: an ordinary member holds a seat from 1 to ${seatCount}.`);
      }
      const other = seats.get(m.seat);
      if (other !== undefined) throw badInput(`Seat ${m.seat} is held by both ${other} and ${m.name}.`);
      if (m.substituteRank !== null) throw badInput(`${m.name}: an ordinary member has no substitute rank.`);
      seats.set(m.seat, m.name);
      seatParties.add(m.party);
    } else {
      if (m.seat !== null) throw badInput(`${m.name}: a substitute holds no seat.`);
      if (m.substituteRank === null || !Number.isInteger(m.substituteRank) || m.substituteRank < 1) {
        throw badInput(`${m.name}: a substitute has a rank, 1 or more.`);
      }
      const rank = `${m.party}\u0000${m.substituteRank}`;
      if (ranks.has(rank)) throw badInput(`Two substitutes of ${m.party} have rank ${m.substituteRank}.`);
      ranks.add(rank);
    }
  }
  for (let seat = 1; seat <= seatCount; seat += 1) {
    if (!seats.has(seat)) throw badInput(`Seat ${seat} has no ordinary member: every seat 1-${seatCount} needs one.`);
  }
  for (const m of members) {
    if (m.kind === "SUBSTITUTE" && !seatParties.has(m.party)) throw badInput(`${m.name}: ${m.party} holds no seat to substitute in.`);
  }
  const signIns = new Set<string>();
  const signedMembers = new Set<string>();
  // Users without a member (staff registered with the assembly) are not the roster's.
  for (const u of users) {
    if (u.memberId === null) continue;
    if (!ids.has(u.memberId)) throw badInput(`The sign-in ${u.userId} names no member of the roster.`);
    if (signIns.has(u.userId)) throw badInput(`The sign-in ${u.userId} is given to two members.`);
    if (signedMembers.has(u.memberId)) throw badInput(`A member has two sign-ins (${u.userId}).`);
    signIns.add(u.userId);
    signedMembers.add(u.memberId);
  }
}

/** An agenda handed over whole (scheduled with, or imported): every item valid, ids new, numbers unique. */
function requireAgenda(state: CouncilState, agenda: readonly AgendaItemRecord[], replacing: MeetingState | null): void {
  if (agenda.length > LIMITS.items) throw badInput(`An agenda holds at most ${LIMITS.items} items.`);
  const numbers = new Set<number>();
  for (const item of agenda) {
    requireItem(item, `Item ${item.number}`);
    if (numbers.has(item.number)) throw badInput(`§${item.number} is on the agenda twice.`);
    numbers.add(item.number);
  }
  requireNewItemIds(
    state,
    agenda.map((i) => i.id),
    replacing,
  );
}

/** Item ids name one item in the whole installation (votes and recusals name items by id alone). */
function requireNewItemIds(state: CouncilState, ids: readonly string[], replacing: MeetingState | null): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (id.trim() === "" || id.length > LIMITS.itemId) throw badInput(`An item id is 1-${LIMITS.itemId} characters.`);
    if (seen.has(id)) throw badInput(`The item id ${id} is used twice.`);
    seen.add(id);
    for (const meeting of state.meetings.values()) {
      if (meeting !== replacing && meeting.items.has(id)) throw conflict(`The item id ${id} is already used.`);
    }
  }
}

/** An agenda item's fields, trimmed and checked. */
function requireItem(item: AgendaItemRecord, name: string): AgendaItemRecord {
  if (!Number.isInteger(item.number) || item.number < 1) throw badInput(`${name}: the number (§) is a whole number, 1 or more.`);
  const title = requireText(item.title, LIMITS.title, `${name} needs a title.`, `${name}'s title`);
  const caseNumber = optionalText(item.caseNumber, LIMITS.caseNumber, `${title}: the case number`);
  const description = optionalText(item.description, LIMITS.description, `${title}: the description`);
  if (item.documentUrls.length > LIMITS.documentUrls) throw badInput(`${title}: at most ${LIMITS.documentUrls} document links.`);
  for (const url of item.documentUrls) requireUrl(url, title);
  if (item.proposals.length > LIMITS.proposals) throw badInput(`${title}: at most ${LIMITS.proposals} proposals.`);
  const proposalIds = new Set<string>();
  const proposals = item.proposals.map((p) => {
    if (p.id.trim() === "" || p.id.length > LIMITS.itemId || proposalIds.has(p.id)) throw badInput(`${title}: each proposal needs its own id.`);
    proposalIds.add(p.id);
    return {
      id: p.id,
      label: requireText(p.label, LIMITS.label, `${title}: a proposal needs a label.`, `${title}: a proposal's label`),
      text: requireText(p.text, LIMITS.proposalText, `${title}: a proposal needs its text.`, `${title}: a proposal's text`),
      proposedBy: optionalText(p.proposedBy, LIMITS.proposedBy, `${title}: who proposed it`),
    };
  });
  return { id: item.id, number: item.number, title, caseNumber, description, documentUrls: item.documentUrls, proposals };
}

function requireUrl(url: string, title: string): void {
  let parsed: URL | null = null;
  try {
    parsed = url.length <= LIMITS.url ? new URL(url) : null;
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:") || /\s/.test(url)) {
    throw badInput(`${title}: "${url.slice(0, 80)}" is not a web link (http or https).`);
  }
}

function requireInstant(value: string): void {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(Date.parse(value))) {
    throw badInput("When the meeting is held must be a time (ISO-8601, e.g. 2027-01-25T17:00:00.000Z).");
  }
}

function requireScheduled(meeting: MeetingState, what: string): void {
  if (meeting.status === "OPEN") throw conflict(`The meeting is open: its agenda can no longer be ${what}.`);
  if (meeting.status === "CLOSED") throw conflict("The meeting is closed: its agenda is part of the record.");
}

function requireName(value: string, name: string): string {
  return requireText(value, LIMITS.name, `${name} is missing.`, name);
}

function requireText(value: string, max: number, empty: string, name: string): string {
  const text = value.trim();
  if (text === "") throw badInput(empty);
  if (text.length > max) throw badInput(`${name} is longer than ${max} characters.`);
  return text;
}

function optionalText(value: string | null, max: number, name: string): string | null {
  const text = value?.trim() ?? "";
  if (text.length > max) throw badInput(`${name} is longer than ${max} characters.`);
  return text === "" ? null : text;
}

/** The agenda in order (by number). */
export function agendaOf(meeting: MeetingState): ItemState[] {
  return [...meeting.items.values()].sort((a, b) => a.number - b.number);
}

/** An item the meeting has been at: current now, left, voted on or decided. */
export function takenUp(meeting: MeetingState, item: ItemState): boolean {
  return meeting.currentItemId === item.id || item.heldWith !== null || item.voteIds.length > 0 || item.decision !== null;
}

function firstNumber(ordered: readonly ItemState[]): number {
  return ordered[0]?.number ?? 1;
}

function consecutive(ids: readonly string[], first: number): AgendaNumber[] {
  return ids.map((itemId, i) => ({ itemId, number: first + i }));
}

function openMeetingOf(state: CouncilState, assembly: AssemblyState): MeetingState | undefined {
  return assembly.meetingIds.map((id) => state.meetings.get(id)).find((m) => m?.status === "OPEN");
}

function getAssembly(state: CouncilState, assemblyId: string): AssemblyState {
  const assembly = state.assemblies.get(assemblyId);
  if (!assembly) throw notFound(`Assembly ${assemblyId}`);
  return assembly;
}

function requireAssemblyOf(state: CouncilState, meeting: MeetingState): AssemblyState {
  const assembly = assemblyOfMeeting(state, meeting);
  if (!assembly) throw notFound(`Assembly ${meeting.assemblyId}`);
  return assembly;
}

function getMeeting(state: CouncilState, meetingId: string): MeetingState {
  const meeting = state.meetings.get(meetingId);
  if (!meeting) throw notFound(`Meeting ${meetingId}`);
  return meeting;
}

function getItem(state: CouncilState, itemId: string): { meeting: MeetingState; item: ItemState } {
  for (const meeting of state.meetings.values()) {
    const item = meeting.items.get(itemId);
    if (item) return { meeting, item };
  }
  throw notFound(`Agenda item ${itemId}`);
}
