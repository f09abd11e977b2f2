/** The documents the tab sends, with the shapes they return. */

export type Role = "ADMIN" | "CHAIR" | "CLERK" | "MEMBER" | "OBSERVER";
export type Choice = "YES" | "NO" | "ABSTAIN";
export type VoteMethod = "ELECTRONIC" | "ROLL_CALL" | "HAND_COUNT";
export type Majority = "SIMPLE" | "TWO_THIRDS_OF_PRESENT";

export interface MemberRef {
  readonly id: string;
  readonly name: string;
  readonly party: string;
  readonly seat: number | null;
  readonly kind: "ORDINARY" | "SUBSTITUTE";
}
export interface ProposalView {
  readonly id: string;
  readonly label: string;
  readonly text: string;
  readonly proposedBy: string | null;
}
export interface VoteView {
  readonly id: string;
  readonly round: number;
  readonly method: VoteMethod;
  readonly question: string;
  readonly status: "OPEN" | "CLOSED" | "CANCELLED";
  readonly majority: Majority;
  readonly openedAt: string;
  readonly yesProposal: { readonly id: string; readonly label: string } | null;
  readonly noProposal: { readonly id: string; readonly label: string } | null;
  readonly tally: { readonly yes: number; readonly no: number; readonly abstain: number; readonly notVoted: number; readonly eligible: number };
  readonly result: {
    readonly outcome: "YES" | "NO" | "TIE";
    readonly decidedBy: "MAJORITY" | "CASTING_VOTE" | null;
    readonly yes: number;
    readonly no: number;
    readonly abstain: number;
    readonly absent: number;
  } | null;
  readonly callOrder: readonly MemberRef[];
  /** The seat each eligible member served in when the vote opened. */
  readonly seating: ReadonlyArray<{ readonly seat: number; readonly member: MemberRef }>;
  readonly nextToAnswer: MemberRef | null;
  readonly ballots: ReadonlyArray<{ readonly member: { readonly id: string }; readonly choice: Choice; readonly source: "DEVICE" | "CLERK"; readonly superseded: boolean }>;
  readonly handCount: { readonly reason: string } | null;
  readonly cancelReason: string | null;
}
export interface ItemView {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly caseNumber: string | null;
  readonly description: string | null;
  readonly documentUrls: readonly string[];
  readonly status: "PENDING" | "CURRENT" | "DECIDED";
  readonly decision: string | null;
  readonly proposals: readonly ProposalView[];
  readonly remainingProposals: ReadonlyArray<{ readonly id: string }>;
  readonly adoptedProposal: { readonly id: string; readonly text: string } | null;
  readonly recusals: readonly MemberRef[];
  readonly votes: readonly VoteView[];
  /** An extra item, put on the agenda after the meeting opened: when and by whom. */
  readonly addedDuringMeeting: { readonly at: string; readonly by: string } | null;
  /** The meeting has been at this item (current, left, voted on or decided). */
  readonly takenUp: boolean;
}
export interface SeatView {
  readonly number: number;
  readonly status: "PRESENT" | "ABSENT";
  readonly holder: MemberRef;
  readonly servedBy: MemberRef | null;
  readonly recused: MemberRef | null;
  readonly nextServedBy: MemberRef | null;
  readonly changePending: boolean;
  readonly suggestedSubstitute: MemberRef | null;
}
export interface MeetingView {
  readonly id: string;
  readonly title: string;
  readonly status: "SCHEDULED" | "OPEN" | "CLOSED";
  readonly scheduledAt: string;
  readonly assembly: {
    readonly id: string;
    readonly name: string;
    readonly seatCount: number;
    readonly members: readonly MemberRef[];
    readonly presidium: { readonly chair: MemberRef | null; readonly viceChairs: readonly MemberRef[] };
    /** The majority the vote forms start from (the assembly's procedure). */
    readonly settings: { readonly defaultMajority: Majority };
  };
  readonly quorum: { readonly required: number; readonly present: number; readonly met: boolean };
  readonly agenda: readonly ItemView[];
  readonly currentItem: { readonly id: string } | null;
  readonly seats: readonly SeatView[];
  /** Who presides now (before the meeting opens: who is to). */
  readonly presiding: MemberRef | null;
  /** The opening's chair first, then each change. */
  readonly presidingHistory: ReadonlyArray<{ readonly member: MemberRef; readonly at: string; readonly recordedBy: string }>;
}
export interface Viewer {
  readonly userId: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly member: MemberRef | null;
}

