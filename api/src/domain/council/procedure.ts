import type { ProposalRecord } from "./events.js";
import type { ItemState, VoteState } from "./state.js";

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

/** The proposal the item's last decided vote adopted: the last vote decides the item. */
export function adoptedProposal(item: ItemState, votes: readonly VoteState[]): ProposalRecord | null {
  const decided = votes.filter((v) => v.status === "CLOSED" && v.result !== null && v.result.outcome !== "TIE");
  const last = decided.at(-1);
  const winner = last ? winnerOf(last) : null;
  return item.proposals.find((p) => p.id === winner) ?? null;
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
