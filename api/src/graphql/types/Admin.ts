import { createGraphQLError } from "graphql-yoga";
import { arg, booleanArg, enumType, extendType, idArg, inputObjectType, list, nonNull, objectType, stringArg } from "nexus";
import { parseAgenda, type AgendaFormat as AgendaFileFormat, type AgendaProblem } from "../../admin/agenda.js";
import type { RosterProblem } from "../../admin/roster.js";
import { agendaRecords, rosterEdits, rosterImport, type RosterChange } from "../../admin/service.js";
import { takenUp } from "../../domain/council/admin.js";
import { findItem } from "../../domain/council/decide.js";
import type { AgendaItemRecord, AssemblySettings, UserRecord } from "../../domain/council/events.js";
import { localDate, rolesOf, rosterOn, timeZoneOf } from "../../domain/council/rosters.js";
import type { AssemblyState, CouncilState } from "../../domain/council/state.js";
import { execute, requireUser, type Context } from "../context.js";
import { apiError, toApiError } from "../errors.js";
import { assemblyOf, found, meetingOf } from "../present.js";

/**
 * Administration over the API (issue 9): assemblies, rosters, roles and the presidium for ADMIN;
 * meetings and agendas for CLERK (and ADMIN). Files are read here and handed to the domain whole;
 * the rules are the domain's (api/src/domain/council/admin.ts).
 */

// --- Types ----------------------------------------------------------------------------------------

export const QuorumRule = enumType({
  name: "QuorumRule",
  description: "MORE_THAN_HALF of the seats (KL 5:43, 6:28), AT_LEAST_HALF, or NONE (decides with whoever is present).",
  members: ["MORE_THAN_HALF", "AT_LEAST_HALF", "NONE"],
});

export const AgendaFormat = enumType({ name: "AgendaFormat", members: ["CSV", "JSON"] });

export const Presidium = objectType({
  name: "Presidium",
  description: "Who presides over the assembly's meetings: the chair (ordförande) and the vice chairs in order.",
  definition(t) {
    t.nullable.field("chair", { type: "Member", resolve: (p, _args, ctx) => memberIn(ctx.council.state, p.assemblyId, p.chairMemberId) });
    t.list.field("viceChairs", {
      type: "Member",
      resolve: (p, _args, ctx) => p.viceChairMemberIds.flatMap((id) => memberIn(ctx.council.state, p.assemblyId, id) ?? []),
    });
  },
});

export const RoleGrant = objectType({
  name: "RoleGrant",
  description: "Roles granted to a Teams identity in the assembly (MEMBER follows from the roster, CHAIR from the presidium).",
  definition(t) {
    t.string("userId", { description: "The sign-in name (lower case) or Entra object id." });
    t.string("displayName");
    t.list.field("roles", { type: "Role" });
  },
});

export const RosterVersion = objectType({
  name: "RosterVersion",
  description: "The roster as it stands from a date. A meeting is held with the version in effect on its date and keeps it once opened.",
  definition(t) {
    t.int("version");
    t.nullable.string("effectiveFrom", { description: "The first day it applies (YYYY-MM-DD, the assembly's time zone); null: from the start." });
    t.nullable.string("reason");
    t.field("recordedAt", { type: "DateTime" });
    t.string("recordedBy");
    t.int("seatCount");
    t.list.field("members", { type: "Member", resolve: (v) => [...v.members.values()] });
  },
});

export const PartyCount = objectType({
  name: "PartyCount",
  definition(t) {
    t.string("party");
    t.int("seats");
    t.int("substitutes");
  },
});

export const FileProblem = objectType({
  name: "FileProblem",
  description: "A problem in an imported file: its line (1 = the header; 0 = the file as a whole), the column where there is one, and why.",
  definition(t) {
    t.int("line");
    t.nullable.string("column");
    t.string("reason");
  },
});

export const RosterLine = objectType({
  name: "RosterLine",
  definition(t) {
    t.int("line");
    t.string("name");
    t.string("party");
    t.field("kind", { type: "MemberKind" });
  },
});

export const MemberChange = objectType({
  name: "MemberChange",
  definition(t) {
    t.field("before", { type: "Member" });
    t.field("after", { type: "Member" });
    t.list.string("fields", { description: "name, party, kind, seat, substituteRank, signIn" });
  },
});