const MEMBER = "id name party seat kind";
const VOTE = `id round method question status majority openedAt yesProposal { id label } noProposal { id label }
  tally { yes no abstain notVoted eligible } result { outcome decidedBy yes no abstain absent }
  callOrder { ${MEMBER} } nextToAnswer { ${MEMBER} } seating { seat member { ${MEMBER} } }
  ballots { member { id } choice source superseded }
  handCount { reason } cancelReason`;
const MEETING = `id title status scheduledAt
  assembly { id name seatCount members { ${MEMBER} } presidium { chair { ${MEMBER} } viceChairs { ${MEMBER} } } settings { defaultMajority } }
  presiding { ${MEMBER} } presidingHistory { member { ${MEMBER} } at recordedBy }
  quorum { required present met }
  currentItem { id }
  agenda { id number title caseNumber description documentUrls status decision
    proposals { id label text proposedBy } remainingProposals { id } adoptedProposal { id text } recusals { ${MEMBER} } votes { ${VOTE} }
    addedDuringMeeting { at by } takenUp }
  seats { number status holder { ${MEMBER} } servedBy { ${MEMBER} } recused { ${MEMBER} } nextServedBy { ${MEMBER} }
    changePending suggestedSubstitute { ${MEMBER} } }`;

export const VIEWER = `{ viewer { userId displayName roles member { ${MEMBER} } } }`;
export const MEETINGS = `{ assemblies { meetings { id title status scheduledAt } } }`;
export const MEETING_FOR_TEAMS = `query($t: String!) { meetingForTeams(teamsMeetingId: $t) { id } }`;
export const MEETING_UPDATED = `subscription($m: ID!) { meetingUpdated(meetingId: $m) { ${MEETING} } }`;

export const OPEN_MEETING = `mutation($m: ID!) { openMeeting(meetingId: $m) { id } }`;
export const CLOSE_MEETING = `mutation($m: ID!) { closeMeeting(meetingId: $m) { id } }`;
export const LINK_TEAMS_MEETING = `mutation($m: ID!, $t: String!) { linkTeamsMeeting(meetingId: $m, teamsMeetingId: $t) { id } }`;
export const SET_ATTENDANCE = `mutation($m: ID!, $id: ID!, $p: Boolean!) { setAttendance(meetingId: $m, memberId: $id, present: $p) { id } }`;
export const ASSIGN_SUBSTITUTE = `mutation($m: ID!, $s: Int!, $id: ID) { assignSubstitute(meetingId: $m, seat: $s, substituteId: $id) { id } }`;
export const SET_CURRENT_ITEM = `mutation($m: ID!, $i: ID!) { setCurrentItem(meetingId: $m, itemId: $i) { id } }`;
export const DECLARE_RECUSAL = `mutation($i: ID!, $id: ID!) { declareRecusal(itemId: $i, memberId: $id) { id } }`;
export const ADD_PROPOSAL = `mutation($i: ID!, $l: String!, $t: String!, $by: String) { addProposal(itemId: $i, label: $l, text: $t, proposedBy: $by) { id } }`;
export const OPEN_VOTE = `mutation($in: OpenVoteInput!) { openVote(input: $in) { id } }`;
export const CAST_BALLOT = `mutation($v: ID!, $c: Choice!, $k: String!) { castBallot(voteId: $v, choice: $c, idempotencyKey: $k) { choice } }`;
export const RECORD_BALLOT = `mutation($v: ID!, $id: ID!, $c: Choice!, $k: String!) { recordBallot(voteId: $v, memberId: $id, choice: $c, idempotencyKey: $k) { choice } }`;
export const CLOSE_VOTE = `mutation($v: ID!) { closeVote(voteId: $v) { id } }`;
export const CANCEL_VOTE = `mutation($v: ID!, $r: String!) { cancelVote(voteId: $v, reason: $r) { id } }`;
export const RESOLVE_TIE = `mutation($v: ID!, $c: Choice!) { resolveTie(voteId: $v, choice: $c) { id } }`;
export const ENTER_HAND_COUNT = `mutation($in: HandCountInput!) { enterHandCount(input: $in) { id } }`;
export const RECORD_DECISION = `mutation($i: ID!, $t: String!) { recordDecision(itemId: $i, text: $t) { id } }`;
export const RECORD_RESERVATION = `mutation($i: ID!, $id: ID!, $t: String) { recordReservation(itemId: $i, memberId: $id, text: $t) { id } }`;

/**
 * The vote of an item that matters now: the open one, else a tie waiting for the chair (a vote held
 * on paper and entered afterwards may sit before later rounds), else the latest held.
 */
