import { getMeeting } from "../domain/council/decide.js";
import { assemblyOfMeeting } from "../domain/council/rosters.js";
import type { MemberRecord, MemberKind, Choice, VoteMethod, Majority, Outcome, DecidedBy } from "../domain/council/events.js";
import { adoptedProposal, attendanceAt, seatViews, votingListOf } from "../domain/council/procedure.js";
import { votesOf, type AssemblyState, type CouncilState, type ItemState, type MeetingState, type MeetingStatus, type VoteState, type VoteStatus } from "../domain/council/state.js";

/**
 * The minutes (protokollsutdrag, RULES.md 17) of one meeting, made from the ledger's state: for each
 * item who served in each seat, the proposals, every vote in the order held with its voting list,
 * the decision and reservations. They carry the ledger head they were made from (DESIGN.md, Ledger),
 * so that `npm run verify-minutes` can make them again from the ledger and compare. Pure: the same
 * state, head and time give the same minutes. The JSON shape is the export format: keep the names.
 */

export const MINUTES_FORMAT = "council-minutes/1";

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly party: string;
  readonly kind: MemberKind;
}

export interface ProposalRef {
  readonly id: string;
  readonly label: string;
}

export interface MinutesSeat {
  readonly seat: number;
  readonly holder: Person;
  /** Who served: the holder, a substitute (for an absent holder or a holder with jäv), or nobody. */
  readonly servedBy: Person | null;
  /** The member who would have served but had jäv on the item. */
  readonly recused: Person | null;
}

export type ChangeReason = "SUBSTITUTE" | "RECUSAL" | "ABSENT" | "RETURNED";

export interface SeatChange {
  readonly seat: number;
  readonly from: Person | null;
  readonly to: Person | null;
  readonly why: ChangeReason;
}

export interface VotingListLine {
  readonly seat: number;
  readonly member: Person;
  /** The member's last answer; null: no answer (absent from the count). */
  readonly answer: Choice | null;
  readonly recordedBy: "MEMBER" | "CLERK" | null;
  /** A hand count replaced the vote's result: this device answer does not count (RULES.md 14). */
  readonly superseded: boolean;
}

export interface CorrectionLine {
  readonly memberId: string;
  readonly reason: string;
  /** The correcting ledger entry. */
  readonly seq: number;
}

export interface MinutesVote {
  readonly id: string;
  readonly round: number;
  readonly method: VoteMethod;
  readonly question: string;
  readonly majority: Majority;
  readonly yesProposal: ProposalRef | null;
  readonly noProposal: ProposalRef | null;
  readonly status: VoteStatus;
  readonly openedAt: string;
  readonly closedAt: string | null;
  readonly cancelReason: string | null;
  readonly result: {
    readonly outcome: Outcome;
    readonly decidedBy: DecidedBy | null;
    readonly yes: number;
    readonly no: number;
    readonly abstain: number;
    readonly absent: number;
  } | null;
  readonly handCount: {
    readonly yes: number;
    readonly no: number;
    readonly abstain: number;
    readonly countedAt: string;
    readonly reason: string;
    readonly enteredBy: string;
    readonly enteredAt: string;
  } | null;
  /** Every eligible member: by seat, or in call order (the chair last) for a roll-call vote. */
  readonly votingList: readonly VotingListLine[];
  readonly corrections: readonly CorrectionLine[];
}

export interface MinutesItem {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly caseNumber: string | null;
  readonly takenUp: boolean;
  /** Who served in each seat at the item; null for an item never taken up. */
  readonly seating: readonly MinutesSeat[] | null;
  /** Where the seating differs from the item taken up before it (the first: from the holders). */
  readonly changes: readonly SeatChange[];
  readonly recusals: readonly Person[];
  readonly proposals: ReadonlyArray<{ readonly id: string; readonly label: string; readonly text: string; readonly proposedBy: string | null }>;
  /** In the order held (round order). */
  readonly votes: readonly MinutesVote[];
  readonly decision: string | null;
  readonly adoptedProposal: ProposalRef | null;
  readonly reservations: ReadonlyArray<{ readonly member: Person; readonly text: string | null; readonly recordedBy: string; readonly recordedAt: string }>;
  /** An extra item put on the agenda after the meeting opened: when, and by whom. */
  readonly addedDuringMeeting: { readonly at: string; readonly by: string } | null;
}