export const RosterPreview = objectType({
  name: "RosterPreview",
  description: "What an import would do, checked as the import checks it; nothing is changed.",
  definition(t) {
    t.boolean("ok", { description: "False when the file has problems: then nothing can be imported." });
    t.list.field("problems", { type: "FileProblem" });
    t.nullable.int("seatCount");
    t.list.field("parties", { type: "PartyCount" });
    t.list.field("withoutSignIn", { type: "RosterLine", description: "People who cannot sign in to Teams until a sign-in is added." });
    t.list.field("added", { type: "Member" });
    t.list.field("removed", { type: "Member" });
    t.list.field("changed", { type: "MemberChange" });
    t.nullable.field("heldWithBefore", {
      type: "RosterVersion",
      description: "The version the change builds on and is compared with: the roster as it stands on that date.",
    });
  },
});

export const AgendaDraft = objectType({
  name: "AgendaDraft",
  definition(t) {
    t.int("line");
    t.int("number");
    t.string("title");
    t.nullable.string("caseNumber");
    t.nullable.string("description");
    t.list.string("documentUrls");
    t.list.string("proposalLabels", { resolve: (d) => d.proposals.map((p) => p.label) });
  },
});

export const AgendaPreview = objectType({
  name: "AgendaPreview",
  definition(t) {
    t.boolean("ok");
    t.list.field("problems", { type: "FileProblem" });
    t.list.field("items", { type: "AgendaDraft" });
  },
});

export const Presiding = objectType({
  name: "Presiding",
  description: "Who presided over the meeting from when: the opening's chair first, then each change (a vice chair taking the chair).",
  definition(t) {
    t.field("member", { type: "Member", resolve: (p, _args, ctx) => found(memberIn(ctx.council.state, p.assemblyId, p.memberId) ?? undefined, "The member") });
    t.field("at", { type: "DateTime" });
    t.string("recordedBy");
  },
});

export const AgendaAddition = objectType({
  name: "AgendaAddition",
  description: "An item put on the agenda after the meeting opened (an extra item): when, and by whom.",
  definition(t) {
    t.field("at", { type: "DateTime" });
    t.string("by");
  },
});

// --- Inputs ---------------------------------------------------------------------------------------

export const AssemblySettingsInput = inputObjectType({
  name: "AssemblySettingsInput",
  definition(t) {
    t.nonNull.boolean("noReturnAfterLeaving");
    t.nonNull.boolean("answerChangeWhileOpen");
    t.nonNull.field("quorum", { type: "QuorumRule" });
    t.nonNull.field("defaultMajority", { type: "Majority" });
    t.nonNull.string("timeZone", { description: "IANA time zone, e.g. Europe/Stockholm: the day a meeting is held on." });
  },
});

export const CreateAssemblyInput = inputObjectType({
  name: "CreateAssemblyInput",
  definition(t) {
    t.nonNull.id("id", { description: "Short, lower case: kf, ks, bun." });
    t.nonNull.string("name");
    t.nonNull.int("seatCount");
    t.nonNull.field("settings", { type: "AssemblySettingsInput" });
  },
});

export const MemberEditInput = inputObjectType({
  name: "MemberEditInput",
  description: "One person's change: memberId null for someone new; remove for someone who leaves the roster.",
  definition(t) {
    t.id("memberId");
    t.nonNull.boolean("remove", { default: false });
    t.nonNull.string("name");
    t.nonNull.string("party");
    t.nonNull.field("kind", { type: "MemberKind" });
    t.int("seat");
    t.int("substituteRank");
    t.string("signIn", { description: "Teams sign-in name or Entra object id." });
  },
});

export const ProposalInput = inputObjectType({
  name: "ProposalInput",
  definition(t) {
    t.nonNull.string("label");
    t.nonNull.string("text");
    t.string("proposedBy");
  },
});

export const AgendaItemInput = inputObjectType({
  name: "AgendaItemInput",
  definition(t) {
    t.nonNull.string("title");
    t.string("caseNumber");
    t.string("description");
    t.nonNull.list.nonNull.string("documentUrls", { default: [] });
    t.nonNull.list.nonNull.field("proposals", { type: "ProposalInput", default: [] });
  },
});

