import type { ProposalRecord } from "./events.js";
import { quorumRequired } from "./result.js";
import { servedBy, type AssemblyState, type Attendance, type BallotState, type ItemState, type MeetingState, type VoteState } from "./state.js";

/**
 * Derived procedure: what follows from the state without a command. Pure; the API shows these,
 * `decide` enforces them.
 */

/** The proposal a closed vote put aside: the losing side, if it names one (RULES.md 13). */
export function loserOf(vote: VoteState): string | null {
  if (vote.status !== "CLOSED" || !vote.result) return null;
  if (vote.result.outcome === "YES") return vote.noProposalId;
  if (vote.result.outcome === "NO") return vote.yesProposalId;
  return null;
}

/** The proposal a closed vote adopted: the winning side, if it names one. */
export function winnerOf(vote: VoteState): string | null {
  if (vote.status !== "CLOSED" || !vote.result) return null;
  if (vote.result.outcome === "YES") return vote.yesProposalId;
  if (vote.result.outcome === "NO") return vote.noProposalId;
  return null;
}

/**
 * Contra-proposition (RULES.md 13): the proposals still in play for the next round. Each closed vote
 * puts its losing side out; after the main vote only the adopted proposal is left.
 */
export function remainingProposals(item: ItemState, votes: readonly VoteState[]): ProposalRecord[] {
  const out = new Set(votes.map(loserOf).filter((id): id is string => id !== null));
  return item.proposals.filter((p) => !out.has(p.id));
}

/**
 * The proposal the item adopted: once every other proposal is out (after the main vote), the one
 * left, if the last decided vote chose it. Before the main vote, none.
 */
export function adoptedProposal(item: ItemState, votes: readonly VoteState[]): ProposalRecord | null {
  const remaining = remainingProposals(item, votes);
  const decided = votes.filter((v) => v.status === "CLOSED" && v.result !== null && v.result.outcome !== "TIE");
  const last = decided.at(-1);
  const [only] = remaining;
  return remaining.length === 1 && only && last && winnerOf(last) === only.id ? only : null;
}

/**
 * Roll-call vote (RULES.md 9): who is called next. Members are called in seat order from the one
 * who answered last; a member who was not ready is called again at the end; the chair is last.
 */
export function nextToAnswer(vote: VoteState): string | null {
  if (vote.status !== "OPEN") return null;
  const others = vote.eligible.filter((id) => id !== vote.chairMemberId);
  const unanswered = others.filter((id) => !vote.ballots.has(id));
  if (unanswered.length === 0) {
    const chair = vote.chairMemberId;
    return chair !== null && !vote.ballots.has(chair) ? chair : null;
  }
  const position = new Map(others.map((id, i) => [id, i]));
  const last = vote.lastAnswered === null ? -1 : (position.get(vote.lastAnswered) ?? -1);
  return unanswered.find((id) => (position.get(id) ?? -1) > last) ?? unanswered[0] ?? null;
}

/** A seat as the meeting shows it: who serves for the current item, and what is recorded for the next. */
export interface SeatView {
  readonly number: number;
  readonly holderId: string;
  /** Who serves now, jäv replacements included. */
  readonly servedBy: string | null;
  /** The member who would serve but has jäv on the current item. */
  readonly recusedId: string | null;
  /** Who serves from the next item, as recorded (changes during an item wait for the next one). */
  readonly nextServedBy: string | null;
  /** The party's next free substitute by rank, for a seat that will be empty (RULES.md 1). */
  readonly suggestedSubstituteId: string | null;
}

/**
 * The seats of a meeting (RULES.md 1-5): the attendance given (by default the one in effect now),
 * with each member who has jäv on the item (by default the current one) replaced by the party's next
 * present substitute, or nobody.
 */
