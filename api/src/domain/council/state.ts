import { DEFAULT_SETTINGS } from "./events.js";
import { seatViews } from "./procedure.js";
import { evolveAdmin } from "./admin.js";
import { firstRoster, rosterView, rosterVersionFor } from "./rosters.js";
import type {
  AgendaItemRecord,
  AssemblySettings,
  BallotSource,
  Choice,
  CouncilEvent,
  EventMeta,
  Majority,
  MemberRecord,
  Presidium,
  Role,
  VoteMethod,
  VoteResultRecord,
} from "./events.js";

/**
 * The council's state: the read model every query is served from, built only by `evolve` from the
 * ledger's events. Immutable: a batch of commands decides against a working copy that is dropped if
 * the commit fails.
 */
export interface CouncilState {
  readonly assemblies: ReadonlyMap<string, AssemblyState>;
  readonly users: ReadonlyMap<string, UserState>;
  readonly meetings: ReadonlyMap<string, MeetingState>;
  readonly votes: ReadonlyMap<string, VoteState>;
}

export interface AssemblyState {
  readonly id: string;
  readonly name: string;
  /** Of the roster in view: the latest version (a meeting's view: the version it is held with). */
  readonly seatCount: number;
  /** Ordinary members in seat order, then substitutes by party and rank (the roster in view). */
  readonly members: ReadonlyMap<string, MemberRecord>;
  /** Who signs in as which member, and back (the roster in view). */
  readonly memberOfUser: ReadonlyMap<string, string>;
  readonly userOfMember: ReadonlyMap<string, string>;
  /** Roles granted (CLERK, ADMIN, OBSERVER; CHAIR to a non-member). MEMBER follows from the roster, CHAIR from the presidium. */
  readonly roles: ReadonlyMap<string, readonly Role[]>;
  readonly meetingIds: readonly string[];
  readonly settings: AssemblySettings;
  readonly presidium: Presidium;
  /** Every roster version, in the order recorded (version 1 first). */
  readonly rosters: readonly RosterVersion[];
}

/** The roster as it stands from a date: who holds which seat, the substitutes, who signs in as whom. */
export interface RosterVersion {
  readonly version: number;
  /** The first day it applies (YYYY-MM-DD, the assembly's time zone); null: from the start. */
  readonly effectiveFrom: string | null;
  readonly seatCount: number;
  readonly members: ReadonlyMap<string, MemberRecord>;
  readonly memberOfUser: ReadonlyMap<string, string>;
  readonly userOfMember: ReadonlyMap<string, string>;
  readonly reason: string | null;
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly seq: number;
}

/** Who presided over a meeting from when (ChairTaken), in order. */
export interface PresidingRecord {
  readonly memberId: string;
  readonly at: string;
  readonly recordedBy: string;
}

export interface UserState {
  readonly userId: string;
  readonly displayName: string;
  readonly memberId: string | null;
}

export type MeetingStatus = "SCHEDULED" | "OPEN" | "CLOSED";

export interface SeatState {
  readonly number: number;
  readonly holderId: string;
  readonly holderPresent: boolean;
  readonly substituteId: string | null;
}

/** Who is present and who serves in each seat. */
export interface Attendance {
  readonly seats: readonly SeatState[];
  /** Substitutes recorded present, serving or not. */
  readonly presentSubstitutes: ReadonlySet<string>;
  /** Members who served at an item and then left: under the no-return policy they do not serve again. */
  readonly departed: ReadonlySet<string>;
}

export interface ItemState extends AgendaItemRecord {
  readonly meetingId: string;
  readonly decision: string | null;
  /** In the order held: by when each vote opened, a vote held on paper by when it was counted. */
  readonly voteIds: readonly string[];
  /** Members with jäv on this item, in the order declared. */
  readonly recusals: readonly string[];
  /**
   * The attendance in effect while the item was last current, kept when the chair moves on: who
   * served at it, for a vote held on paper and entered afterwards. Null until the item is left
   * (while current, the meeting's attendance is the one in effect).
   */
  readonly heldWith: Attendance | null;
  /** Reservations against the item's decision, in the order recorded. */
  readonly reservations: readonly ReservationRecord[];
  /** Set for an item put on the agenda after the meeting opened (an extra item): when and by whom. */
  readonly addedDuringMeeting: { readonly at: string; readonly by: string } | null;
}