export function focusVoteOf(item: ItemView): VoteView | null {
  return (
    item.votes.find((v) => v.status === "OPEN") ??
    item.votes.find((v) => v.status === "CLOSED" && v.result?.outcome === "TIE") ??
    item.votes.at(-1) ??
    null
  );
}

/** The item the meeting is on, and the vote of it that matters now (focusVoteOf). */
export function currentOf(meeting: MeetingView): { item: ItemView | null; vote: VoteView | null } {
  const item = meeting.agenda.find((i) => i.id === meeting.currentItem?.id) ?? null;
  return { item, vote: item ? focusVoteOf(item) : null };
}

// --- Administration (issue 9): assemblies, rosters, roles, the presidium, meetings and agendas. ----

export type QuorumRule = "MORE_THAN_HALF" | "AT_LEAST_HALF" | "NONE";
export type GrantableRole = "CLERK" | "ADMIN" | "OBSERVER";
export type AgendaFormat = "CSV" | "JSON";
export type MeetingStatus = MeetingView["status"];

export interface AssemblySettings {
  readonly noReturnAfterLeaving: boolean;
  readonly answerChangeWhileOpen: boolean;
  readonly quorum: QuorumRule;
  readonly defaultMajority: Majority;
  readonly timeZone: string;
}
/** A person on a roster version as staff see them: with the Teams sign-in (null: none). */
export interface RosterMember extends MemberRef {
  readonly substituteRank: number | null;
  readonly signIn: string | null;
}
export interface RosterVersionView {
  readonly version: number;
  /** YYYY-MM-DD; null: from the start. */
  readonly effectiveFrom: string | null;
  readonly reason: string | null;
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly seatCount: number;
  readonly members: readonly RosterMember[];
}
export interface MeetingSummary {
  readonly id: string;
  readonly title: string;
  readonly status: MeetingStatus;
  readonly scheduledAt: string;
}
export interface AdminAssembly {
  readonly id: string;
  readonly name: string;
  readonly seatCount: number;
  readonly settings: AssemblySettings;
  readonly presidium: { readonly chair: MemberRef | null; readonly viceChairs: readonly MemberRef[] };
  readonly rosterToday: { readonly version: number };
  readonly rosters: readonly RosterVersionView[];
  readonly meetings: readonly MeetingSummary[];
  /** The user's roles in this assembly today. */
  readonly viewerRoles: readonly Role[];
  /** Null unless the user is an admin or clerk of this assembly. */
  readonly roleGrants: readonly RoleGrantView[] | null;
}
export interface RoleGrantView {
  readonly userId: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
}
/** A problem in an imported file: line 1 is the header, line 0 the file as a whole. */
export interface FileProblem {
  readonly line: number;
  readonly column: string | null;
  readonly reason: string;
}
export interface RosterPreviewView {
  readonly ok: boolean;
  readonly problems: readonly FileProblem[];
  readonly seatCount: number | null;
  readonly parties: ReadonlyArray<{ readonly party: string; readonly seats: number; readonly substitutes: number }>;
  readonly withoutSignIn: ReadonlyArray<{ readonly line: number; readonly name: string; readonly party: string; readonly kind: MemberRef["kind"] }>;
  readonly added: readonly RosterMember[];
  readonly removed: readonly RosterMember[];
  readonly changed: ReadonlyArray<{ readonly before: RosterMember; readonly after: RosterMember; readonly fields: readonly string[] }>;
  readonly heldWithBefore: { readonly version: number; readonly effectiveFrom: string | null } | null;
}
export interface AgendaDraftView {
  readonly line: number;
  readonly number: number;
  readonly title: string;
  readonly caseNumber: string | null;
  readonly description: string | null;
  readonly documentUrls: readonly string[];
  readonly proposalLabels: readonly string[];
}
export interface AgendaPreviewView {
  readonly ok: boolean;
  readonly problems: readonly FileProblem[];
  readonly items: readonly AgendaDraftView[];
}
/** One person's change in changeRoster: memberId null for someone new; remove for someone who leaves. */
export interface MemberEditInput {
  readonly memberId: string | null;
  readonly remove: boolean;
  readonly name: string;
  readonly party: string;
  readonly kind: MemberRef["kind"];
  readonly seat: number | null;
  readonly substituteRank: number | null;
  readonly signIn: string | null;
}
export interface AgendaItemInput {
  readonly title: string;
  readonly caseNumber: string | null;
  readonly description: string | null;
  readonly documentUrls: readonly string[];
  readonly proposals: ReadonlyArray<{ readonly label: string; readonly text: string; readonly proposedBy: string | null }>;
}

