import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DEMO_ASSEMBLY_ID, DEMO_MEETING_ID } from "../../demo/council.js";
import type { CouncilCommand } from "./commands.js";
import type { AgendaItemRecord, AssemblySettings, Choice, CouncilEvent, MeetingPlan, MemberRecord, UserRecord } from "./events.js";
import { rolesOf, rosterView } from "./rosters.js";
import type { AssemblyState, CouncilState, MeetingState, VoteState } from "./state.js";
import { AT, Script, demoCommands, given, stateOf } from "./testing.js";

/**
 * Administration (issue 9): assemblies, rosters over time, roles, the presidium, who presides, and
 * meetings with their agendas. The council is the demo council (api/src/demo/council.ts): 45 seats,
 * S 1-12, M 13-22, SD 23-29, ...; member-1 chairs; users clerk-1 and clerk-2 (CLERK), admin (ADMIN),
 * observer (OBSERVER); substitutes sub-<party>-<rank>; meeting kf-2026-12-14 at 2026-12-14T17:00Z.
 */

const { register, schedule } = demoCommands();

const KF = DEMO_ASSEMBLY_ID;
const KF_NAME = register.data.name;
const MEETING = DEMO_MEETING_ID;
const MEETING_TITLE = schedule.data.title;
const CHAIR = "member-1";
const VICE = "member-13";
const CLERK = "clerk-1";
const ADMIN = "admin";
const OBSERVER = "observer";
const member = (seat: number): string => `member-${seat}`;
const itemOf = (meetingId: string, n: number): string => `${meetingId}-${n}`;
const ITEM1 = itemOf(MEETING, 1);
const ITEM2 = itemOf(MEETING, 2);
const ITEM3 = itemOf(MEETING, 3);
const ITEM4 = itemOf(MEETING, 4);
const ITEM5 = itemOf(MEETING, 5);
const ALL_SEATS = Array.from({ length: 45 }, (_, i) => i + 1);
const nameOf = (id: string): string => register.data.members.find((m) => m.id === id)?.name ?? id;

/** A meeting after the demo one, and one that is on New Year's Day in Stockholm (00:30 local time). */
const LATER = "kf-2027-01-25";
const LATER_AT = "2027-01-25T17:00:00.000Z";
const NEW_YEAR = "kf-2027-01-01";
const NEW_YEAR_AT = "2026-12-31T23:30:00.000Z";

/** `minutes` after the demo meeting's start. */
const at = (minutes: number, from: string = AT): string => new Date(Date.parse(from) + minutes * 60_000).toISOString();

// --- Commands -------------------------------------------------------------------------------------

function agendaItem(meetingId: string, n: number, title = `Ärende ${n}`): AgendaItemRecord {
  const id = itemOf(meetingId, n);
  return {
    id,
    number: n,
    title,
    caseNumber: `KS 2026/${100 + n}`,
    description: null,
    documentUrls: [`https://www.exempelstad.se/handlingar/${id}.pdf`],
    proposals: [
      { id: `${id}-a`, label: "Kommunstyrelsens förslag", text: "Bifall.", proposedBy: "Kommunstyrelsen" },
      { id: `${id}-b`, label: "Avslagsyrkande", text: "Avslag.", proposedBy: "Moderaterna" },
    ],
  };
}

function plan(meetingId: string, scheduledAt: string, title = `Kommunfullmäktige ${meetingId}`): MeetingPlan {
  return { meetingId, assemblyId: KF, title, scheduledAt, teamsMeetingId: null, agenda: [1, 2, 3].map((n) => agendaItem(meetingId, n)) };
}

const scheduleMeeting = (p: MeetingPlan): CouncilCommand => ({ type: "ScheduleMeeting", data: p });
const openMeeting = (meetingId: string = MEETING): CouncilCommand => ({ type: "OpenMeeting", data: { meetingId } });
const closeMeeting = (meetingId: string = MEETING): CouncilCommand => ({ type: "CloseMeeting", data: { meetingId } });
const attend = (memberId: string, meetingId: string = MEETING, present = true): CouncilCommand => ({
  type: "SetAttendance",
  data: { meetingId, memberId, present },
});
const setCurrent = (itemId: string, meetingId: string = MEETING): CouncilCommand => ({ type: "SetCurrentItem", data: { meetingId, itemId } });
const openVote = (voteId: string, itemId: string = ITEM2): CouncilCommand => ({
  type: "OpenVote",
  data: { voteId, itemId, method: "ELECTRONIC", question: "Ja för bifall, nej för avslag", yesProposalId: `${itemId}-a`, noProposalId: `${itemId}-b`, majority: "SIMPLE" },
});
const castBallot = (voteId: string, choice: Choice): CouncilCommand => ({ type: "CastBallot", data: { voteId, choice, idempotencyKey: `${voteId}-device` } });
const closeVote = (voteId: string): CouncilCommand => ({ type: "CloseVote", data: { voteId } });
const takeChair = (memberId: string, meetingId: string = MEETING): CouncilCommand => ({ type: "TakeChair", data: { meetingId, memberId } });
const changeAssembly = (settings: AssemblySettings, name: string = KF_NAME): CouncilCommand => ({
  type: "ChangeAssembly",
  data: { assemblyId: KF, name, settings },
});
const grant = (userId: string, role: UserRecord["roles"][number], displayName = "Anna Berg"): CouncilCommand => ({
  type: "GrantRole",
  data: { assemblyId: KF, userId, displayName, role },
});
const revoke = (userId: string, role: UserRecord["roles"][number]): CouncilCommand => ({ type: "RevokeRole", data: { assemblyId: KF, userId, role } });
const setPresidium = (chairMemberId: string | null, viceChairMemberIds: readonly string[] = []): CouncilCommand => ({
  type: "SetPresidium",
  data: { assemblyId: KF, chairMemberId, viceChairMemberIds },
});
const SETTINGS: AssemblySettings = { noReturnAfterLeaving: true, answerChangeWhileOpen: true };

// --- Rosters --------------------------------------------------------------------------------------

const V1_MEMBERS = register.data.members;
/** Who signs in as a member in version 1 (staff have no member and are not the roster's). */
const V1_MEMBER_USERS = register.data.users.filter((u) => u.memberId !== null);
const RESIGNED = member(12);
const MOVED_UP = "sub-S-1";
const REASON = "Mikael Pettersson (S) har avsagt sig uppdraget; Patrik Ali (S) blir ledamot i plats 12.";

/** member-12 resigns: sub-S-1 becomes the ordinary member in seat 12, the other S substitutes move up a rank. */
const V2_MEMBERS: readonly MemberRecord[] = V1_MEMBERS.filter((m) => m.id !== RESIGNED).map((m) => {
  if (m.id === MOVED_UP) return { ...m, kind: "ORDINARY", seat: 12, substituteRank: null };
  if (m.party === "S" && m.kind === "SUBSTITUTE") return { ...m, substituteRank: (m.substituteRank ?? 0) - 1 };
  return m;
});
const V2_USERS: readonly UserRecord[] = V1_MEMBER_USERS.filter((u) => u.memberId !== RESIGNED);

function changeRoster(
  effectiveFrom: string,
  members: readonly MemberRecord[] = V2_MEMBERS,
  users: readonly UserRecord[] = V2_USERS,
  reason: string = REASON,
  seatCount = 45,
): CouncilCommand {
  return { type: "ChangeRoster", data: { assemblyId: KF, effectiveFrom, reason, seatCount, members, users } };
}

function rosterChanged(version: number, effectiveFrom: string, members: readonly MemberRecord[] = V2_MEMBERS, users: readonly UserRecord[] = V2_USERS): CouncilEvent {
  return {
    type: "RosterChanged",
    data: { assemblyId: KF, version, effectiveFrom, reason: REASON, seatCount: 45, members, users: users.map((u) => ({ ...u, roles: [] })) },
  };
}

/** Version 2's members with one record replaced (or removed, for null). */
function v2With(id: string, change: (m: MemberRecord) => MemberRecord | null): MemberRecord[] {
  return V2_MEMBERS.flatMap((m) => (m.id === id ? (change(m) ?? []) : [m]));
}

// --- Histories ------------------------------------------------------------------------------------

/** The demo council registered and its meeting scheduled, by the installation. */
const scheduled = (): Script => new Script().run(register).run(schedule);

/** A meeting opened by its chair, every seat's holder recorded present, item 2 current. */
function opened(script: Script = scheduled(), meetingId: string = MEETING, start: string = AT, chair: string = CHAIR): Script {
  script.run(openMeeting(meetingId), chair, start);
  for (const seat of meetingIn(script.state, meetingId).recordedAttendance.seats) script.run(attend(seat.holderId, meetingId), CLERK, start);
  return script.run(setCurrent(itemOf(meetingId, 2), meetingId), chair, at(1, start));
}

/** A vote on item 2 of an opened meeting: the given answers, then closed. */
function voted(script: Script, voteId: string, answers: ReadonlyArray<readonly [string, Choice]>, meetingId = MEETING, start = AT, chair = CHAIR): Script {
  script.run(openVote(voteId, itemOf(meetingId, 2)), chair, at(10, start));
  for (const [id, choice] of answers) script.run(castBallot(voteId, choice), id, at(11, start));
  return script.run(closeVote(voteId), chair, at(12, start));
}

