import type { MemberRecord } from "../domain/council/events.js";
import { votingListOf } from "../domain/council/procedure.js";
import type { AssemblyState, CouncilState, MeetingState, VoteState } from "../domain/council/state.js";
import { apiError } from "./errors.js";
import { assemblyOfMeeting } from "../domain/council/rosters.js";
import { hasMeetingRole, type Context } from "./context.js";
import type { Ballot, Tally } from "./sources.js";

/** Lookups for field resolvers: read models in, GraphQL sources out. No rules here. */

export function assemblyOf(state: CouncilState, assemblyId: string): AssemblyState {
  const assembly = state.assemblies.get(assemblyId);
  if (!assembly) throw new Error(`Read model without assembly ${assemblyId}`);
  return assembly;
}

export function meetingOf(state: CouncilState, meetingId: string): MeetingState {
  const meeting = state.meetings.get(meetingId);
  if (!meeting) throw new Error(`Read model without meeting ${meetingId}`);
  return meeting;
}

/** The assembly as a meeting sees it: with the roster the meeting is held with. */
export function meetingAssemblyOf(state: CouncilState, meeting: MeetingState): AssemblyState {
  const assembly = assemblyOfMeeting(state, meeting);
  if (!assembly) throw new Error(`Read model without assembly ${meeting.assemblyId}`);
  return assembly;
}

/**
 * A member as the meeting's roster has them (a past meeting keeps the roster it had); a member who
 * has since left the roster of a meeting not yet held, as the roster last had them.
 */
export function memberOf(state: CouncilState, meetingId: string, memberId: string): MemberRecord {
  const meeting = meetingOf(state, meetingId);
  const member =
    meetingAssemblyOf(state, meeting).members.get(memberId) ??
    [...assemblyOf(state, meeting.assemblyId).rosters].reverse().find((v) => v.members.has(memberId))?.members.get(memberId);
  if (!member) throw new Error(`Read model without member ${memberId}`);
  return member;
}

export function voteOf(state: CouncilState, voteId: string): VoteState {
  const vote = state.votes.get(voteId);
  if (!vote) throw new Error(`Read model without vote ${voteId}`);
  return vote;
}

/** The result of a mutation: what it created or changed, from the state after its commit. */
export function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw apiError("NOT_FOUND", `${what} was not found.`);
  return value;
}

export function tallyOf(vote: VoteState): Tally {
  // The counts are the device answers, or the hand count that replaced them.
  const { yes, no, abstain } = vote.counts;
  const eligible = vote.eligible.length;
  return { yes, no, abstain, eligible, notVoted: Math.max(0, eligible - yes - no - abstain) };
}

/**
 * Ballots a caller may see: while the vote is open, all of them to the chair and clerks, only
 * their own to a member, none to others; once it is closed, all of them to everyone.
 */
export function visibleBallots(ctx: Context, vote: VoteState): Ballot[] {
  const state = ctx.council.state;
  const meeting = meetingOf(state, vote.meetingId);
  const meetingId = meeting.id;
  const inCallOrder = votingListOf(vote).flatMap(({ ballot, superseded }) => (ballot ? [{ meetingId, ballot, superseded }] : []));
  if (vote.status !== "OPEN" || hasMeetingRole(ctx, meeting, ["CHAIR", "CLERK"])) return inCallOrder;
  const own = ctx.user === null ? null : (meetingAssemblyOf(state, meeting).memberOfUser.get(ctx.user.userId) ?? null);
  return own === null ? [] : inCallOrder.filter((b) => b.ballot.memberId === own);
}