export const ScheduleMeetingInput = inputObjectType({
  name: "ScheduleMeetingInput",
  definition(t) {
    t.nonNull.id("assemblyId");
    t.nonNull.string("title");
    t.nonNull.field("scheduledAt", { type: "DateTime" });
    t.string("teamsMeetingId");
    t.string("agenda", { description: "An agenda file (CSV or JSON as exported by a case-management system) to start from." });
    t.field("agendaFormat", { type: "AgendaFormat", description: "Absent: told from the text." });
  },
});

// --- Fields on existing types ---------------------------------------------------------------------

export const AssemblyAdminFields = extendType({
  type: "Assembly",
  definition(t) {
    t.list.string("parties", { description: "In roster order.", resolve: (a) => [...new Set([...a.members.values()].map((m) => m.party))] });
    t.field("presidium", { type: "Presidium", resolve: (a) => ({ assemblyId: a.id, ...a.presidium }) });
    t.list.field("viewerRoles", {
      type: "Role",
      description: "The signed-in user's roles in this assembly today (MEMBER from today's roster, CHAIR from the presidium, grants).",
      resolve: (a, _args, ctx) => [...rolesOf(ctx.council.state, a.id, requireUser(ctx).userId, ctx.council.now())],
    });
    t.nullable.list.field("roleGrants", {
      type: "RoleGrant",
      description: "ADMIN or CLERK of the assembly: who holds which granted role (null for others).",
      resolve: (a, _args, ctx) => {
        if (!isAssemblyStaff(ctx, a)) return null;
        const users = ctx.council.state.users;
        return [...a.roles].map(([userId, roles]) => ({ userId, displayName: users.get(userId)?.displayName ?? userId, roles: [...roles] }));
      },
    });
    t.list.field("rosters", { type: "RosterVersion", description: "Every roster version, in the order recorded.", resolve: (a) => [...a.rosters] });
    t.field("rosterToday", {
      type: "RosterVersion",
      description: "The version in effect today (the assembly's time zone).",
      resolve: (a, _args, ctx) => rosterOn(a, localDate(ctx.council.now(), timeZoneOf(a))),
    });
  },
});

export const MemberAdminFields = extendType({
  type: "Member",
  definition(t) {
    t.nullable.string("signIn", {
      description: "ADMIN or CLERK: the Teams sign-in (UPN or object id) this member is recognised by; null when none, or for others.",
      resolve: (m, _args, ctx) => {
        for (const a of ctx.council.state.assemblies.values()) {
          const userId = a.rosters.map((v) => v.userOfMember.get(m.id)).findLast((u) => u !== undefined);
          if (userId !== undefined && isAssemblyStaff(ctx, a)) return userId;
        }
        return null;
      },
    });
  },
});

export const MeetingAdminFields = extendType({
  type: "Meeting",
  definition(t) {
    t.int("rosterVersion", { description: "The roster version the meeting is held with (kept from when it opened)." });
    t.nullable.field("presiding", {
      type: "Member",
      description: "Who presides now (before the meeting opens: the presidium's chair, unless a vice chair is to take the chair).",
      resolve: (m, _args, ctx) => {
        const assembly = assemblyOf(ctx.council.state, m.assemblyId);
        const id = m.presidingMemberId ?? assembly.presidium.chairMemberId;
        return id === null ? null : memberIn(ctx.council.state, m.assemblyId, id, m.rosterVersion);
      },
    });
    t.list.field("presidingHistory", {
      type: "Presiding",
      resolve: (m) => m.presiding.map((p) => ({ ...p, assemblyId: m.assemblyId })),
    });
  },
});

export const AgendaItemAdminFields = extendType({
  type: "AgendaItem",
  definition(t) {
    t.nullable.field("addedDuringMeeting", { type: "AgendaAddition" });
    t.boolean("takenUp", {
      description: "The meeting has been at this item (current now, left, voted on or decided): an extra item goes after it.",
      resolve: (item, _args, ctx) => takenUp(meetingOf(ctx.council.state, item.meetingId), item),
    });
  },
});

export const SettingsAdminFields = extendType({
  type: "AssemblySettings",
  definition(t) {
    t.field("quorum", { type: "QuorumRule", resolve: (s) => s.quorum ?? "MORE_THAN_HALF" });
    t.field("defaultMajority", { type: "Majority", resolve: (s) => s.defaultMajority ?? "SIMPLE" });
    t.string("timeZone", { resolve: (s) => s.timeZone ?? "Europe/Stockholm" });
  },
});

