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
  readonly assembly: { readonly id: string; readonly name: string; readonly seatCount: number; readonly members: readonly MemberRef[] };
  readonly quorum: { readonly required: number; readonly present: number; readonly met: boolean };
  readonly agenda: readonly ItemView[];
  readonly currentItem: { readonly id: string } | null;
  readonly seats: readonly SeatView[];
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
  assembly { id name seatCount members { ${MEMBER} } }
  quorum { required present met }
  currentItem { id }
  agenda { id number title caseNumber description documentUrls status decision
    proposals { id label text proposedBy } remainingProposals { id } adoptedProposal { id text } recusals { ${MEMBER} } votes { ${VOTE} } }
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