/** The demo meeting held: opened, a vote in which member-12 answered, closed. */
function held(): Script {
  const script = voted(opened(), "vote-1", [
    [member(12), "YES"],
    [member(13), "NO"],
    [member(2), "YES"],
    [CHAIR, "YES"],
  ]);
  return script.run(closeMeeting(), CHAIR, at(90));
}

function meetingIn(state: CouncilState, meetingId: string): MeetingState {
  const meeting = state.meetings.get(meetingId);
  assert.ok(meeting, `meeting ${meetingId} exists`);
  return meeting;
}

function assemblyIn(state: CouncilState, assemblyId: string = KF): AssemblyState {
  const assembly = state.assemblies.get(assemblyId);
  assert.ok(assembly, `assembly ${assemblyId} exists`);
  return assembly;
}

function voteIn(state: CouncilState, voteId: string): VoteState {
  const vote = state.votes.get(voteId);
  assert.ok(vote, `vote ${voteId} exists`);
  return vote;
}

/** Who holds a seat at a meeting, as its attendance shows. */
function holderOf(state: CouncilState, meetingId: string, seat: number): string | undefined {
  return meetingIn(state, meetingId).attendance.seats.find((s) => s.number === seat)?.holderId;
}

const numbersOf = (state: CouncilState, meetingId: string): Array<[string, number]> =>
  [...meetingIn(state, meetingId).items.values()].sort((a, b) => a.number - b.number).map((i) => [i.id, i.number]);

// --- A second assembly ------------------------------------------------------------------------------

const KS = "ks";
const KS_MEMBERS: readonly MemberRecord[] = [
  { id: "ks-1", name: "Anna Berg", party: "S", kind: "ORDINARY", seat: 1, substituteRank: null },
  { id: "ks-2", name: "Erik Lund", party: "M", kind: "ORDINARY", seat: 2, substituteRank: null },
  { id: "ks-3", name: "Sara Holm", party: "S", kind: "ORDINARY", seat: 3, substituteRank: null },
  { id: "ks-sub-S-1", name: "Per Ek", party: "S", kind: "SUBSTITUTE", seat: null, substituteRank: 1 },
];
const KS_USERS: readonly UserRecord[] = [
  { userId: "anna.berg@exempelstad.se", displayName: "Anna Berg", memberId: "ks-1", roles: ["MEMBER", "CHAIR"] },
  { userId: "erik.lund@exempelstad.se", displayName: "Erik Lund", memberId: "ks-2", roles: ["MEMBER"] },
  { userId: ADMIN, displayName: "IT-förvaltningen (admin)", memberId: null, roles: ["ADMIN"] },
];
const registerKs = (data: Partial<Extract<CouncilCommand, { type: "RegisterAssembly" }>["data"]> = {}): CouncilCommand => ({
  type: "RegisterAssembly",
  data: { assemblyId: KS, name: "Exempelstads kommunstyrelse", seatCount: 3, members: KS_MEMBERS, users: KS_USERS, ...data },
});

// --- Tests ----------------------------------------------------------------------------------------