export interface Minutes {
  readonly format: typeof MINUTES_FORMAT;
  readonly generatedAt: string;
  readonly ledgerHead: { readonly seq: number; readonly hash: string };
  readonly assembly: { readonly id: string; readonly name: string; readonly seatCount: number };
  readonly meeting: {
    readonly id: string;
    readonly title: string;
    readonly scheduledAt: string;
    readonly status: MeetingStatus;
    readonly openedAt: string | null;
    readonly closedAt: string | null;
    /** The roster version the meeting was held with (its seats, members and names). */
    readonly rosterVersion: number;
    /** Who presided from when: the chair at the opening, then each change (a vice chair taking the chair). */
    readonly presiding: ReadonlyArray<{ readonly member: Person; readonly from: string }>;
  };
  readonly items: readonly MinutesItem[];
  readonly attendanceCorrections: readonly CorrectionLine[];
}

/** The minutes of `meetingId` as `state` holds it; NOT_FOUND for a meeting it does not have. */
export function minutesOf(state: CouncilState, meetingId: string, head: { seq: number; hash: string }, generatedAt: string): Minutes {
  const meeting = getMeeting(state, meetingId);
  const assembly = assemblyOfMeeting(state, meeting);
  if (!assembly) throw new Error(`Read model without assembly ${meeting.assemblyId}`);
  const person = personOf(assembly);
  const agenda = [...meeting.items.values()].sort((a, b) => a.number - b.number);
  let previous: readonly MinutesSeat[] | null = null;
  const items = agenda.map((item) => {
    const seating = seatingOf(meeting, assembly, item, person);
    const changes = seating === null ? [] : changesOf(previous, seating);
    if (seating !== null) previous = seating;
    return itemOf(state, meeting, item, seating, changes, person);
  });
  return {
    format: MINUTES_FORMAT,
    generatedAt,
    ledgerHead: { seq: head.seq, hash: head.hash },
    assembly: { id: assembly.id, name: assembly.name, seatCount: assembly.seatCount },
    meeting: {
      id: meeting.id,
      title: meeting.title,
      scheduledAt: meeting.scheduledAt,
      status: meeting.status,
      openedAt: meeting.openedAt,
      closedAt: meeting.closedAt,
      rosterVersion: meeting.rosterVersion,
      presiding: meeting.presiding.map((p) => ({ member: person(p.memberId), from: p.at })),
    },
    items,
    attendanceCorrections: meeting.corrections.filter((c) => c.kind === "ATTENDANCE").map(correctionLine),
  };
}

type PersonOf = (memberId: string) => Person;

function personOf(assembly: AssemblyState): PersonOf {
  return (memberId) => {
    const member: MemberRecord | undefined = assembly.members.get(memberId);
    if (!member) throw new Error(`Read model without member ${memberId}`);
    return { id: member.id, name: member.name, party: member.party, kind: member.kind };
  };
}

/** Who served in each seat at the item (RULES.md 2, 5, 17), jäv stand-ins included; null if never taken up. */
function seatingOf(meeting: MeetingState, assembly: AssemblyState, item: ItemState, person: PersonOf): MinutesSeat[] | null {
  const attendance = attendanceAt(meeting, item);
  if (attendance === null) return null;
  return seatViews(meeting, assembly, item.id, attendance).map((view) => ({
    seat: view.number,
    holder: person(view.holderId),
    servedBy: view.servedBy === null ? null : person(view.servedBy),
    recused: view.recusedId === null ? null : person(view.recusedId),
  }));
}

/**
 * Each seat whose seating (who served, who had jäv) differs from the item taken up before; for the
 * first item taken up, each seat not served by its holder.
 */