// --- Queries --------------------------------------------------------------------------------------

export const AdminQueries = extendType({
  type: "Query",
  definition(t) {
    t.nullable.field("assembly", {
      type: "Assembly",
      args: { id: nonNull(idArg()) },
      resolve: (_root, { id }, ctx) => {
        requireUser(ctx);
        return ctx.council.state.assemblies.get(id) ?? null;
      },
    });
    t.field("previewRoster", {
      type: "RosterPreview",
      description: "ADMIN or CLERK. Checks a roster file as importRoster would and shows what it would change; changes nothing.",
      args: { assemblyId: nonNull(idArg()), csv: nonNull(stringArg()), effectiveFrom: nonNull(stringArg()) },
      resolve: (_root, { assemblyId, csv, effectiveFrom }, ctx) => {
        staffAssembly(ctx, assemblyId);
        // A preview: the command is not executed, the ids it gave new people are not kept.
        const change = shared(() => rosterImport(ctx.council.state, assemblyId, csv, effectiveFrom, "", ctx.newId));
        const before = change.before;
        if (!change.ok) return { ok: false, problems: problemsOf(change.problems), seatCount: null, parties: [], withoutSignIn: [], added: [], removed: [], changed: [], heldWithBefore: before };
        const { plan, preview: summary } = change;
        return {
          ok: true,
          problems: [],
          seatCount: summary.seatCount,
          parties: [...summary.parties],
          withoutSignIn: [...summary.withoutSignIn],
          added: [...plan.diff.added],
          removed: [...plan.diff.removed],
          changed: plan.diff.changed.map((c) => ({ ...c, fields: [...c.fields] })),
          heldWithBefore: before,
        };
      },
    });
    t.field("previewAgenda", {
      type: "AgendaPreview",
      description: "CLERK or ADMIN of any assembly. Reads an agenda file as importAgenda would; changes nothing.",
      args: { text: nonNull(stringArg()), format: arg({ type: "AgendaFormat" }) },
      resolve: (_root, { text, format }, ctx) => {
        const user = requireUser(ctx);
        const state = ctx.council.state;
        if (![...state.assemblies.keys()].some((id) => rolesOf(state, id, user.userId).some((r) => r === "CLERK" || r === "ADMIN"))) {
          throw apiError("FORBIDDEN", "Only clerks and admins import agendas.");
        }
        const parsed = parseAgenda(text, format ?? undefined);
        return parsed.ok ? { ok: true, problems: [], items: [...parsed.items] } : { ok: false, problems: problemsOf(parsed.problems), items: [] };
      },
    });
  },
});

// --- Mutations ------------------------------------------------------------------------------------