describe("RegisterAssembly", () => {
  const history = scheduled().history;

  it("registers another assembly with its roster for an admin of any assembly (admins are the installation's)", () => {
    const command = registerKs();
    assert.equal(command.type, "RegisterAssembly");
    given(history).when(command, ADMIN).then([{ type: "AssemblyRegistered", data: command.type === "RegisterAssembly" ? command.data : register.data }]);
    const ks = assemblyIn(given(history).when(command, ADMIN).thenState(), KS);
    assert.equal(ks.seatCount, 3);
    assert.deepEqual(ks.presidium, { chairMemberId: "ks-1", viceChairMemberIds: [] });
    assert.deepEqual(ks.rosters.map((r) => [r.version, r.effectiveFrom]), [[1, null]]);
  });

  it("FORBIDDEN: a clerk, the chair, a member, an observer or a stranger creates no assembly", () => {
    for (const actor of [CLERK, CHAIR, member(5), OBSERVER, "stranger@exempelstad.se"]) {
      given(history).when(registerKs(), actor).thenRefused("FORBIDDEN", /Only an admin creates an assembly/);
    }
  });

  it("registers an assembly with an empty roster; its meetings follow the roster imported later, and open once it is there", () => {
    const bunUsers: UserRecord[] = [
      { userId: ADMIN, displayName: "IT-förvaltningen (admin)", memberId: null, roles: ["ADMIN"] },
      { userId: "ordforande@exempelstad.se", displayName: "Ordföranden", memberId: null, roles: ["CHAIR"] },
    ];
    const empty = registerKs({ assemblyId: "bun", name: "Barn- och utbildningsnämnden", members: [], users: bunUsers });
    const bunPlan: MeetingPlan = { ...plan("bun-2027-01-20", "2027-01-20T16:00:00.000Z"), assemblyId: "bun" };
    const script = new Script(history).run(empty, ADMIN).run(scheduleMeeting(bunPlan), ADMIN);
    const before = meetingIn(script.state, "bun-2027-01-20");
    assert.equal(before.rosterVersion, 1);
    assert.deepEqual(before.attendance.seats, []);
    given(script.history)
      .when(openMeeting("bun-2027-01-20"), "ordforande@exempelstad.se")
      .thenRefused("CONFLICT", /The assembly has no roster for the meeting's date: import the roster first/);

    script.run({ type: "ChangeRoster", data: { assemblyId: "bun", effectiveFrom: "2027-01-01", reason: "Mandatperiodens första import.", seatCount: 3, members: KS_MEMBERS, users: KS_USERS } }, ADMIN);
    const after = meetingIn(script.state, "bun-2027-01-20");
    assert.equal(after.rosterVersion, 2);
    assert.deepEqual(after.attendance.seats.map((s) => s.holderId), ["ks-1", "ks-2", "ks-3"]);
    given(script.history).when(openMeeting("bun-2027-01-20"), "ordforande@exempelstad.se").then([{ type: "MeetingOpened", data: { meetingId: "bun-2027-01-20" } }]);
  });

  it("BAD_INPUT: an empty roster whose sign-ins name members (they would be members of nothing)", () => {
    given(history)
      .when(registerKs({ members: [] }), ADMIN)
      .thenRefused("BAD_INPUT", /The sign-in anna\.berg@exempelstad\.se names no member of the roster/);
  });

  it("BAD_INPUT: an assembly id that is not lower-case letters, digits and hyphens; an unknown time zone; a blank name", () => {
    for (const assemblyId of ["KS", "ks!", "-ks", "", "k".repeat(41)]) {
      given(history).when(registerKs({ assemblyId }), ADMIN).thenRefused("BAD_INPUT", /An assembly id is 1-40 characters/);
    }
    given(history)
      .when(registerKs({ settings: { ...SETTINGS, timeZone: "Europe/Stokholm" } }), ADMIN)
      .thenRefused("BAD_INPUT", /"Europe\/Stokholm" is not a time zone/);
    given(history).when(registerKs({ name: "  " }), ADMIN).thenRefused("BAD_INPUT", /The assembly's name is missing/);
  });

  it("CONFLICT: an id already registered", () => {
    given(history).when(registerKs({ assemblyId: KF }), ADMIN).thenRefused("CONFLICT", /Assembly kf is already registered/);
  });

  it("refuses a presidium naming someone who is not an ordinary member of the roster given", () => {
    given(history)
      .when(registerKs({ presidium: { chairMemberId: "ks-9", viceChairMemberIds: [] } }), ADMIN)
      .thenRefused("NOT_FOUND", /Member ks-9 of Exempelstads kommunstyrelse/);
    given(history)
      .when(registerKs({ presidium: { chairMemberId: "ks-1", viceChairMemberIds: ["ks-sub-S-1"] } }), ADMIN)
      .thenRefused("BAD_INPUT", /Per Ek is a substitute: the chair and vice chairs are members/);
  });
});

describe("ChangeAssembly", () => {
  const history = scheduled().history;
  const settings: AssemblySettings = { noReturnAfterLeaving: false, answerChangeWhileOpen: false, quorum: "AT_LEAST_HALF", defaultMajority: "TWO_THIRDS_OF_PRESENT", timeZone: "Europe/Helsinki" };

  it("records an admin's new name (trimmed) and settings, and the assembly has them", () => {
    const command = changeAssembly(settings, "  Kommunfullmäktige i Exempelstad ");
    given(history).when(command, ADMIN).then([{ type: "AssemblyChanged", data: { assemblyId: KF, name: "Kommunfullmäktige i Exempelstad", settings } }]);
    const assembly = assemblyIn(given(history).when(command, ADMIN).thenState());
    assert.equal(assembly.name, "Kommunfullmäktige i Exempelstad");
    assert.deepEqual(assembly.settings, settings);
  });

  it("FORBIDDEN: only an admin (not a clerk, the chair or an observer)", () => {
    for (const actor of [CLERK, CHAIR, OBSERVER]) {
      given(history).when(changeAssembly(settings), actor).thenRefused("FORBIDDEN", /Only an admin changes an assembly's settings/);
    }
  });

  it("BAD_INPUT: a blank name, an unknown quorum rule, default majority or time zone, a setting that is not on or off", () => {
    given(history).when(changeAssembly(settings, " "), ADMIN).thenRefused("BAD_INPUT", /The assembly's name is missing/);
    given(history)
      .when(changeAssembly({ ...settings, quorum: "TWO_THIRDS" as AssemblySettings["quorum"] }), ADMIN)
      .thenRefused("BAD_INPUT", /"TWO_THIRDS" is not a quorum rule: MORE_THAN_HALF, AT_LEAST_HALF, NONE/);
    given(history)
      .when(changeAssembly({ ...settings, defaultMajority: "UNANIMOUS" as AssemblySettings["defaultMajority"] }), ADMIN)
      .thenRefused("BAD_INPUT", /"UNANIMOUS" is not a majority: SIMPLE, TWO_THIRDS_OF_PRESENT/);
    given(history).when(changeAssembly({ ...settings, timeZone: "CET+1" }), ADMIN).thenRefused("BAD_INPUT", /"CET\+1" is not a time zone/);
    given(history)
      .when(changeAssembly({ ...settings, noReturnAfterLeaving: "yes" as unknown as boolean }), ADMIN)
      .thenRefused("BAD_INPUT", /each on or off/);
  });

  it("NOT_FOUND: an unknown assembly", () => {
    given(history).when({ type: "ChangeAssembly", data: { assemblyId: "xx", name: "X", settings } }, ADMIN).thenRefused("NOT_FOUND", /Assembly xx/);
  });

  it("CONFLICT while a meeting of the assembly is open, naming it; allowed again once it is closed", () => {
    const open = scheduled().run(openMeeting(), CHAIR);
    given(open.history)
      .when(changeAssembly(settings), ADMIN)
      .thenRefused("CONFLICT", new RegExp(`"${MEETING_TITLE}" is open: procedure settings change between meetings`));
    const closed = open.run(closeMeeting(), CHAIR, at(60));
    given(closed.history).when(changeAssembly(settings), ADMIN).then([{ type: "AssemblyChanged", data: { assemblyId: KF, name: KF_NAME, settings } }]);
  });

  it("the quorum rule decides: 3 of 45 seats served is not quorate by default, but is where the assembly has no quorum rule", () => {
    const fewPresent = (script: Script): Script => {
      script.run(openMeeting(), CHAIR);
      for (const seat of [1, 2, 3]) script.run(attend(member(seat)), CLERK);
      return script.run(setCurrent(ITEM2), CHAIR);
    };
    given(fewPresent(scheduled()).history).when(openVote("vote-1"), CHAIR).thenRefused("CONFLICT", /not quorate: 3 seats are served, 23 are needed/);
    const noQuorum = fewPresent(scheduled().run(changeAssembly({ ...SETTINGS, quorum: "NONE" }), ADMIN));
    const vote = voteIn(given(noQuorum.history).when(openVote("vote-1"), CHAIR).thenState(), "vote-1");
    assert.equal(vote.present, 3);
    assert.deepEqual(vote.eligible, [member(2), member(3), CHAIR]);
  });
});

describe("ChangeRoster", () => {
  const history = scheduled().history;

  it("records a clerk's whole new roster as version 2 from its date, the reason trimmed and sign-ins without roles", () => {
    const command = changeRoster("2026-12-15", V2_MEMBERS, V2_USERS, `  ${REASON}\n`);
    given(history).when(command, CLERK).then([rosterChanged(2, "2026-12-15")]);
  });

  it("is an admin's or a clerk's: FORBIDDEN to the chair, a member and an observer", () => {
    given(history).when(changeRoster("2026-12-15"), ADMIN).then([rosterChanged(2, "2026-12-15")]);
    for (const actor of [CHAIR, member(12), OBSERVER]) {
      given(history).when(changeRoster("2026-12-15"), actor).thenRefused("FORBIDDEN", /Only an admin or a clerk changes the roster/);
    }
  });

  it("numbers each version on (2, 3, ...) and keeps every version with its date, reason and who recorded it", () => {
    const back = V1_MEMBERS;
    const script = scheduled()
      .run(changeRoster("2026-12-15"), CLERK, "2026-12-15T08:00:00.000Z")
      .run(changeRoster("2027-03-01", back, V1_MEMBER_USERS, "Mikael Pettersson återkommer efter sin ledighet."), ADMIN, "2027-02-01T08:00:00.000Z");
    const versions = assemblyIn(script.state).rosters.map((r) => ({ version: r.version, effectiveFrom: r.effectiveFrom, reason: r.reason, recordedBy: r.recordedBy, recordedAt: r.recordedAt }));
    assert.deepEqual(versions, [
      { version: 1, effectiveFrom: null, reason: null, recordedBy: "system", recordedAt: AT },
      { version: 2, effectiveFrom: "2026-12-15", reason: REASON, recordedBy: CLERK, recordedAt: "2026-12-15T08:00:00.000Z" },
      { version: 3, effectiveFrom: "2027-03-01", reason: "Mikael Pettersson återkommer efter sin ledighet.", recordedBy: ADMIN, recordedAt: "2027-02-01T08:00:00.000Z" },
    ]);
    given(script.history).when(changeRoster("2027-04-01"), CLERK).then([rosterChanged(4, "2027-04-01")]);
  });

  it("CONFLICT for a change dated before a later version already recorded: a whole roster would not reach it", () => {
    const script = scheduled().run(changeRoster("2027-03-01"), CLERK);
    given(script.history)
      .when(changeRoster("2027-02-01"), CLERK)
      .thenRefused("CONFLICT", /A roster from 2027-03-01 \(version 2\) is already recorded, and a change from 2027-02-01 would not reach it/);
    // The same day as the latest, or after it, builds on it.
    given(script.history).when(changeRoster("2027-03-01"), CLERK).then([rosterChanged(3, "2027-03-01")]);
  });

  it("BAD_INPUT: an effective date that is not a real date written YYYY-MM-DD (a leap day only in a leap year)", () => {
    for (const date of ["2027-02-29", "2026-13-01", "2026-12-32", "2027-1-5", "15/12/2026", "2026-12-15T00:00:00Z", ""]) {
      given(history).when(changeRoster(date), CLERK).thenRefused("BAD_INPUT", /must be a date written YYYY-MM-DD/);
    }
    given(history).when(changeRoster("2028-02-29"), CLERK).then([rosterChanged(2, "2028-02-29")]);
  });

  it("BAD_INPUT: no reason", () => {
    given(history).when(changeRoster("2026-12-15", V2_MEMBERS, V2_USERS, " \n "), CLERK).thenRefused("BAD_INPUT", /Say why the roster changes/);
  });

  it("BAD_INPUT: a roster without members", () => {
    given(history).when(changeRoster("2026-12-15", [], []), CLERK).thenRefused("BAD_INPUT", /A roster needs its members/);
  });

  it("BAD_INPUT: a seat left without an ordinary member (member-12 gone, nobody moved up)", () => {
    const members = V1_MEMBERS.filter((m) => m.id !== RESIGNED);
    given(history).when(changeRoster("2026-12-15", members, V2_USERS), CLERK).thenRefused("BAD_INPUT", /Seat 12 has no ordinary member: every seat 1-45 needs one/);
  });

  it("BAD_INPUT: two ordinary members in one seat, a seat beyond the seat count", () => {
    const twice = v2With(member(11), (m) => ({ ...m, seat: 12 }));
    given(history).when(changeRoster("2026-12-15", twice), CLERK).thenRefused("BAD_INPUT", new RegExp(`Seat 12 is held by both ${nameOf(member(11))} and ${nameOf(MOVED_UP)}`));
    const beyond = v2With(member(45), (m) => ({ ...m, seat: 46 }));
    given(history).when(changeRoster("2026-12-15", beyond), CLERK).thenRefused("BAD_INPUT", /an ordinary member holds a seat from 1 to 45/);
  });

  it("BAD_INPUT: two substitutes of a party with the same rank (the same rank in two parties is fine)", () => {
    const sameRank = v2With("sub-S-3", (m) => ({ ...m, substituteRank: 1 }));
    given(history).when(changeRoster("2026-12-15", sameRank), CLERK).thenRefused("BAD_INPUT", /Two substitutes of S have rank 1/);
    assert.ok(V2_MEMBERS.some((m) => m.id === "sub-M-1" && m.substituteRank === 1) && V2_MEMBERS.some((m) => m.id === "sub-S-2" && m.substituteRank === 1));
  });

  it("BAD_INPUT: a substitute without a rank, and one of a party that holds no seat", () => {
    const unranked = v2With("sub-S-2", (m) => ({ ...m, substituteRank: null }));
    given(history).when(changeRoster("2026-12-15", unranked), CLERK).thenRefused("BAD_INPUT", /a substitute has a rank, 1 or more/);
    const noSeats: MemberRecord = { id: "sub-FI-1", name: "Gudrun Schyman", party: "FI", kind: "SUBSTITUTE", seat: null, substituteRank: 1 };
    given(history).when(changeRoster("2026-12-15", [...V2_MEMBERS, noSeats]), CLERK).thenRefused("BAD_INPUT", /Gudrun Schyman: FI holds no seat to substitute in/);
  });

  it("BAD_INPUT: a member id used twice", () => {
    const twice: MemberRecord = { id: member(13), name: "Någon Annan", party: "M", kind: "SUBSTITUTE", seat: null, substituteRank: 9 };
    given(history).when(changeRoster("2026-12-15", [...V2_MEMBERS, twice]), CLERK).thenRefused("BAD_INPUT", /The member id member-13 is used twice/);
  });

  it("BAD_INPUT: a sign-in naming no member of the new roster, one given to two members, a member with two sign-ins", () => {
    given(history).when(changeRoster("2026-12-15", V2_MEMBERS, V1_MEMBER_USERS), CLERK).thenRefused("BAD_INPUT", /The sign-in member-12 names no member of the roster/);
    const sharedSignIn = [...V2_USERS, { userId: member(2), displayName: "X", memberId: member(3), roles: [] }];
    given(history).when(changeRoster("2026-12-15", V2_MEMBERS, sharedSignIn), CLERK).thenRefused("BAD_INPUT", /The sign-in member-2 is given to two members/);
    const twoSignIns = [...V2_USERS, { userId: "mikael@exempelstad.se", displayName: "X", memberId: member(2), roles: [] }];
    given(history).when(changeRoster("2026-12-15", V2_MEMBERS, twoSignIns), CLERK).thenRefused("BAD_INPUT", /A member has two sign-ins \(mikael@exempelstad\.se\)/);
  });

  it("CONFLICT: a closed meeting was held on or after the date, naming it and the first day a change may take effect", () => {
    const closed = held().history;
    for (const date of ["2026-12-14", "2026-12-01"]) {
      given(closed)
        .when(changeRoster(date), CLERK)
        .thenRefused("CONFLICT", new RegExp(`"${MEETING_TITLE}" \\(2026-12-14\\) has been held with the roster then: a change takes effect after 2026-12-14`));
    }
    given(closed).when(changeRoster("2026-12-15"), CLERK).then([rosterChanged(2, "2026-12-15")]);
  });

  it("a meeting only scheduled on or after the date does not stand in the way (it follows the change)", () => {
    given(history).when(changeRoster("2026-12-14"), CLERK).then([rosterChanged(2, "2026-12-14")]);
    given(history).when(changeRoster("2026-01-01"), CLERK).then([rosterChanged(2, "2026-01-01")]);
  });

  it("NOT_FOUND: an unknown assembly", () => {
    given(history)
      .when({ type: "ChangeRoster", data: { assemblyId: "xx", effectiveFrom: "2026-12-15", reason: REASON, seatCount: 45, members: V2_MEMBERS, users: V2_USERS } }, ADMIN)
      .thenRefused("NOT_FOUND", /Assembly xx/);
  });
});

describe("GrantRole", () => {
  const history = scheduled().history;
  const roleGranted = (userId: string, role: UserRecord["roles"][number], displayName = "Anna Berg"): CouncilEvent => ({
    type: "RoleGranted",
    data: { assemblyId: KF, userId, displayName, role },
  });

  it("records an admin's grant to a Teams sign-in name, lower-cased, the name trimmed; the new clerk may schedule a meeting", () => {
    given(history).when(grant("Anna.Berg@Exempelstad.se", "CLERK", "  Anna Berg "), ADMIN).then([roleGranted("anna.berg@exempelstad.se", "CLERK")]);
    const script = scheduled().run(grant("Anna.Berg@Exempelstad.se", "CLERK"), ADMIN);
    assert.deepEqual(rolesOf(script.state, KF, "anna.berg@exempelstad.se"), ["CLERK"]);
    assert.deepEqual(script.state.users.get("anna.berg@exempelstad.se"), { userId: "anna.berg@exempelstad.se", displayName: "Anna Berg", memberId: null });
    given(script.history)
      .when(scheduleMeeting(plan(LATER, LATER_AT)), "anna.berg@exempelstad.se")
      .then([{ type: "MeetingScheduled", data: plan(LATER, LATER_AT) }]);
  });

  it("takes an Entra object id, lower-cased, and grants ADMIN and OBSERVER too", () => {
    given(history).when(grant("0F3C2A1B-9D8E-4C7B-A6F5-1234567890AB", "ADMIN"), ADMIN).then([roleGranted("0f3c2a1b-9d8e-4c7b-a6f5-1234567890ab", "ADMIN")]);
    given(history).when(grant("pressen@exempelstad.se", "OBSERVER"), ADMIN).then([roleGranted("pressen@exempelstad.se", "OBSERVER")]);
  });

  it("BAD_INPUT: a sign-in that is neither a UPN nor an Entra object id", () => {
    for (const userId of ["anna", "clerk-3", "anna@localhost", "anna berg@exempelstad.se", "@exempelstad.se", "0f3c2a1b-9d8e-4c7b-a6f5-12345678", ""]) {
      given(history).when(grant(userId, "CLERK"), ADMIN).thenRefused("BAD_INPUT", /Teams sign-in name \(name@kommun\.se\) or Entra object id/);
    }
  });

  it("BAD_INPUT: MEMBER follows from the roster and CHAIR from the presidium, and the refusal says so", () => {
    given(history).when(grant("anna.berg@exempelstad.se", "MEMBER"), ADMIN).thenRefused("BAD_INPUT", /MEMBER follows from the roster: import or change the roster instead/);
    given(history).when(grant("anna.berg@exempelstad.se", "CHAIR"), ADMIN).thenRefused("BAD_INPUT", /CHAIR follows from the presidium: set the chair and vice chairs instead/);
  });

  it("appends nothing for a role already held, however the sign-in is written", () => {
    const history2 = scheduled().run(grant("anna.berg@exempelstad.se", "CLERK"), ADMIN).history;
    given(history2).when(grant("ANNA.BERG@exempelstad.se", "CLERK"), ADMIN).then([]);
    given(history2).when(grant("anna.berg@exempelstad.se", "OBSERVER"), ADMIN).then([roleGranted("anna.berg@exempelstad.se", "OBSERVER")]);
  });

  it("FORBIDDEN: a clerk, the chair or an observer grants nothing; BAD_INPUT: a blank name", () => {
    for (const actor of [CLERK, CHAIR, OBSERVER]) given(history).when(grant("anna.berg@exempelstad.se", "CLERK"), actor).thenRefused("FORBIDDEN", /Only an admin grants roles/);
    given(history).when(grant("anna.berg@exempelstad.se", "CLERK", "   "), ADMIN).thenRefused("BAD_INPUT", /The person's name is missing/);
  });
});

describe("RevokeRole", () => {
  const history = scheduled().history;

  it("records an admin taking a clerk's role away; the former clerk may no longer schedule", () => {
    given(history).when(revoke(CLERK, "CLERK"), ADMIN).then([{ type: "RoleRevoked", data: { assemblyId: KF, userId: CLERK, role: "CLERK" } }]);
    const script = scheduled().run(revoke(CLERK, "CLERK"), ADMIN);
    assert.deepEqual(rolesOf(script.state, KF, CLERK), []);
    given(script.history).when(scheduleMeeting(plan(LATER, LATER_AT)), CLERK).thenRefused("FORBIDDEN", /Only a clerk or an admin schedules a meeting/);
  });

  it("finds a granted sign-in however it is written (grants store it in lower case)", () => {
    const granted = scheduled().run(grant("Anna.Berg@Exempelstad.se", "CLERK"), ADMIN).history;
    given(granted)
      .when(revoke("Anna.Berg@Exempelstad.se", "CLERK"), ADMIN)
      .then([{ type: "RoleRevoked", data: { assemblyId: KF, userId: "anna.berg@exempelstad.se", role: "CLERK" } }]);
  });

  it("NOT_FOUND: a role the person does not hold", () => {
    given(history).when(revoke(CLERK, "ADMIN"), ADMIN).thenRefused("NOT_FOUND", /A ADMIN role for clerk-1 in Exempelstads kommunfullmäktige/);
    given(history).when(revoke("nobody@exempelstad.se", "CLERK"), ADMIN).thenRefused("NOT_FOUND", /A CLERK role for nobody@exempelstad\.se/);
  });

  it("CONFLICT: the assembly's last admin; allowed once someone else is an admin", () => {
    given(history).when(revoke(ADMIN, "ADMIN"), ADMIN).thenRefused("CONFLICT", /This is the assembly's last admin: grant the role to someone else first/);
    const two = scheduled().run(grant("it-chef@exempelstad.se", "ADMIN"), ADMIN).history;
    given(two).when(revoke(ADMIN, "ADMIN"), ADMIN).then([{ type: "RoleRevoked", data: { assemblyId: KF, userId: ADMIN, role: "ADMIN" } }]);
  });

  it("BAD_INPUT for MEMBER and CHAIR; FORBIDDEN to anyone but an admin", () => {
    given(history).when(revoke(member(5), "MEMBER"), ADMIN).thenRefused("BAD_INPUT", /MEMBER follows from the roster/);
    given(history).when(revoke(CHAIR, "CHAIR"), ADMIN).thenRefused("BAD_INPUT", /CHAIR follows from the presidium/);
    for (const actor of [CLERK, CHAIR]) given(history).when(revoke("clerk-2", "CLERK"), actor).thenRefused("FORBIDDEN", /Only an admin takes roles away/);
  });
});

describe("SetPresidium", () => {
  const history = scheduled().history;

  it("records an admin's chair and vice chairs; the new chair opens the next meeting and the old one may not", () => {
    given(history)
      .when(setPresidium(VICE, [CHAIR, member(23)]), ADMIN)
      .then([{ type: "PresidiumSet", data: { assemblyId: KF, chairMemberId: VICE, viceChairMemberIds: [CHAIR, member(23)] } }]);
    const script = scheduled().run(setPresidium(VICE, [CHAIR]), ADMIN);
    assert.ok(rolesOf(script.state, KF, VICE).includes("CHAIR"));
    assert.ok(!rolesOf(script.state, KF, CHAIR).includes("CHAIR"));
    given(script.history).when(openMeeting(), CHAIR).thenRefused("FORBIDDEN", /Only the chair opens the meeting/);
    given(script.history).when(openMeeting(), VICE).then([{ type: "MeetingOpened", data: { meetingId: MEETING } }]);
  });

  it("NOT_FOUND: someone not on the roster; BAD_INPUT: a substitute, the same member twice, more than 5 vice chairs", () => {
    given(history).when(setPresidium("member-99"), ADMIN).thenRefused("NOT_FOUND", /Member member-99 of Exempelstads kommunfullmäktige/);
    given(history).when(setPresidium(CHAIR, ["sub-M-1"]), ADMIN).thenRefused("BAD_INPUT", new RegExp(`${nameOf("sub-M-1")} is a substitute: the chair and vice chairs are members`));
    given(history).when(setPresidium(CHAIR, [VICE, CHAIR]), ADMIN).thenRefused("BAD_INPUT", /The chair and each vice chair are different members/);
    given(history).when(setPresidium(CHAIR, [2, 3, 4, 5, 6, 7].map(member)), ADMIN).thenRefused("BAD_INPUT", /At most 5 vice chairs/);
  });

  it("names members of the latest roster: not one who leaves in it, but the substitute who becomes a member", () => {
    const changed = scheduled().run(changeRoster("2027-01-01"), CLERK).history;
    given(changed).when(setPresidium(CHAIR, [RESIGNED]), ADMIN).thenRefused("NOT_FOUND", /Member member-12 of/);
    given(changed).when(setPresidium(CHAIR, [MOVED_UP]), ADMIN).then([{ type: "PresidiumSet", data: { assemblyId: KF, chairMemberId: CHAIR, viceChairMemberIds: [MOVED_UP] } }]);
  });

  it("FORBIDDEN to a clerk or the chair", () => {
    for (const actor of [CLERK, CHAIR]) given(history).when(setPresidium(VICE), actor).thenRefused("FORBIDDEN", /Only an admin sets who chairs the assembly/);
  });

  it("leaves an open meeting with the chair it opened with", () => {
    const script = opened().run(setPresidium(VICE, [CHAIR]), ADMIN);
    assert.equal(meetingIn(script.state, MEETING).presidingMemberId, CHAIR);
    given(script.history).when(openVote("vote-1"), VICE).thenRefused("FORBIDDEN", /Only the chair opens a vote/);
    assert.equal(voteIn(given(script.history).when(openVote("vote-1"), CHAIR).thenState(), "vote-1").chairMemberId, CHAIR);
  });
});

describe("TakeChair", () => {
  /** The meeting open with every seat present, member-13 vice chair, item 2 current. */
  const onItem2 = (): Script => opened(scheduled().run(setPresidium(CHAIR, [VICE]), ADMIN));
  const history = onItem2().history;

  it("records a clerk noting that the vice chair takes the chair, with who presided from when", () => {
    given(history).when(takeChair(VICE), CLERK).then([{ type: "ChairTaken", data: { meetingId: MEETING, memberId: VICE } }]);
    const state = given(history).when(takeChair(VICE), CLERK, at(30)).thenState();
    const meeting = meetingIn(state, MEETING);
    assert.equal(meeting.presidingMemberId, VICE);
    assert.deepEqual(meeting.presiding, [
      { memberId: CHAIR, at: AT, recordedBy: CHAIR },
      { memberId: VICE, at: at(30), recordedBy: CLERK },
    ]);
  });

  it("gives the chair's powers for the meeting to the one presiding: the old chair is FORBIDDEN to set the item or open a vote, the vice chair may", () => {
    const script = onItem2().run(takeChair(VICE), CHAIR);
    given(script.history).when(setCurrent(ITEM3), CHAIR).thenRefused("FORBIDDEN", /Only the chair moves between agenda items/);
    given(script.history).when(openVote("vote-1"), CHAIR).thenRefused("FORBIDDEN", /Only the chair opens a vote/);
    given(script.history).when(setCurrent(ITEM3), VICE).then([{ type: "CurrentItemSet", data: { meetingId: MEETING, itemId: ITEM3 } }]);
    // The chair's role is the meeting's: in the assembly member-1 is still its chair.
    assert.ok(rolesOf(script.state, KF, CHAIR).includes("CHAIR"));
  });

  it("calls the presiding member last and gives them the casting vote", () => {
    const script = onItem2().run(takeChair(VICE), CLERK);
    const callOrder = [...ALL_SEATS.filter((s) => s !== 13), 13];
    given(script.history)
      .when(openVote("vote-1"), VICE)
      .then([
        {
          type: "VoteOpened",
          data: {
            meetingId: MEETING,
            voteId: "vote-1",
            itemId: ITEM2,
            round: 1,
            method: "ELECTRONIC",
            question: "Ja för bifall, nej för avslag",
            yesProposalId: `${ITEM2}-a`,
            noProposalId: `${ITEM2}-b`,
            majority: "SIMPLE",
            eligible: callOrder.map(member),
            seats: callOrder,
            present: 45,
            chairMemberId: VICE,
          },
        },
      ]);
    const tie = voted(script, "vote-1", [
      [VICE, "YES"],
      [member(2), "YES"],
      [CHAIR, "NO"],
      [member(3), "NO"],
    ], MEETING, AT, VICE);
    assert.deepEqual(voteIn(tie.state, "vote-1").result, { outcome: "YES", decidedBy: "CASTING_VOTE", yes: 2, no: 2, abstain: 0, absent: 41 });
  });

  it("the chair takes it back from the vice chair, who now presides", () => {
    const script = onItem2().run(takeChair(VICE), CLERK);
    given(script.history).when(takeChair(CHAIR), VICE).then([{ type: "ChairTaken", data: { meetingId: MEETING, memberId: CHAIR } }]);
  });

  it("CONFLICT while a vote is open, on a closed meeting, and for the member already presiding", () => {
    const voting = onItem2().run(openVote("vote-1"), CHAIR);
    given(voting.history).when(takeChair(VICE), CLERK).thenRefused("CONFLICT", /A vote is open: the chair changes between votes/);
    const closed = onItem2().run(closeMeeting(), CHAIR);
    given(closed.history).when(takeChair(VICE), CLERK).thenRefused("CONFLICT", /The meeting is closed/);
    given(history).when(takeChair(CHAIR), CLERK).thenRefused("CONFLICT", new RegExp(`${nameOf(CHAIR)} already presides`));
  });

  it("FORBIDDEN to a member not presiding (the vice chair too) and an observer; NOT_FOUND: no such member", () => {
    for (const actor of [VICE, member(5), OBSERVER]) {
      given(history).when(takeChair(VICE), actor).thenRefused("FORBIDDEN", /Only the chair, a clerk or an admin records who takes the chair/);
    }
    given(history).when(takeChair("member-99"), ADMIN).thenRefused("NOT_FOUND", /Member member-99/);
  });

  it("BAD_INPUT for a substitute (a member chairs, KL 5:11); CONFLICT for a member with jäv on the current item", () => {
    given(history).when(takeChair("sub-S-1"), CLERK).thenRefused("BAD_INPUT", /is a substitute: the meeting is chaired by a member/);
    const recused = onItem2().run({ type: "DeclareRecusal", data: { itemId: ITEM2, memberId: VICE } }, CLERK);
    given(recused.history).when(takeChair(VICE), CLERK).thenRefused("CONFLICT", /has jäv on §2 and cannot chair it/);
  });

  it("before the meeting opens it names who will preside: they open it, and the opening records them", () => {
    const script = scheduled().run(takeChair(VICE), CLERK, at(-60));
    given(script.history).when(openMeeting(), CHAIR).thenRefused("FORBIDDEN", /Only the chair opens the meeting/);
    const meeting = meetingIn(given(script.history).when(openMeeting(), VICE).thenState(), MEETING);
    assert.equal(meeting.presidingMemberId, VICE);
    assert.deepEqual(meeting.presiding, [{ memberId: VICE, at: AT, recordedBy: VICE }]);
  });
});

describe("ScheduleMeeting", () => {
  const history = scheduled().history;
  const later = plan(LATER, LATER_AT);

  it("records a clerk's meeting (title trimmed); it is scheduled with the roster of its date and empty seats", () => {
    given(history).when(scheduleMeeting({ ...later, title: `  ${later.title} ` }), CLERK).then([{ type: "MeetingScheduled", data: later }]);
    const meeting = meetingIn(given(history).when(scheduleMeeting(later), ADMIN).thenState(), LATER);
    assert.equal(meeting.status, "SCHEDULED");
    assert.equal(meeting.rosterVersion, 1);
    assert.equal(meeting.attendance.seats.length, 45);
    assert.ok(meeting.attendance.seats.every((s) => !s.holderPresent && s.substituteId === null));
    assert.deepEqual(numbersOf(given(history).when(scheduleMeeting(later), ADMIN).thenState(), LATER), [[`${LATER}-1`, 1], [`${LATER}-2`, 2], [`${LATER}-3`, 3]]);
  });

  it("FORBIDDEN to the chair, a member and an observer", () => {
    for (const actor of [CHAIR, member(5), OBSERVER]) given(history).when(scheduleMeeting(later), actor).thenRefused("FORBIDDEN", /Only a clerk or an admin schedules a meeting/);
  });

  it("BAD_INPUT: a blank title, a time that is not ISO-8601", () => {
    given(history).when(scheduleMeeting({ ...later, title: " " }), CLERK).thenRefused("BAD_INPUT", /A meeting needs a title/);
    for (const scheduledAt of ["25 januari 2027 18:00", "2027-01-25", "2027-13-25T17:00:00.000Z", ""]) {
      given(history).when(scheduleMeeting({ ...later, scheduledAt }), CLERK).thenRefused("BAD_INPUT", /must be a time \(ISO-8601/);
    }
  });

  it("BAD_INPUT: a number on the agenda twice, an item id twice, an item without a title", () => {
    const [first, second, third] = later.agenda as [AgendaItemRecord, AgendaItemRecord, AgendaItemRecord];
    given(history).when(scheduleMeeting({ ...later, agenda: [first, { ...second, number: 1 }, third] }), CLERK).thenRefused("BAD_INPUT", /§1 is on the agenda twice/);
    given(history).when(scheduleMeeting({ ...later, agenda: [first, { ...second, id: first.id }] }), CLERK).thenRefused("BAD_INPUT", new RegExp(`The item id ${first.id} is used twice`));
    given(history).when(scheduleMeeting({ ...later, agenda: [{ ...first, title: " " }] }), CLERK).thenRefused("BAD_INPUT", /Item 1 needs a title/);
  });

  it("CONFLICT: an item id another meeting uses (ids are the installation's), a meeting id that exists", () => {
    given(history)
      .when(scheduleMeeting({ ...later, agenda: [{ ...agendaItem(LATER, 1), id: ITEM1 }] }), CLERK)
      .thenRefused("CONFLICT", new RegExp(`The item id ${ITEM1} is already used`));
    given(history).when(scheduleMeeting({ ...later, meetingId: MEETING }), CLERK).thenRefused("CONFLICT", new RegExp(`Meeting ${MEETING} already exists`));
  });

  it("BAD_INPUT: a document link that is not http(s); http and https links are taken", () => {
    const withLink = (url: string): MeetingPlan => ({ ...later, agenda: [{ ...agendaItem(LATER, 1), documentUrls: [url] }] });
    for (const url of ["javascript:alert(1)", "file:///C:/handlingar/budget.pdf", "ftp://exempelstad.se/budget.pdf", "budget.pdf", "https://exempelstad.se/a b.pdf"]) {
      given(history).when(scheduleMeeting(withLink(url)), CLERK).thenRefused("BAD_INPUT", /is not a web link \(http or https\)/);
    }
    for (const url of ["http://intranat.exempelstad.se/budget.pdf", "https://www.exempelstad.se/budget.pdf"]) {
      given(history).when(scheduleMeeting(withLink(url)), CLERK).then([{ type: "MeetingScheduled", data: withLink(url) }]);
    }
  });

  it("NOT_FOUND: an unknown assembly", () => {
    given(history).when(scheduleMeeting({ ...later, assemblyId: "xx" }), CLERK).thenRefused("NOT_FOUND", /Assembly xx/);
  });
});

describe("RescheduleMeeting", () => {
  const history = scheduled().history;
  const reschedule = (title: string, scheduledAt: string): CouncilCommand => ({ type: "RescheduleMeeting", data: { meetingId: MEETING, title, scheduledAt } });

  it("records a clerk moving a scheduled meeting (title trimmed); the same title and time append nothing", () => {
    given(history)
      .when(reschedule(" Kommunfullmäktige 15 december 2026 ", "2026-12-15T17:00:00.000Z"), CLERK)
      .then([{ type: "MeetingRescheduled", data: { meetingId: MEETING, title: "Kommunfullmäktige 15 december 2026", scheduledAt: "2026-12-15T17:00:00.000Z" } }]);
    given(history).when(reschedule(MEETING_TITLE, AT), ADMIN).then([]);
  });

  it("CONFLICT once the meeting is open or closed; FORBIDDEN to the chair; BAD_INPUT: not a time", () => {
    const open = scheduled().run(openMeeting(), CHAIR);
    given(open.history).when(reschedule(MEETING_TITLE, "2026-12-15T17:00:00.000Z"), CLERK).thenRefused("CONFLICT", /The meeting is open: it can no longer be rescheduled/);
    const closed = open.run(closeMeeting(), CHAIR);
    given(closed.history).when(reschedule(MEETING_TITLE, "2026-12-15T17:00:00.000Z"), CLERK).thenRefused("CONFLICT", /The meeting is closed/);
    given(history).when(reschedule(MEETING_TITLE, "2026-12-15T17:00:00.000Z"), CHAIR).thenRefused("FORBIDDEN", /Only a clerk or an admin reschedules a meeting/);
    given(history).when(reschedule(MEETING_TITLE, "i morgon"), CLERK).thenRefused("BAD_INPUT", /must be a time/);
  });
});

describe("AddAgendaItem", () => {
  const extra = { ...agendaItem(MEETING, 99, "Fyllnadsval till valnämnden"), id: "extra-1" };
  const { number: _number, ...extraItem } = extra;
  const add = (beforeItemId: string | null, item = extraItem): CouncilCommand => ({ type: "AddAgendaItem", data: { meetingId: MEETING, item, beforeItemId } });
  const numbering = (ids: readonly string[], first = 1) => ids.map((itemId, i) => ({ itemId, number: first + i }));
  const demoIds = Array.from({ length: 10 }, (_, i) => itemOf(MEETING, i + 1));

  describe("before the meeting opens", () => {
    const history = scheduled().history;

    it("puts a clerk's item at the end as §11", () => {
      given(history).when(add(null), CLERK).then([{ type: "AgendaItemAdded", data: { meetingId: MEETING, item: { ...extraItem, number: 11 }, numbering: numbering([...demoIds, "extra-1"]) } }]);
      const item = meetingIn(given(history).when(add(null), CLERK).thenState(), MEETING).items.get("extra-1");
      assert.equal(item?.number, 11);
      assert.equal(item?.addedDuringMeeting, null);
    });

    it("puts it before a given item, which and every later item move down one", () => {
      const ids = [ITEM1, ITEM2, "extra-1", ...demoIds.slice(2)];
      given(history).when(add(ITEM3), ADMIN).then([{ type: "AgendaItemAdded", data: { meetingId: MEETING, item: { ...extraItem, number: 3 }, numbering: numbering(ids) } }]);
      assert.deepEqual(numbersOf(given(history).when(add(ITEM3), ADMIN).thenState(), MEETING), ids.map((id, i) => [id, i + 1]));
    });

    it("keeps the numbers consecutive from the agenda's first number", () => {
      const agenda = [5, 6, 9].map((n) => agendaItem(MEETING, n));
      const replaced = scheduled().run({ type: "ReplaceAgenda", data: { meetingId: MEETING, agenda } }, CLERK).history;
      const ids = [itemOf(MEETING, 5), "extra-1", itemOf(MEETING, 6), itemOf(MEETING, 9)];
      assert.deepEqual(numbersOf(given(replaced).when(add(itemOf(MEETING, 6)), CLERK).thenState(), MEETING), ids.map((id, i) => [id, 5 + i]));
    });

    it("NOT_FOUND: before an item not on the agenda; CONFLICT: an id in use; FORBIDDEN to the chair; BAD_INPUT: a bad link", () => {
      given(history).when(add("no-such-item"), CLERK).thenRefused("NOT_FOUND", /Agenda item no-such-item of this meeting/);
      given(history).when(add(null, { ...extraItem, id: ITEM4 }), CLERK).thenRefused("CONFLICT", new RegExp(`The item id ${ITEM4} is already used`));
      given(history).when(add(null), CHAIR).thenRefused("FORBIDDEN", /Only a clerk or an admin writes the agenda/);
      given(history).when(add(null, { ...extraItem, documentUrls: ["javascript:alert(1)"] }), CLERK).thenRefused("BAD_INPUT", /is not a web link/);
    });
  });

  describe("once the meeting is open", () => {
    /** §1 and §2 taken up, §2 current. */
    const onItem2 = (): Script => scheduled().run(openMeeting(), CHAIR).run(setCurrent(ITEM1), CHAIR).run(setCurrent(ITEM2), CHAIR);
    const history = onItem2().history;

    it("gives the chair's extra item the number of the item it goes before; earlier items keep theirs, later ones move down one", () => {
      const expected = [
        ...demoIds.slice(0, 4).map((itemId, i) => ({ itemId, number: i + 1 })),
        { itemId: "extra-1", number: 5 },
        ...demoIds.slice(4).map((itemId, i) => ({ itemId, number: i + 6 })),
      ];
      given(history).when(add(ITEM5), CHAIR).then([{ type: "AgendaItemAdded", data: { meetingId: MEETING, item: { ...extraItem, number: 5 }, numbering: expected } }]);
    });

    it("records on the item that it was added during the meeting, when and by whom", () => {
      const state = given(history).when(add(ITEM3), CLERK, at(45)).thenState();
      assert.deepEqual(meetingIn(state, MEETING).items.get("extra-1")?.addedDuringMeeting, { at: at(45), by: CLERK });
      assert.equal(meetingIn(state, MEETING).items.get(ITEM3)?.number, 4);
    });

    it("puts a clerk's extra item at the end as §11", () => {
      const state = given(history).when(add(null), CLERK).thenState();
      assert.equal(meetingIn(state, MEETING).items.get("extra-1")?.number, 11);
    });

    it("CONFLICT: never before an item already taken up (current, or the chair has been at it)", () => {
      given(history).when(add(ITEM2), CHAIR).thenRefused("CONFLICT", /§2 has been taken up: an extra item goes after it/);
      given(history).when(add(ITEM1), CHAIR).thenRefused("CONFLICT", /§1 has been taken up/);
      const jumped = onItem2().run(setCurrent(ITEM5), CHAIR).run(setCurrent(ITEM3), CHAIR).history;
      given(jumped).when(add(ITEM4), CHAIR).thenRefused("CONFLICT", /§5 has been taken up/);
    });

    it("FORBIDDEN to an admin, a member and an observer once open", () => {
      for (const actor of [ADMIN, member(5), OBSERVER]) {
        given(history).when(add(null), actor).thenRefused("FORBIDDEN", /Only the chair or a clerk adds an item to an open meeting/);
      }
    });

    it("CONFLICT on a closed meeting", () => {
      const closed = onItem2().run(closeMeeting(), CHAIR).history;
      given(closed).when(add(null), CLERK).thenRefused("CONFLICT", /The meeting is closed: its agenda is part of the record/);
    });
  });
});

describe("ChangeAgendaItem, RemoveAgendaItem, ReorderAgenda, ReplaceAgenda: only while scheduled", () => {
  const history = scheduled().history;
  const openHistory = scheduled().run(openMeeting(), CHAIR).history;
  const demoIds = Array.from({ length: 10 }, (_, i) => itemOf(MEETING, i + 1));
  const { number: _n, ...item4 } = { ...agendaItem(MEETING, 4, "  Motion om kollektivtrafik  "), caseNumber: "  ", description: " Ny beskrivning " };
  const changeItem = (item = item4): CouncilCommand => ({ type: "ChangeAgendaItem", data: { item } });
  const remove = (itemId: string): CouncilCommand => ({ type: "RemoveAgendaItem", data: { itemId } });
  const reorder = (itemIds: readonly string[]): CouncilCommand => ({ type: "ReorderAgenda", data: { meetingId: MEETING, itemIds } });
  const replace = (agenda: readonly AgendaItemRecord[]): CouncilCommand => ({ type: "ReplaceAgenda", data: { meetingId: MEETING, agenda } });

  it("ChangeAgendaItem: rewrites a scheduled item's fields (trimmed, a blank case number none) and keeps its number", () => {
    const expected = { ...item4, number: 4, title: "Motion om kollektivtrafik", caseNumber: null, description: "Ny beskrivning" };
    given(history).when(changeItem(), CLERK).then([{ type: "AgendaItemChanged", data: { meetingId: MEETING, item: expected } }]);
    const item = meetingIn(given(history).when(changeItem(), CLERK).thenState(), MEETING).items.get(ITEM4);
    assert.equal(item?.title, "Motion om kollektivtrafik");
    assert.equal(item?.number, 4);
  });

  it("ChangeAgendaItem: CONFLICT once open, NOT_FOUND for an unknown item, FORBIDDEN to the chair, BAD_INPUT for a bad link", () => {
    given(openHistory).when(changeItem(), CLERK).thenRefused("CONFLICT", /The meeting is open: its agenda can no longer be changed \(add a proposal or an extra item instead\)/);
    given(history).when(changeItem({ ...item4, id: "no-such-item" }), CLERK).thenRefused("NOT_FOUND", /Agenda item no-such-item/);
    given(history).when(changeItem(), CHAIR).thenRefused("FORBIDDEN", /Only a clerk or an admin writes the agenda/);
    given(history).when(changeItem({ ...item4, documentUrls: ["mailto:kansliet@exempelstad.se"] }), CLERK).thenRefused("BAD_INPUT", /is not a web link/);
  });

  it("RemoveAgendaItem: takes a scheduled item off and numbers the rest consecutively; CONFLICT once open", () => {
    const rest = demoIds.filter((id) => id !== ITEM4);
    given(history).when(remove(ITEM4), CLERK).then([{ type: "AgendaItemRemoved", data: { meetingId: MEETING, itemId: ITEM4, numbering: rest.map((itemId, i) => ({ itemId, number: i + 1 })) } }]);
    assert.deepEqual(numbersOf(given(history).when(remove(ITEM4), ADMIN).thenState(), MEETING), rest.map((id, i) => [id, i + 1]));
    given(openHistory).when(remove(ITEM4), CLERK).thenRefused("CONFLICT", /The meeting is open: its agenda can no longer be changed/);
  });

  it("ReorderAgenda: numbers the items in the order given; the same order appends nothing", () => {
    const order = [ITEM1, ITEM3, ITEM2, ...demoIds.slice(3)];
    given(history).when(reorder(order), CLERK).then([{ type: "AgendaReordered", data: { meetingId: MEETING, numbering: order.map((itemId, i) => ({ itemId, number: i + 1 })) } }]);
    given(history).when(reorder(demoIds), CLERK).then([]);
  });

  it("ReorderAgenda: BAD_INPUT unless every item is named once; CONFLICT once open", () => {
    for (const ids of [demoIds.slice(1), [...demoIds, ITEM1], [...demoIds.slice(1), ITEM2], [...demoIds.slice(1), "no-such-item"]]) {
      given(history).when(reorder(ids), CLERK).thenRefused("BAD_INPUT", /Name every item of the agenda once, in the new order/);
    }
    given(openHistory).when(reorder([ITEM2, ITEM1, ...demoIds.slice(2)]), CLERK).thenRefused("CONFLICT", /The meeting is open: its agenda can no longer be reordered/);
  });

  it("ReplaceAgenda: puts an imported agenda in place of the whole one, which may reuse its own ids", () => {
    const agenda = [agendaItem(MEETING, 1, "Upprop"), agendaItem("import", 2, "Budget")];
    given(history).when(replace(agenda), CLERK).then([{ type: "AgendaReplaced", data: { meetingId: MEETING, agenda } }]);
    assert.deepEqual(numbersOf(given(history).when(replace(agenda), CLERK).thenState(), MEETING), [[ITEM1, 1], ["import-2", 2]]);
  });

  it("ReplaceAgenda: BAD_INPUT for an empty agenda; CONFLICT for another meeting's item id, and once open", () => {
    given(history).when(replace([]), CLERK).thenRefused("BAD_INPUT", /An imported agenda needs at least one item/);
    const other = scheduled().run(scheduleMeeting(plan(LATER, LATER_AT)), CLERK).history;
    given(other).when(replace([agendaItem(LATER, 1)]), CLERK).thenRefused("CONFLICT", new RegExp(`The item id ${LATER}-1 is already used`));
    given(openHistory).when(replace([agendaItem(MEETING, 1)]), CLERK).thenRefused("CONFLICT", /The meeting is open: its agenda can no longer be replaced/);
  });
});

describe("a roster change between meetings", () => {
  /** The December meeting held; then member-12 resigns from 15 December, and the January meeting is scheduled. */
  function changedAfterHeld(): Script {
    return held().run(changeRoster("2026-12-15"), CLERK, "2026-12-20T09:00:00.000Z").run(scheduleMeeting(plan(LATER, LATER_AT)), CLERK, "2026-12-20T09:05:00.000Z");
  }

  describe("a meeting held before it keeps the roster it was held with", () => {
    it("keeps version 1, in which member-12 holds seat 12 under their name", () => {
      const state = changedAfterHeld().state;
      const december = meetingIn(state, MEETING);
      assert.equal(december.rosterVersion, 1);
      assert.equal(holderOf(state, MEETING, 12), RESIGNED);
      const asHeld = rosterView(assemblyIn(state), december.rosterVersion);
      assert.deepEqual(asHeld.members.get(RESIGNED), { id: RESIGNED, name: "Mikael Pettersson", party: "S", kind: "ORDINARY", seat: 12, substituteRank: null });
      assert.equal(asHeld.members.get(MOVED_UP)?.kind, "SUBSTITUTE");
      assert.equal(asHeld.userOfMember.get(RESIGNED), RESIGNED);
      // The assembly itself shows the latest roster.
      assert.equal(assemblyIn(state).members.has(RESIGNED), false);
    });

    it("keeps its votes' eligible members, their seats and the ballots cast", () => {
      const before = voteIn(held().state, "vote-1");
      const after = voteIn(changedAfterHeld().state, "vote-1");
      assert.deepEqual(after.eligible, before.eligible);
      assert.deepEqual(after.seats, before.seats);
      assert.equal(after.eligible[after.seats.indexOf(12)], RESIGNED);
      assert.deepEqual([...after.ballots.keys()], [RESIGNED, member(13), member(2), CHAIR]);
      assert.deepEqual(after.result, before.result);
    });
  });

  it("a later meeting is held with version 2: seat 12 is sub-S-1's, who is called and votes in it", () => {
    const script = opened(changedAfterHeld(), LATER, LATER_AT);
    const january = meetingIn(script.state, LATER);
    assert.equal(january.rosterVersion, 2);
    assert.equal(holderOf(script.state, LATER, 12), MOVED_UP);
    script.run(openVote("vote-2", itemOf(LATER, 2)), CHAIR, at(10, LATER_AT)).run(castBallot("vote-2", "NO"), MOVED_UP, at(11, LATER_AT));
    const vote = voteIn(script.state, "vote-2");
    assert.equal(vote.eligible[vote.seats.indexOf(12)], MOVED_UP);
    assert.ok(!vote.eligible.includes(RESIGNED));
    assert.equal(vote.ballots.get(MOVED_UP)?.choice, "NO");
  });

  it("the sign-in of the member who left votes in no later meeting (FORBIDDEN), and their earlier ballots stay", () => {
    const script = opened(changedAfterHeld(), LATER, LATER_AT).run(openVote("vote-2", itemOf(LATER, 2)), CHAIR, at(10, LATER_AT));
    given(script.history).when(castBallot("vote-2", "YES"), RESIGNED, at(11, LATER_AT)).thenRefused("FORBIDDEN", /Only members vote/);
    assert.equal(voteIn(script.state, "vote-1").ballots.get(RESIGNED)?.choice, "YES");
    // Nor may they be recorded present at it: member-12 is on no roster the meeting is held with.
    given(script.history).when(attend(RESIGNED, LATER), CLERK).thenRefused("NOT_FOUND", /Member member-12/);
  });

  it("the assembly's roles follow the latest roster: the member who left is no longer a MEMBER, the one who moved up is", () => {
    const state = changedAfterHeld().state;
    assert.deepEqual(rolesOf(state, KF, RESIGNED), []);
    assert.deepEqual(rolesOf(state, KF, MOVED_UP), ["MEMBER"]);
  });

  describe("a scheduled meeting follows the roster in effect on its date", () => {
    const withLater = (): Script => scheduled().run(scheduleMeeting(plan(LATER, LATER_AT)), CLERK);

    it("a change effective on its date: version 2, and its empty seats are the new roster's", () => {
      const state = withLater().run(changeRoster("2027-01-25"), CLERK).state;
      assert.equal(meetingIn(state, LATER).rosterVersion, 2);
      assert.equal(holderOf(state, LATER, 12), MOVED_UP);
      assert.ok(meetingIn(state, LATER).attendance.seats.every((s) => !s.holderPresent));
      // The December meeting, also still scheduled, is before the date and keeps version 1.
      assert.equal(meetingIn(state, MEETING).rosterVersion, 1);
      assert.equal(holderOf(state, MEETING, 12), RESIGNED);
    });

    it("a change effective before its date: version 2", () => {
      const state = withLater().run(changeRoster("2027-01-01"), CLERK).state;
      assert.equal(meetingIn(state, LATER).rosterVersion, 2);
      assert.equal(holderOf(state, LATER, 12), MOVED_UP);
    });

    it("a change effective after its date leaves it alone", () => {
      const state = withLater().run(changeRoster("2027-01-26"), CLERK).state;
      assert.equal(meetingIn(state, LATER).rosterVersion, 1);
      assert.equal(holderOf(state, LATER, 12), RESIGNED);
    });

    it("rescheduling it across the date moves it to the roster of its new date, and back", () => {
      const script = withLater().run(changeRoster("2027-01-26"), CLERK);
      const reschedule = (scheduledAt: string): CouncilCommand => ({ type: "RescheduleMeeting", data: { meetingId: LATER, title: "Kommunfullmäktige", scheduledAt } });
      script.run(reschedule("2027-01-27T17:00:00.000Z"), CLERK);
      assert.equal(meetingIn(script.state, LATER).rosterVersion, 2);
      assert.equal(holderOf(script.state, LATER, 12), MOVED_UP);
      script.run(reschedule(LATER_AT), CLERK);
      assert.equal(meetingIn(script.state, LATER).rosterVersion, 1);
      assert.equal(holderOf(script.state, LATER, 12), RESIGNED);
    });

    it("of several versions, the latest to take effect on or before its date applies, whatever order they were recorded in", () => {
      const back = V1_MEMBERS;
      const recorded = withLater()
        .run(scheduleMeeting(plan("kf-2027-03-15", "2027-03-15T17:00:00.000Z")), CLERK)
        .run(changeRoster("2027-03-01", back, V1_MEMBER_USERS), CLERK);
      // Recording one before a later version is refused now; a ledger may still hold them in any order.
      const script = new Script([...recorded.history, { event: rosterChanged(3, "2027-01-10"), actor: CLERK }]);
      assert.equal(meetingIn(script.state, LATER).rosterVersion, 3);
      assert.equal(meetingIn(script.state, "kf-2027-03-15").rosterVersion, 2);
      assert.equal(holderOf(script.state, "kf-2027-03-15", 12), RESIGNED);
    });
  });

  describe("an opened meeting keeps its version", () => {
    const open = (): Script => opened();

    it("CONFLICT: a change effective on or before the open meeting's date, naming the meeting", () => {
      for (const date of ["2026-12-14", "2026-12-01"]) {
        given(open().history)
          .when(changeRoster(date), CLERK)
          .thenRefused("CONFLICT", new RegExp(`"${MEETING_TITLE}" \\(2026-12-14\\) has been held with the roster then`));
      }
    });

    it("a change effective the day after is recorded, and the open meeting keeps version 1 and who is present", () => {
      const script = open().run(changeRoster("2026-12-15"), CLERK, at(30));
      const meeting = meetingIn(script.state, MEETING);
      assert.equal(meeting.rosterVersion, 1);
      assert.equal(holderOf(script.state, MEETING, 12), RESIGNED);
      assert.ok(meeting.attendance.seats.every((s) => s.holderPresent));
      // member-12 still votes in it.
      script.run(openVote("vote-1"), CHAIR, at(31)).run(castBallot("vote-1", "ABSTAIN"), RESIGNED, at(32));
      assert.equal(voteIn(script.state, "vote-1").ballots.get(RESIGNED)?.choice, "ABSTAIN");
    });

    it("even a change recorded as taking effect on an earlier date does not move it", () => {
      const state = stateOf([...open().history, rosterChanged(2, "2026-12-01")]);
      assert.equal(meetingIn(state, MEETING).rosterVersion, 1);
      assert.equal(holderOf(state, MEETING, 12), RESIGNED);
    });

    it("the refusal names the latest meeting held on or after the date", () => {
      const script = changedAfterHeld();
      voted(opened(script, LATER, LATER_AT), "vote-2", [[MOVED_UP, "YES"]], LATER, LATER_AT).run(closeMeeting(LATER), CHAIR, at(90, LATER_AT));
      given(script.history)
        .when(changeRoster("2026-12-16"), CLERK)
        .thenRefused("CONFLICT", /"Kommunfullmäktige kf-2027-01-25" \(2027-01-25\) has been held with the roster then: a change takes effect after 2027-01-25/);
    });
  });

  describe("dates follow the assembly's time zone", () => {
    const newYear = (): Script => scheduled().run(scheduleMeeting(plan(NEW_YEAR, NEW_YEAR_AT, "Kommunfullmäktige nyårsnatten")), CLERK);

    it("a meeting at 2026-12-31T23:30Z is on 2027-01-01 in Europe/Stockholm: a change effective that day applies to it", () => {
      const state = newYear().run(changeRoster("2027-01-01"), CLERK).state;
      assert.equal(meetingIn(state, NEW_YEAR).rosterVersion, 2);
      assert.equal(holderOf(state, NEW_YEAR, 12), MOVED_UP);
      assert.equal(meetingIn(newYear().run(changeRoster("2027-01-02"), CLERK).state, NEW_YEAR).rosterVersion, 1);
    });

    it("in an assembly on UTC the same meeting is on 2026-12-31 and keeps version 1; changing the time zone moves it", () => {
      const utc = newYear().run(changeAssembly({ ...SETTINGS, timeZone: "UTC" }), ADMIN).run(changeRoster("2027-01-01"), CLERK);
      assert.equal(meetingIn(utc.state, NEW_YEAR).rosterVersion, 1);
      utc.run(changeAssembly({ ...SETTINGS, timeZone: "Europe/Stockholm" }), ADMIN);
      assert.equal(meetingIn(utc.state, NEW_YEAR).rosterVersion, 2);
      assert.equal(holderOf(utc.state, NEW_YEAR, 12), MOVED_UP);
    });

    it("once held, the New Year meeting refuses a change effective 2027-01-01, naming its local date", () => {
      const script = newYear().run(openMeeting(NEW_YEAR), CHAIR, NEW_YEAR_AT).run(closeMeeting(NEW_YEAR), CHAIR, at(60, NEW_YEAR_AT));
      given(script.history)
        .when(changeRoster("2027-01-01"), CLERK)
        .thenRefused("CONFLICT", /"Kommunfullmäktige nyårsnatten" \(2027-01-01\) has been held with the roster then: a change takes effect after 2027-01-01/);
      given(script.history).when(changeRoster("2027-01-02"), CLERK).then([rosterChanged(2, "2027-01-02")]);
    });
  });
});