export interface ReservationRecord {
  readonly memberId: string;
  readonly text: string | null;
  /** userId of the chair or clerk who entered it. */
  readonly recordedBy: string;
  readonly recordedAt: string;
}

export interface MeetingState {
  readonly id: string;
  readonly assemblyId: string;
  readonly title: string;
  readonly scheduledAt: string;
  /** When the meeting was opened (its ledger entry's time), or null before. */
  readonly openedAt: string | null;
  /** When the meeting was closed (its ledger entry's time), or null before. */
  readonly closedAt: string | null;
  readonly status: MeetingStatus;
  readonly teamsMeetingId: string | null;
  /**
   * The roster version the meeting is held with: the one in effect on its date, followed while it is
   * scheduled and kept from when it opens, whatever changes later (a past meeting keeps its roster).
   */
  readonly rosterVersion: number;
  /**
   * Who presides: set when the meeting opens (the presidium's chair) and by ChairTaken; null while
   * scheduled (then the presidium's chair).
   */
  readonly presidingMemberId: string | null;
  /** Every change of who presided, in order (the opening's first). */
  readonly presiding: readonly PresidingRecord[];
  readonly items: ReadonlyMap<string, ItemState>;
  readonly currentItemId: string | null;
  /** In effect now: who may vote. */
  readonly attendance: Attendance;
  /** As recorded: changes made during an item take effect from the next item (RULES.md 2). */
  readonly recordedAttendance: Attendance;
  readonly openVoteId: string | null;
  /** Everyone who has served in a seat at an item of this meeting (leaving after that is leaving). */
  readonly served: ReadonlySet<string>;
  /** Hand counts by idempotency key (scoped by the user who sent it). */
  readonly handCountKeys: ReadonlyMap<string, HandCountKeyRecord>;
  /** Each member's latest attendance entry (its ledger seq): what a correction corrects. */
  readonly attendanceSeqs: ReadonlyMap<string, number>;
  /** Corrections (RULES.md 16), in the order made: the record shows them beside what they correct. */
  readonly corrections: readonly CorrectionRecord[];
}

export interface CorrectionRecord {
  readonly seq: number;
  readonly at: string;
  readonly correctedBy: string;
  readonly kind: "ATTENDANCE" | "BALLOT";
  readonly memberId: string;
  readonly voteId: string | null;
  readonly reason: string;
  readonly correctsSeq: number;
}

export interface BallotState {
  readonly memberId: string;
  readonly choice: Choice;
  readonly source: BallotSource;
  readonly recordedBy: string;
  readonly recordedAt: string;
  /** The ledger entry that recorded this answer. */
  readonly seq: number;
  /** Set when this answer corrects a wrongly entered one (RULES.md 16). */
  readonly correction: { readonly reason: string; readonly correctsSeq: number } | null;
}

export interface Counts {
  readonly yes: number;
  readonly no: number;
  readonly abstain: number;
}

export type VoteStatus = "OPEN" | "CLOSED" | "CANCELLED";

export interface VoteState {
  readonly id: string;
  readonly meetingId: string;
  readonly itemId: string;
  readonly round: number;
  readonly method: VoteMethod;
  readonly question: string;
  readonly yesProposalId: string | null;
  readonly noProposalId: string | null;
  readonly majority: Majority;
  readonly status: VoteStatus;
  readonly openedAt: string;
  readonly closedAt: string | null;
  /** In call order: seat order, the chair last. */
  readonly eligible: readonly string[];
  /** The seat each eligible member served in, in the same order. */
  readonly seats: readonly number[];
  readonly present: number;
  readonly chairMemberId: string | null;
  /** Each member's last answer; every earlier one stays in the ledger. */
  readonly ballots: ReadonlyMap<string, BallotState>;
  /** Kept with every ballot so that a tally never recounts. */
  readonly counts: Counts;
  /** Ballots by idempotency key (scoped by the user who sent it): a retry gets the first answer. */
  readonly ballotKeys: ReadonlyMap<string, BallotKeyRecord>;
  /** The member who answered last: a roll-call goes on from there (RULES.md 9). */
  readonly lastAnswered: string | null;
  readonly result: VoteResultRecord | null;
  readonly cancelReason: string | null;
  /** Set when a hand count gave the result: its counts are the tally, device ballots are superseded. */
  readonly handCount: HandCountState | null;
}