export const AdminMutations = extendType({
  type: "Mutation",
  definition(t) {
    t.field("createAssembly", {
      type: "Assembly",
      description: "ADMIN (of any assembly). A new assembly, without a roster yet (importRoster); the creator becomes its admin.",
      args: { input: nonNull(arg({ type: "CreateAssemblyInput" })) },
      resolve: async (_root, { input }, ctx) => {
        const user = requireUser(ctx);
        const creator: UserRecord = { userId: user.userId, displayName: user.displayName, memberId: null, roles: ["ADMIN"] };
        const state = await execute(ctx, {
          type: "RegisterAssembly",
          data: { assemblyId: input.id, name: input.name, seatCount: input.seatCount, members: [], users: [creator], settings: settingsOf(input.settings) },
        });
        return assemblyOf(state, input.id);
      },
    });
    t.field("updateAssembly", {
      type: "Assembly",
      description: "ADMIN. The assembly's name and procedure settings; CONFLICT while one of its meetings is open.",
      args: { assemblyId: nonNull(idArg()), name: nonNull(stringArg()), settings: nonNull(arg({ type: "AssemblySettingsInput" })) },
      resolve: async (_root, { assemblyId, name, settings }, ctx) => {
        const state = await execute(ctx, { type: "ChangeAssembly", data: { assemblyId, name, settings: settingsOf(settings) } });
        return assemblyOf(state, assemblyId);
      },
    });
    t.field("importRoster", {
      type: "Assembly",
      description:
        "ADMIN or CLERK. A roster file (CSV) as the roster from effectiveFrom (YYYY-MM-DD). Checked as a whole: a file with any problem is BAD_INPUT with every problem in extensions.problems (line, column, reason) and nothing is imported.",
      args: { assemblyId: nonNull(idArg()), csv: nonNull(stringArg()), effectiveFrom: nonNull(stringArg()), reason: nonNull(stringArg()) },
      resolve: async (_root, { assemblyId, csv, effectiveFrom, reason }, ctx) => {
        staffAssembly(ctx, assemblyId);
        const change = shared(() => rosterImport(ctx.council.state, assemblyId, csv, effectiveFrom, reason, ctx.newId));
        if (!change.ok) throw fileRefused("roster", change.problems);
        return applyChange(ctx, assemblyId, change);
      },
    });
    t.field("changeRoster", {
      type: "Assembly",
      description:
        "ADMIN or CLERK. Changes to the roster taking effect from effectiveFrom, made together (a member resigns and a substitute moves up into the seat). The whole roster that results is checked.",
      args: {
        assemblyId: nonNull(idArg()),
        effectiveFrom: nonNull(stringArg()),
        reason: nonNull(stringArg()),
        changes: nonNull(list(nonNull(arg({ type: "MemberEditInput" })))),
      },
      resolve: async (_root, { assemblyId, effectiveFrom, reason, changes }, ctx) => {
        staffAssembly(ctx, assemblyId);
        const edits = changes.map((c) => ({
          memberId: c.memberId ?? null,
          remove: c.remove,
          name: c.name,
          party: c.party,
          kind: c.kind,
          seat: c.seat ?? null,
          substituteRank: c.substituteRank ?? null,
          signIn: c.signIn ?? null,
        }));
        const change = shared(() => rosterEdits(ctx.council.state, assemblyId, effectiveFrom, reason, edits, ctx.newId));
        return applyChange(ctx, assemblyId, change);
      },
    });
    t.field("grantRole", {
      type: "Assembly",
      description: "ADMIN. Grants CLERK, ADMIN or OBSERVER to a Teams identity (sign-in name or Entra object id).",
      args: { assemblyId: nonNull(idArg()), signIn: nonNull(stringArg()), displayName: nonNull(stringArg()), role: nonNull(arg({ type: "Role" })) },
      resolve: async (_root, { assemblyId, signIn, displayName, role }, ctx) => {
        const state = await execute(ctx, { type: "GrantRole", data: { assemblyId, userId: signIn, displayName, role } });
        return assemblyOf(state, assemblyId);
      },
    });
    t.field("revokeRole", {
      type: "Assembly",
      description: "ADMIN. Takes a granted role away; CONFLICT for the assembly's last admin.",
      args: { assemblyId: nonNull(idArg()), userId: nonNull(idArg()), role: nonNull(arg({ type: "Role" })) },
      resolve: async (_root, { assemblyId, userId, role }, ctx) => {
        const state = await execute(ctx, { type: "RevokeRole", data: { assemblyId, userId, role } });
        return assemblyOf(state, assemblyId);
      },
    });
    t.field("setPresidium", {
      type: "Assembly",
      description: "ADMIN. The chair (ordförande) and the vice chairs in order, members of the roster.",
      args: { assemblyId: nonNull(idArg()), chairMemberId: idArg(), viceChairMemberIds: nonNull(list(nonNull(idArg()))) },
      resolve: async (_root, { assemblyId, chairMemberId, viceChairMemberIds }, ctx) => {
        const state = await execute(ctx, { type: "SetPresidium", data: { assemblyId, chairMemberId: chairMemberId ?? null, viceChairMemberIds } });
        return assemblyOf(state, assemblyId);
      },
    });
    t.field("takeChair", {
      type: "Meeting",
      description: "CHAIR, CLERK or ADMIN. Who presides from now (a vice chair when the chair is absent or has jäv); recorded in the minutes. Not while a vote is open.",
      args: { meetingId: nonNull(idArg()), memberId: nonNull(idArg()) },
      resolve: async (_root, { meetingId, memberId }, ctx) => {
        const state = await execute(ctx, { type: "TakeChair", data: { meetingId, memberId } });
        return meetingOf(state, meetingId);
      },
    });
    t.field("scheduleMeeting", {
      type: "Meeting",
      description: "CLERK or ADMIN. A new meeting, optionally with its agenda from a file (BAD_INPUT with extensions.problems if the file has problems).",
      args: { input: nonNull(arg({ type: "ScheduleMeetingInput" })) },
      resolve: async (_root, { input }, ctx) => {
        const agenda = input.agenda === null || input.agenda === undefined ? [] : agendaFromFile(ctx, input.agenda, input.agendaFormat ?? undefined);
        const meetingId = ctx.newId();
        const state = await execute(ctx, {
          type: "ScheduleMeeting",
          data: { meetingId, assemblyId: input.assemblyId, title: input.title, scheduledAt: input.scheduledAt, teamsMeetingId: input.teamsMeetingId ?? null, agenda },
        });
        return meetingOf(state, meetingId);
      },
    });
    t.field("rescheduleMeeting", {
      type: "Meeting",
      description: "CLERK or ADMIN. A new title or time, before the meeting opens.",
      args: { meetingId: nonNull(idArg()), title: nonNull(stringArg()), scheduledAt: nonNull(arg({ type: "DateTime" })) },
      resolve: async (_root, { meetingId, title, scheduledAt }, ctx) => {
        const state = await execute(ctx, { type: "RescheduleMeeting", data: { meetingId, title, scheduledAt } });
        return meetingOf(state, meetingId);
      },
    });
    t.field("importAgenda", {
      type: "Meeting",
      description: "CLERK or ADMIN. Replaces the agenda of a meeting not yet opened with a file's (CSV or JSON); a file with problems is BAD_INPUT with extensions.problems.",
      args: { meetingId: nonNull(idArg()), text: nonNull(stringArg()), format: arg({ type: "AgendaFormat" }) },
      resolve: async (_root, { meetingId, text, format }, ctx) => {
        const agenda = agendaFromFile(ctx, text, format ?? undefined);
        const state = await execute(ctx, { type: "ReplaceAgenda", data: { meetingId, agenda } });
        return meetingOf(state, meetingId);
      },
    });
    t.field("addAgendaItem", {
      type: "AgendaItem",
      description:
        "CLERK or ADMIN before the meeting opens; CHAIR or CLERK once open (an extra item, shown as added in the record). Goes before beforeItemId, or last; numbers follow the order.",
      args: { meetingId: nonNull(idArg()), item: nonNull(arg({ type: "AgendaItemInput" })), beforeItemId: idArg() },
      resolve: async (_root, { meetingId, item, beforeItemId }, ctx) => {
        const itemId = ctx.newId();
        const state = await execute(ctx, { type: "AddAgendaItem", data: { meetingId, item: itemOf(ctx, itemId, item), beforeItemId: beforeItemId ?? null } });
        return found(findItem(state, itemId)?.item, "The agenda item");
      },
    });
    t.field("updateAgendaItem", {
      type: "AgendaItem",
      description: "CLERK or ADMIN, before the meeting opens. The item's text, case number, documents and proposals.",
      args: { itemId: nonNull(idArg()), item: nonNull(arg({ type: "AgendaItemInput" })) },
      resolve: async (_root, { itemId, item }, ctx) => {
        const state = await execute(ctx, { type: "ChangeAgendaItem", data: { item: itemOf(ctx, itemId, item) } });
        return found(findItem(state, itemId)?.item, "The agenda item");
      },
    });
    t.field("removeAgendaItem", {
      type: "Meeting",
      description: "CLERK or ADMIN, before the meeting opens.",
      args: { itemId: nonNull(idArg()) },
      resolve: async (_root, { itemId }, ctx) => {
        const meetingId = findItem(ctx.council.state, itemId)?.meeting.id;
        const state = await execute(ctx, { type: "RemoveAgendaItem", data: { itemId } });
        return meetingOf(state, found(meetingId, "The agenda item"));
      },
    });
    t.field("reorderAgenda", {
      type: "Meeting",
      description: "CLERK or ADMIN, before the meeting opens. Every item once, in the new order; numbers follow it.",
      args: { meetingId: nonNull(idArg()), itemIds: nonNull(list(nonNull(idArg()))) },
      resolve: async (_root, { meetingId, itemIds }, ctx) => {
        const state = await execute(ctx, { type: "ReorderAgenda", data: { meetingId, itemIds } });
        return meetingOf(state, meetingId);
      },
    });
  },
});

