import type { Choice, Majority, QuorumRule, VoteResultRecord } from "./events.js";
import type { Counts } from "./state.js";

export interface ResultInput {
  readonly counts: Counts;
  readonly eligible: number;
  /** Seats served when the vote opened (the base of TWO_THIRDS_OF_PRESENT). */
  readonly present: number;
  readonly majority: Majority;
  /** How the chair answered, if the chair voted (RULES.md 11). */
  readonly chairChoice: Choice | null;
}

/** Quorum (RULES.md 4): by default more than half of the seats; an assembly may have its own rule. */
export function quorumRequired(seatCount: number, rule: QuorumRule = "MORE_THAN_HALF"): number {
  switch (rule) {
    case "MORE_THAN_HALF":
      return Math.floor(seatCount / 2) + 1;
    case "AT_LEAST_HALF":
      return Math.ceil(seatCount / 2);
    case "NONE":
      return 0;
    default: {
      const unknown: never = rule;
      return unknown;
    }
  }
}

/** TWO_THIRDS_OF_PRESENT: YES needs at least two thirds of the members present, rounded up (RULES.md 10). */
export const twoThirdsOf = (present: number): number => Math.ceil((2 * present) / 3);

/** The result of a vote from its counts, by the vote's majority rule (RULES.md 10-11). */
export function computeResult({ counts, eligible, present, majority, chairChoice }: ResultInput): VoteResultRecord {
  const { yes, no, abstain } = counts;
  const base = { yes, no, abstain, absent: Math.max(0, eligible - yes - no - abstain) };
  switch (majority) {
    case "TWO_THIRDS_OF_PRESENT":
      return { ...base, outcome: yes >= twoThirdsOf(present) ? "YES" : "NO", decidedBy: "MAJORITY" };
    case "SIMPLE":
      if (yes !== no) return { ...base, outcome: yes > no ? "YES" : "NO", decidedBy: "MAJORITY" };
      // A tie goes the chair's way; if the chair abstained or did not vote, the chair must decide it.
      if (chairChoice === "YES" || chairChoice === "NO") {
        return { ...base, outcome: chairChoice, decidedBy: "CASTING_VOTE" };
      }
      return { ...base, outcome: "TIE", decidedBy: null };
    default: {
      const unknown: never = majority;
      return unknown;
    }
  }
}