export interface HandCountState {
  readonly yes: number;
  readonly no: number;
  readonly abstain: number;
  readonly countedAt: string;
  readonly enteredBy: string;
  readonly enteredAt: string;
  readonly reason: string;
}

/** Which vote a hand-count idempotency key recorded, and what it asked for. */
export interface HandCountKeyRecord {
  readonly voteId: string;
  readonly request: string;
}

export interface BallotKeyRecord {
  readonly memberId: string;
  readonly choice: Choice;
  readonly ballot: BallotState;
}

export const initialState: CouncilState = {
  assemblies: new Map(),
  users: new Map(),
  meetings: new Map(),
  votes: new Map(),
};

export const ballotKey = (userId: string, idempotencyKey: string): string => `${userId}\u0000${idempotencyKey}`;

/** The member serving in a seat: a substitute, the holder if present, or nobody. */
export function servedBy(seat: SeatState): string | null {
  return seat.substituteId ?? (seat.holderPresent ? seat.holderId : null);
}

export function evolve(state: CouncilState, event: CouncilEvent, meta: EventMeta): CouncilState {
  switch (event.type) {
    case "AssemblyRegistered": {
      const { assemblyId, name, users } = event.data;
      const roster = firstRoster(event.data, meta);
      // A member given CHAIR chairs as the presidium's chair; MEMBER follows from the roster.
      const chairUser = users.find((u) => u.memberId !== null && u.roles.includes("CHAIR"));
      const granted = users.flatMap((u): Array<[string, readonly Role[]]> => {
        const roles = u.roles.filter((r) => r !== "MEMBER" && !(r === "CHAIR" && u.memberId !== null));
        return roles.length === 0 ? [] : [[u.userId, roles]];
      });
      const presidium: Presidium = event.data.presidium ?? { chairMemberId: chairUser?.memberId ?? null, viceChairMemberIds: [] };
      const assembly: AssemblyState = {
        id: assemblyId,
        name,
        seatCount: roster.seatCount,
        members: roster.members,
        memberOfUser: roster.memberOfUser,
        userOfMember: roster.userOfMember,
        roles: new Map(granted),
        meetingIds: [],
        settings: event.data.settings ?? DEFAULT_SETTINGS,
        presidium,
        rosters: [roster],
      };
      return { ...state, assemblies: withEntry(state.assemblies, assemblyId, assembly), users: withUsers(state.users, users) };
    }
    case "MeetingScheduled": {
      const { meetingId, assemblyId, title, scheduledAt, teamsMeetingId, agenda } = event.data;
      const assembly = state.assemblies.get(assemblyId);
      if (!assembly) return state;
      const attendance = emptyAttendance(rosterView(assembly, rosterVersionFor(assembly, scheduledAt)));
      const meeting: MeetingState = {
        id: meetingId,
        assemblyId,
        title,
        scheduledAt,
        openedAt: null,
        closedAt: null,
        status: "SCHEDULED",
        teamsMeetingId,
        rosterVersion: rosterVersionFor(assembly, scheduledAt),
        presidingMemberId: null,
        presiding: [],
        items: new Map(agenda.map((item) => [item.id, newItem(meetingId, item)])),
        currentItemId: null,
        attendance,
        recordedAttendance: attendance,
        openVoteId: null,
        served: new Set(),
        handCountKeys: new Map(),
        attendanceSeqs: new Map(),
        corrections: [],
      };
      return {
        ...state,
        meetings: withEntry(state.meetings, meetingId, meeting),
        assemblies: withEntry(state.assemblies, assemblyId, {
          ...assembly,
          meetingIds: [...assembly.meetingIds, meetingId],
        }),
      };
    }
    case "MeetingOpened":
      return updateMeeting(state, event.data.meetingId, (m) => {
        // From here the meeting keeps its roster and its chair: later changes are for later meetings.
        const chair = m.presidingMemberId ?? state.assemblies.get(m.assemblyId)?.presidium.chairMemberId ?? null;
        const presiding = chair === null ? m.presiding : [...m.presiding, { memberId: chair, at: meta.at, recordedBy: meta.actor }];
        return { ...m, status: "OPEN", openedAt: meta.at, presidingMemberId: chair, presiding };
      });
    case "AssemblyChanged":
    case "RosterChanged":
    case "RoleGranted":
    case "RoleRevoked":
    case "PresidiumSet":
    case "ChairTaken":
    case "MeetingRescheduled":
    case "AgendaItemAdded":
    case "AgendaItemChanged":
    case "AgendaItemRemoved":
    case "AgendaReordered":
    case "AgendaReplaced":
      return evolveAdmin(state, event, meta);
    case "TeamsMeetingLinked":
      return updateMeeting(state, event.data.meetingId, (m) => ({ ...m, teamsMeetingId: event.data.teamsMeetingId }));
    case "MeetingClosed":
      return updateMeeting(state, event.data.meetingId, (m) => ({ ...m, status: "CLOSED", closedAt: meta.at }));
    case "AttendanceRecorded": {
      const { memberId, present } = event.data;
      return updateMeeting(state, event.data.meetingId, (m) => ({
        ...recordAttendance(m, (a) => applyPresence(a, memberId, present, m.served.has(memberId))),
        attendanceSeqs: withEntry(m.attendanceSeqs, memberId, meta.seq ?? 0),
      }));
    }
    case "AttendanceCorrected": {
      const d = event.data;
      // A mistake put right is not leaving: the no-return rule does not follow from a correction.
      return updateMeeting(state, d.meetingId, (m) => ({
        ...recordAttendance(m, (a) => applyPresence(a, d.memberId, d.present, false)),
        attendanceSeqs: withEntry(m.attendanceSeqs, d.memberId, meta.seq ?? 0),
        corrections: [...m.corrections, correction(meta, "ATTENDANCE", d.memberId, null, d.reason, d.correctsSeq)],
      }));
    }
    case "SubstituteAssigned": {
      const { seat, substituteId } = event.data;
      return updateMeeting(state, event.data.meetingId, (m) =>
        recordAttendance(m, (a) => applySubstitute(a, seat, substituteId)),
      );
    }
    case "CurrentItemSet":
      return updateMeeting(state, event.data.meetingId, (m) => {
        // The item left keeps who served at it: a vote held on it on paper may be entered afterwards.
        const left = m.currentItemId;
        const items = left === null ? m.items : updateEntry(m.items, left, (item) => ({ ...item, heldWith: m.attendance }));
        return withServing(state, { ...m, items, currentItemId: event.data.itemId, attendance: m.recordedAttendance });
      });
    case "RecusalDeclared":
      return updateMeeting(state, event.data.meetingId, (m) =>
        withServing(state, {
          ...m,
          items: updateEntry(m.items, event.data.itemId, (item) => ({ ...item, recusals: [...item.recusals, event.data.memberId] })),
        }),
      );
    case "VoteOpened": {
      const d = event.data;
      const openedAt = d.openedAt ?? meta.at;
      const vote: VoteState = {
        id: d.voteId,
        meetingId: d.meetingId,
        itemId: d.itemId,
        round: d.round,
        method: d.method,
        question: d.question,
        yesProposalId: d.yesProposalId,
        noProposalId: d.noProposalId,
        majority: d.majority,
        status: "OPEN",
        openedAt,
        closedAt: null,
        eligible: d.eligible,
        seats: d.seats ?? [],
        present: d.present,
        chairMemberId: d.chairMemberId,
        ballots: new Map(),
        counts: { yes: 0, no: 0, abstain: 0 },
        ballotKeys: new Map(),
        lastAnswered: null,
        result: null,
        cancelReason: null,
        handCount: null,
      };
      const item = state.meetings.get(d.meetingId)?.items.get(d.itemId);
      if (!item) return state;
      // In the order held: a vote held on paper and entered afterwards takes its place by when it was
      // counted, and the item's rounds are numbered again in that order.
      const held = votesOf(state, item);
      const position = heldPosition(held, openedAt);
      const voteIds = [...item.voteIds.slice(0, position), d.voteId, ...item.voteIds.slice(position)];
      const votes = new Map(state.votes).set(d.voteId, vote);
      voteIds.forEach((id, i) => {
        const v = votes.get(id);
        if (v && v.round !== i + 1) votes.set(id, { ...v, round: i + 1 });
      });
      const withVote = updateMeeting(state, d.meetingId, (m) => ({
        ...m,
        openVoteId: d.voteId,
        items: updateEntry(m.items, d.itemId, (i) => ({ ...i, voteIds })),
      }));
      return { ...withVote, votes };
    }
    case "BallotCast": {
      const d = event.data;
      const vote = state.votes.get(d.voteId);
      if (!vote) return state;
      const ballot: BallotState = {
        memberId: d.memberId,
        choice: d.choice,
        source: d.source,
        recordedBy: meta.actor,
        recordedAt: meta.at,
        seq: meta.seq ?? 0,
        correction: null,
      };
      const previous = vote.ballots.get(d.memberId);
      const counts = addChoice(previous ? addChoice(vote.counts, previous.choice, -1) : vote.counts, d.choice, 1);
      const ballotKeys = withEntry(vote.ballotKeys, ballotKey(meta.actor, d.idempotencyKey), {
        memberId: d.memberId,
        choice: d.choice,
        ballot,
      });
      const ballots = withEntry(vote.ballots, d.memberId, ballot);
      return {
        ...state,
        votes: withEntry(state.votes, d.voteId, { ...vote, counts, ballots, ballotKeys, lastAnswered: d.memberId }),
      };
    }
    case "VoteClosed": {
      const d = event.data;
      const vote = state.votes.get(d.voteId);
      if (!vote) return state;
      const closed = updateMeeting(state, d.meetingId, (m) => ({ ...m, openVoteId: null }));
      return {
        ...closed,
        votes: withEntry(state.votes, d.voteId, { ...vote, status: "CLOSED", closedAt: meta.at, result: d.result }),
      };
    }
    case "BallotCorrected": {
      const d = event.data;
      const vote = state.votes.get(d.voteId);
      const previous = vote?.ballots.get(d.memberId);
      if (!vote || !previous) return state;
      const ballot: BallotState = {
        memberId: d.memberId,
        choice: d.choice,
        source: "CLERK",
        recordedBy: meta.actor,
        recordedAt: meta.at,
        seq: meta.seq ?? 0,
        correction: { reason: d.reason, correctsSeq: d.correctsSeq },
      };
      const counts = addChoice(addChoice(vote.counts, previous.choice, -1), d.choice, 1);
      const corrected: VoteState = { ...vote, counts, ballots: withEntry(vote.ballots, d.memberId, ballot), result: d.result ?? vote.result };
      const noted = updateMeeting(state, d.meetingId, (m) => ({
        ...m,
        corrections: [...m.corrections, correction(meta, "BALLOT", d.memberId, d.voteId, d.reason, d.correctsSeq)],
      }));
      return { ...noted, votes: withEntry(state.votes, d.voteId, corrected) };
    }
    case "VoteCancelled": {
      const d = event.data;
      const vote = state.votes.get(d.voteId);
      if (!vote) return state;
      const withoutOpenVote = updateMeeting(state, d.meetingId, (m) => ({ ...m, openVoteId: null }));
      return {
        ...withoutOpenVote,
        votes: withEntry(state.votes, d.voteId, { ...vote, status: "CANCELLED", closedAt: meta.at, cancelReason: d.reason }),
      };
    }
    case "HandCountEntered": {
      const d = event.data;
      const vote = state.votes.get(d.voteId);
      if (!vote) return state;
      const handCount: HandCountState = {
        yes: d.yes,
        no: d.no,
        abstain: d.abstain,
        countedAt: d.countedAt,
        enteredBy: meta.actor,
        enteredAt: meta.at,
        reason: d.reason,
      };
      const closed = updateMeeting(state, d.meetingId, (m) => ({
        ...m,
        openVoteId: m.openVoteId === d.voteId ? null : m.openVoteId,
        handCountKeys: withEntry(m.handCountKeys, ballotKey(meta.actor, d.idempotencyKey), { voteId: d.voteId, request: d.request }),
      }));
      const counted: VoteState = {
        ...vote,
        status: "CLOSED",
        closedAt: meta.at,
        counts: { yes: d.yes, no: d.no, abstain: d.abstain },
        result: d.result,
        handCount,
      };
      return { ...closed, votes: withEntry(state.votes, d.voteId, counted) };
    }
    case "TieResolved": {
      const vote = state.votes.get(event.data.voteId);
      if (!vote) return state;
      return { ...state, votes: withEntry(state.votes, vote.id, { ...vote, result: event.data.result }) };
    }
    case "ProposalAdded":
      return updateMeeting(state, event.data.meetingId, (m) => ({
        ...m,
        items: updateEntry(m.items, event.data.itemId, (item) => ({ ...item, proposals: [...item.proposals, event.data.proposal] })),
      }));
    case "DecisionRecorded":
      return updateMeeting(state, event.data.meetingId, (m) => ({
        ...m,
        items: updateEntry(m.items, event.data.itemId, (item) => ({ ...item, decision: event.data.text })),
      }));
    case "ReservationRecorded": {
      const { memberId, text } = event.data;
      const reservation: ReservationRecord = { memberId, text, recordedBy: meta.actor, recordedAt: meta.at };
      return updateMeeting(state, event.data.meetingId, (m) => ({
        ...m,
        items: updateEntry(m.items, event.data.itemId, (item) => ({ ...item, reservations: [...item.reservations, reservation] })),
      }));
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/**
 * Notes everyone serving at the current item, jäv stand-ins included: leaving after serving is
 * leaving (RULES.md 3). Serving is worked out by the same seatViews the meeting shows.
 */
function withServing(state: CouncilState, meeting: MeetingState): MeetingState {
  const registered = state.assemblies.get(meeting.assemblyId);
  if (meeting.currentItemId === null || !registered) return meeting;
  const assembly = rosterView(registered, meeting.rosterVersion);
  const served = new Set(meeting.served);
  for (const seat of seatViews(meeting, assembly)) if (seat.servedBy !== null) served.add(seat.servedBy);
  return served.size === meeting.served.size ? meeting : { ...meeting, served };
}

function correction(
  meta: EventMeta,
  kind: CorrectionRecord["kind"],
  memberId: string,
  voteId: string | null,
  reason: string,
  correctsSeq: number,
): CorrectionRecord {
  return { seq: meta.seq ?? 0, at: meta.at, correctedBy: meta.actor, kind, memberId, voteId, reason, correctsSeq };
}

export function emptyAttendance(assembly: AssemblyState): Attendance {
  const seats: SeatState[] = [];
  for (const member of assembly.members.values()) {
    if (member.kind === "ORDINARY" && member.seat !== null) {
      seats.push({ number: member.seat, holderId: member.id, holderPresent: false, substituteId: null });
    }
  }
  seats.sort((a, b) => a.number - b.number);
  return { seats, presentSubstitutes: new Set(), departed: new Set() };
}

function recordAttendance(meeting: MeetingState, change: (a: Attendance) => Attendance): MeetingState {
  const recordedAttendance = change(meeting.recordedAttendance);
  // Between items (none current yet) a change takes effect at once; during an item, from the next.
  const attendance = meeting.currentItemId === null ? recordedAttendance : meeting.attendance;
  return { ...meeting, recordedAttendance, attendance };
}

function applyPresence(a: Attendance, memberId: string, present: boolean, hasServed: boolean): Attendance {
  const departed = new Set(a.departed);
  // Leaving after serving at an item is leaving (RULES.md 3); absence at the roll-call is not.
  if (!present && hasServed) departed.add(memberId);
  if (present) departed.delete(memberId);
  const holderSeat = a.seats.find((s) => s.holderId === memberId);
  if (holderSeat) {
    // A holder who is present serves; the substitute who sat in for them steps down but stays present.
    const seat = { ...holderSeat, holderPresent: present, substituteId: present ? null : holderSeat.substituteId };
    return { ...replaceSeat(a, seat), departed };
  }
  const presentSubstitutes = new Set(a.presentSubstitutes);
  if (present) {
    presentSubstitutes.add(memberId);
    return { ...a, presentSubstitutes, departed };
  }
  presentSubstitutes.delete(memberId);
  const seats = a.seats.map((s) => (s.substituteId === memberId ? { ...s, substituteId: null } : s));
  return { seats, presentSubstitutes, departed };
}

function applySubstitute(a: Attendance, seatNumber: number, substituteId: string | null): Attendance {
  const seat = a.seats.find((s) => s.number === seatNumber);
  if (!seat) return a;
  if (substituteId === null) return replaceSeat(a, { ...seat, holderPresent: true, substituteId: null });
  const presentSubstitutes = new Set(a.presentSubstitutes).add(substituteId);
  return { ...replaceSeat(a, { ...seat, substituteId }), presentSubstitutes };
}

function replaceSeat(a: Attendance, seat: SeatState): Attendance {
  return { ...a, seats: a.seats.map((s) => (s.number === seat.number ? seat : s)) };
}

/** An item's votes, in the order held. */
export function votesOf(state: CouncilState, item: ItemState): VoteState[] {
  return item.voteIds.flatMap((id) => state.votes.get(id) ?? []);
}

/**
 * Where a vote opened at `openedAt` goes among an item's votes (in the order held): after every vote
 * opened at or before it, so that votes at the same time keep the order they were entered in.
 */
export function heldPosition(held: readonly VoteState[], openedAt: string): number {
  const at = Date.parse(openedAt);
  const after = held.findIndex((v) => Date.parse(v.openedAt) > at);
  return after === -1 ? held.length : after;
}

/** Counts with one answer added (delta 1) or taken away (delta -1). */
export function addChoice(counts: Counts, choice: Choice, delta: number): Counts {
  switch (choice) {
    case "YES":
      return { ...counts, yes: counts.yes + delta };
    case "NO":
      return { ...counts, no: counts.no + delta };
    case "ABSTAIN":
      return { ...counts, abstain: counts.abstain + delta };
    default: {
      const unknown: never = choice;
      return unknown;
    }
  }
}

/** A new agenda item's state. */
export function newItem(meetingId: string, item: AgendaItemRecord, addedDuringMeeting: ItemState["addedDuringMeeting"] = null): ItemState {
  return { ...item, meetingId, decision: null, voteIds: [], recusals: [], heldWith: null, reservations: [], addedDuringMeeting };
}

/** Users known installation-wide, with names from the latest entry; the first member a user is stays theirs. */
export function withUsers(known: ReadonlyMap<string, UserState>, users: readonly { readonly userId: string; readonly displayName: string; readonly memberId: string | null }[]): ReadonlyMap<string, UserState> {
  const all = new Map(known);
  for (const u of users) {
    const before = all.get(u.userId);
    all.set(u.userId, { userId: u.userId, displayName: u.displayName, memberId: before?.memberId ?? u.memberId });
  }
  return all;
}

export function updateMeeting(state: CouncilState, meetingId: string, change: (m: MeetingState) => MeetingState): CouncilState {
  return { ...state, meetings: updateEntry(state.meetings, meetingId, change) };
}

export function withEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> {
  const copy = new Map(map);
  copy.set(key, value);
  return copy;
}

export function updateEntry<K, V>(map: ReadonlyMap<K, V>, key: K, change: (v: V) => V): ReadonlyMap<K, V> {
  const value = map.get(key);
  return value === undefined ? map : withEntry(map, key, change(value));
}