// --- Helpers --------------------------------------------------------------------------------------

function isAssemblyStaff(ctx: Context, assembly: AssemblyState): boolean {
  const user = ctx.user;
  return user !== null && rolesOf(ctx.council.state, assembly.id, user.userId).some((r) => r === "ADMIN" || r === "CLERK");
}

function requireAssemblyStaff(ctx: Context, assembly: AssemblyState): void {
  requireUser(ctx);
  if (!isAssemblyStaff(ctx, assembly)) throw apiError("FORBIDDEN", `Only admins and clerks of ${assembly.name} see this.`);
}

/** The assembly, for its admins and clerks: UNAUTHENTICATED, NOT_FOUND or FORBIDDEN otherwise. */
function staffAssembly(ctx: Context, assemblyId: string): AssemblyState {
  requireUser(ctx);
  const assembly = ctx.council.state.assemblies.get(assemblyId);
  if (!assembly) throw apiError("NOT_FOUND", `Assembly ${assemblyId} was not found.`);
  requireAssemblyStaff(ctx, assembly);
  return assembly;
}

/** The shared administration path (api/src/admin/service.ts): its refusals as API errors. */
function shared<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw toApiError(error);
  }
}

async function applyChange(ctx: Context, assemblyId: string, change: RosterChange) {
  const state: CouncilState = await execute(ctx, change.command);
  return assemblyOf(state, assemblyId);
}