export function seatViews(
  meeting: MeetingState,
  assembly: AssemblyState,
  itemId: string | null = meeting.currentItemId,
  effective: Attendance = meeting.attendance,
): SeatView[] {
  const item = itemId === null ? undefined : meeting.items.get(itemId);
  const recused = new Set(item?.recusals ?? []);
  const busy = new Set(effective.seats.map((s) => s.substituteId).filter((id): id is string => id !== null));
  const recordedBusy = new Set(meeting.recordedAttendance.seats.map((s) => s.substituteId).filter((id): id is string => id !== null));
  const departedOut = assembly.settings.noReturnAfterLeaving ? meeting.recordedAttendance.departed : new Set<string>();
  return effective.seats.map((seat, i) => {
    const holder = assembly.members.get(seat.holderId);
    const party = holder?.party ?? "";
    let serving = servedBy(seat);
    let recusedId: string | null = null;
    if (serving !== null && recused.has(serving)) {
      recusedId = serving;
      const stand = substitutesOf(assembly, party).find(
        (id) => effective.presentSubstitutes.has(id) && !busy.has(id) && !recused.has(id),
      );
      if (stand) busy.add(stand);
      serving = stand ?? null;
    }
    const recordedSeat = meeting.recordedAttendance.seats[i] ?? seat;
    const nextServedBy = servedBy(recordedSeat);
    const suggestedSubstituteId =
      nextServedBy !== null ? null : (substitutesOf(assembly, party).find((id) => !recordedBusy.has(id) && !departedOut.has(id)) ?? null);
    // Two empty seats of one party are offered two different substitutes.
    if (suggestedSubstituteId !== null) recordedBusy.add(suggestedSubstituteId);
    return { number: seat.number, holderId: seat.holderId, servedBy: serving, recusedId, nextServedBy, suggestedSubstituteId };
  });
}

/**
 * Who served at an item (RULES.md 2, 17): the attendance in effect for the current item, the one it
 * was held with for an item the meeting has moved on from, and null for an item never taken up.
 */
export function attendanceAt(meeting: MeetingState, item: ItemState): Attendance | null {
  return meeting.currentItemId === item.id ? meeting.attendance : item.heldWith;
}

/**
 * Who took part in an item's decision (KL 4:27, RULES.md 17), for reservations. When it was decided
 * by vote: the members who answered Ja or Nej in the last vote held on it (the one that decided;
 * who abstained or did not answer took no part), or, for a vote counted by hand, whose individual
 * answers are not known, every member eligible in it. When it was decided without a vote: those who
 * served in a seat at it. Never a member with jäv on the item. Null when nobody is known to have
 * taken part: the item was decided without a vote and never taken up.
 */
export function participantsOf(meeting: MeetingState, assembly: AssemblyState, item: ItemState, votes: readonly VoteState[]): ReadonlySet<string> | null {
  const decisive = votes.filter((v) => v.status !== "CANCELLED").at(-1);
  let members: readonly string[];
  if (decisive) {
    members =
      decisive.handCount !== null
        ? decisive.eligible
        : decisive.eligible.filter((id) => {
            const choice = decisive.ballots.get(id)?.choice;
            return choice === "YES" || choice === "NO";
          });
  } else {
    const attendance = attendanceAt(meeting, item);
    if (attendance === null) return null;
    members = seatViews(meeting, assembly, item.id, attendance).flatMap((s) => (s.servedBy === null ? [] : [s.servedBy]));
  }
  const recused = new Set(item.recusals);
  return new Set(members.filter((id) => !recused.has(id)));
}

/** One line of a vote's voting list (voteringslista). */
export interface VotingListEntry {
  readonly memberId: string;
  /** The seat the member served in when the vote opened (null in entries written before seats were recorded). */
  readonly seat: number | null;
  /** The member's last answer, or null: no answer (absent from the count once closed). */
  readonly ballot: BallotState | null;
  /** A hand count replaced the vote's result: this answer stays in the record but does not count (RULES.md 14). */
  readonly superseded: boolean;
}

/** Every eligible member of a vote in call order (seat order, the chair last), with their answer. */
export function votingListOf(vote: VoteState): VotingListEntry[] {
  return vote.eligible.map((memberId, i) => {
    const ballot = vote.ballots.get(memberId) ?? null;
    return { memberId, seat: vote.seats[i] ?? null, ballot, superseded: ballot !== null && vote.handCount !== null };
  });
}

/** A party's substitutes in rank order. */
export function substitutesOf(assembly: AssemblyState, party: string): string[] {
  return [...assembly.members.values()]
    .filter((m) => m.kind === "SUBSTITUTE" && m.party === party)
    .sort((a, b) => (a.substituteRank ?? 0) - (b.substituteRank ?? 0))
    .map((m) => m.id);
}

export interface QuorumState {
  readonly required: number;
  readonly present: number;
  readonly met: boolean;
}

/** Quorum counts served seats, substitutes included (RULES.md 4). */
export function quorumOf(assembly: AssemblyState, seats: readonly SeatView[]): QuorumState {
  const required = quorumRequired(assembly.seatCount, assembly.settings.quorum);
  const present = seats.filter((s) => s.servedBy !== null).length;
  return { required, present, met: present >= required };
}