function changesOf(previous: readonly MinutesSeat[] | null, seating: readonly MinutesSeat[]): SeatChange[] {
  return seating.flatMap((now): SeatChange[] => {
    const before = previous?.find((s) => s.seat === now.seat) ?? { ...now, servedBy: now.holder, recused: null };
    if (before.servedBy?.id === now.servedBy?.id && before.recused?.id === now.recused?.id) return [];
    return [{ seat: now.seat, from: before.servedBy, to: now.servedBy, why: reasonOf(now) }];
  });
}

function reasonOf(seat: MinutesSeat): ChangeReason {
  if (seat.recused !== null) return "RECUSAL";
  if (seat.servedBy === null) return "ABSENT";
  return seat.servedBy.id === seat.holder.id ? "RETURNED" : "SUBSTITUTE";
}

function itemOf(
  state: CouncilState,
  meeting: MeetingState,
  item: ItemState,
  seating: MinutesSeat[] | null,
  changes: SeatChange[],
  person: PersonOf,
): MinutesItem {
  const votes = votesOf(state, item);
  const adopted = adoptedProposal(item, votes);
  return {
    id: item.id,
    number: item.number,
    title: item.title,
    caseNumber: item.caseNumber,
    takenUp: seating !== null,
    seating,
    changes,
    recusals: item.recusals.map(person),
    proposals: item.proposals.map((p) => ({ id: p.id, label: p.label, text: p.text, proposedBy: p.proposedBy })),
    votes: votes.map((vote) => voteOf(meeting, item, vote, person)),
    decision: item.decision,
    adoptedProposal: adopted === null ? null : { id: adopted.id, label: adopted.label },
    reservations: item.reservations.map((r) => ({ member: person(r.memberId), text: r.text, recordedBy: r.recordedBy, recordedAt: r.recordedAt })),
    addedDuringMeeting: item.addedDuringMeeting,
  };
}

function voteOf(meeting: MeetingState, item: ItemState, vote: VoteState, person: PersonOf): MinutesVote {
  const proposal = (id: string | null): ProposalRef | null => {
    const found = id === null ? undefined : item.proposals.find((p) => p.id === id);
    return found ? { id: found.id, label: found.label } : null;
  };
  const lines = votingListOf(vote).map(({ memberId, seat, ballot, superseded }): VotingListLine => {
    const member = person(memberId);
    return {
      // A vote written before seats were recorded: the holder's own seat (0 for a substitute).
      seat: seat ?? seatOfHolder(meeting, memberId) ?? 0,
      member,
      answer: ballot?.choice ?? null,
      recordedBy: ballot === null ? null : ballot.source === "DEVICE" ? "MEMBER" : "CLERK",
      superseded,
    };
  });
  // A roll-call lists members as called (seat order, the chair last); any other vote by seat.
  const votingList = vote.method === "ROLL_CALL" ? lines : [...lines].sort((a, b) => a.seat - b.seat);
  const { result, handCount } = vote;
  return {
    id: vote.id,
    round: vote.round,
    method: vote.method,
    question: vote.question,
    majority: vote.majority,
    yesProposal: proposal(vote.yesProposalId),
    noProposal: proposal(vote.noProposalId),
    status: vote.status,
    openedAt: vote.openedAt,
    closedAt: vote.closedAt,
    cancelReason: vote.cancelReason,
    result:
      result === null
        ? null
        : { outcome: result.outcome, decidedBy: result.decidedBy, yes: result.yes, no: result.no, abstain: result.abstain, absent: result.absent },
    handCount:
      handCount === null
        ? null
        : {
            yes: handCount.yes,
            no: handCount.no,
            abstain: handCount.abstain,
            countedAt: handCount.countedAt,
            reason: handCount.reason,
            enteredBy: handCount.enteredBy,
            enteredAt: handCount.enteredAt,
          },
    votingList,
    corrections: meeting.corrections.filter((c) => c.kind === "BALLOT" && c.voteId === vote.id).map(correctionLine),
  };
}

function seatOfHolder(meeting: MeetingState, memberId: string): number | null {
  return meeting.attendance.seats.find((s) => s.holderId === memberId)?.number ?? null;
}

function correctionLine(c: { readonly memberId: string; readonly reason: string; readonly seq: number }): CorrectionLine {
  return { memberId: c.memberId, reason: c.reason, seq: c.seq };
}