function problemsOf(problems: readonly (RosterProblem | AgendaProblem)[]) {
  return problems.map((p) => ({ line: p.line, column: p.column ?? null, reason: p.reason }));
}

function fileRefused(what: "roster" | "agenda", problems: readonly (RosterProblem | AgendaProblem)[]) {
  const first = problems.slice(0, 3).map((p) => `${p.line === 0 ? "the file" : `line ${p.line}`}: ${p.reason}`);
  return createGraphQLError(
    `The ${what} file has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was imported. ${first.join("; ")}${problems.length > 3 ? "; …" : "."}`,
    { extensions: { code: "BAD_INPUT", problems: problemsOf(problems) } },
  );
}

function agendaFromFile(ctx: Context, text: string, format: AgendaFileFormat | undefined): AgendaItemRecord[] {
  const records = agendaRecords(text, format, ctx.newId);
  if (!records.ok) throw fileRefused("agenda", records.problems);
  return records.agenda;
}

function itemOf(
  ctx: Context,
  id: string,
  input: {
    title: string;
    caseNumber?: string | null;
    description?: string | null;
    documentUrls: string[];
    proposals: Array<{ label: string; text: string; proposedBy?: string | null }>;
  },
): Omit<AgendaItemRecord, "number"> {
  return {
    id,
    title: input.title,
    caseNumber: input.caseNumber ?? null,
    description: input.description ?? null,
    documentUrls: input.documentUrls,
    proposals: input.proposals.map((p) => ({ id: ctx.newId(), label: p.label, text: p.text, proposedBy: p.proposedBy ?? null })),
  };
}

function settingsOf(input: {
  noReturnAfterLeaving: boolean;
  answerChangeWhileOpen: boolean;
  quorum: "MORE_THAN_HALF" | "AT_LEAST_HALF" | "NONE";
  defaultMajority: "SIMPLE" | "TWO_THIRDS_OF_PRESENT";
  timeZone: string;
}): AssemblySettings {
  return {
    noReturnAfterLeaving: input.noReturnAfterLeaving,
    answerChangeWhileOpen: input.answerChangeWhileOpen,
    quorum: input.quorum,
    defaultMajority: input.defaultMajority,
    timeZone: input.timeZone.trim(),
  };
}

/** A member of an assembly: as a roster version has them (the meeting's), else the latest version naming them. */
function memberIn(state: CouncilState, assemblyId: string, memberId: string | null, version?: number) {
  if (memberId === null) return null;
  const assembly = state.assemblies.get(assemblyId);
  if (!assembly) return null;
  const inVersion = version === undefined ? undefined : assembly.rosters.find((v) => v.version === version)?.members.get(memberId);
  return inVersion ?? assembly.rosters.map((v) => v.members.get(memberId)).findLast((m) => m !== undefined) ?? null;
}