const ROSTER_MEMBER = `${MEMBER} substituteRank signIn`;
const SETTINGS = "noReturnAfterLeaving answerChangeWhileOpen quorum defaultMajority timeZone";

/** Each assembly with the user's own roles in it and, for its admins and clerks, who holds which granted role (null for others). */
export const ADMIN_ASSEMBLIES = `{ assemblies { id name seatCount settings { ${SETTINGS} }
  viewerRoles roleGrants { userId displayName roles }
  presidium { chair { ${MEMBER} } viceChairs { ${MEMBER} } }
  rosterToday { version }
  rosters { version effectiveFrom reason recordedAt recordedBy seatCount members { ${ROSTER_MEMBER} } }
  meetings { id title status scheduledAt } } }`;
export const PREVIEW_ROSTER = `query($a: ID!, $csv: String!, $d: String!) { previewRoster(assemblyId: $a, csv: $csv, effectiveFrom: $d) {
  ok problems { line column reason } seatCount parties { party seats substitutes } withoutSignIn { line name party kind }
  added { ${ROSTER_MEMBER} } removed { ${ROSTER_MEMBER} } changed { fields before { ${ROSTER_MEMBER} } after { ${ROSTER_MEMBER} } }
  heldWithBefore { version effectiveFrom } } }`;
export const IMPORT_ROSTER = `mutation($a: ID!, $csv: String!, $d: String!, $r: String!) { importRoster(assemblyId: $a, csv: $csv, effectiveFrom: $d, reason: $r) { rosters { version } } }`;
export const CHANGE_ROSTER = `mutation($a: ID!, $d: String!, $r: String!, $c: [MemberEditInput!]!) { changeRoster(assemblyId: $a, effectiveFrom: $d, reason: $r, changes: $c) { rosters { version } } }`;
export const GRANT_ROLE = `mutation($a: ID!, $s: String!, $n: String!, $r: Role!) { grantRole(assemblyId: $a, signIn: $s, displayName: $n, role: $r) { id } }`;
export const REVOKE_ROLE = `mutation($a: ID!, $u: ID!, $r: Role!) { revokeRole(assemblyId: $a, userId: $u, role: $r) { id } }`;
export const SET_PRESIDIUM = `mutation($a: ID!, $c: ID, $v: [ID!]!) { setPresidium(assemblyId: $a, chairMemberId: $c, viceChairMemberIds: $v) { id } }`;
export const UPDATE_ASSEMBLY = `mutation($a: ID!, $n: String!, $s: AssemblySettingsInput!) { updateAssembly(assemblyId: $a, name: $n, settings: $s) { id } }`;
export const CREATE_ASSEMBLY = `mutation($in: CreateAssemblyInput!) { createAssembly(input: $in) { id } }`;
export const SCHEDULE_MEETING = `mutation($in: ScheduleMeetingInput!) { scheduleMeeting(input: $in) { id } }`;
export const RESCHEDULE_MEETING = `mutation($m: ID!, $t: String!, $at: DateTime!) { rescheduleMeeting(meetingId: $m, title: $t, scheduledAt: $at) { id } }`;
export const PREVIEW_AGENDA = `query($t: String!, $f: AgendaFormat) { previewAgenda(text: $t, format: $f) {
  ok problems { line column reason } items { line number title caseNumber description documentUrls proposalLabels } } }`;
export const IMPORT_AGENDA = `mutation($m: ID!, $t: String!, $f: AgendaFormat) { importAgenda(meetingId: $m, text: $t, format: $f) { agenda { id } } }`;
export const ADD_AGENDA_ITEM = `mutation($m: ID!, $item: AgendaItemInput!, $before: ID) { addAgendaItem(meetingId: $m, item: $item, beforeItemId: $before) { id number } }`;
export const UPDATE_AGENDA_ITEM = `mutation($i: ID!, $item: AgendaItemInput!) { updateAgendaItem(itemId: $i, item: $item) { id number title } }`;
export const REMOVE_AGENDA_ITEM = `mutation($i: ID!) { removeAgendaItem(itemId: $i) { id } }`;
export const REORDER_AGENDA = `mutation($m: ID!, $ids: [ID!]!) { reorderAgenda(meetingId: $m, itemIds: $ids) { id } }`;
export const TAKE_CHAIR = `mutation($m: ID!, $id: ID!) { takeChair(meetingId: $m, memberId: $id) { presiding { name } } }`;
