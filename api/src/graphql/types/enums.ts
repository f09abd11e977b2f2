import { Kind } from "graphql";
import { enumType, scalarType } from "nexus";
import { apiError } from "../errors.js";

export const DateTime = scalarType({
  name: "DateTime",
  description: "ISO-8601 UTC, e.g. 2026-11-22T19:03:00.000Z",
  sourceType: "string",
  serialize: (value) => value,
  parseValue: (value) => parseDateTime(value),
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? parseDateTime(ast.value) : null),
});

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

/** Accepts an ISO-8601 UTC time and returns it normalised (milliseconds, Z). */
function parseDateTime(value: unknown): string {
  if (typeof value !== "string" || !ISO_UTC.test(value) || Number.isNaN(Date.parse(value))) {
    throw apiError("BAD_INPUT", `DateTime must be an ISO-8601 UTC time such as 2026-11-22T19:03:00.000Z, got ${JSON.stringify(value)}.`);
  }
  return new Date(value).toISOString();
}

export const Role = enumType({ name: "Role", members: ["ADMIN", "CHAIR", "CLERK", "MEMBER", "OBSERVER"] });
export const MemberKind = enumType({ name: "MemberKind", members: ["ORDINARY", "SUBSTITUTE"] });
export const MeetingStatus = enumType({ name: "MeetingStatus", members: ["SCHEDULED", "OPEN", "CLOSED"] });
export const ItemStatus = enumType({ name: "ItemStatus", members: ["PENDING", "CURRENT", "DECIDED"] });
export const SeatStatus = enumType({ name: "SeatStatus", members: ["PRESENT", "ABSENT"] });
export const Choice = enumType({ name: "Choice", members: ["YES", "NO", "ABSTAIN"] });
export const VoteMethod = enumType({ name: "VoteMethod", members: ["ELECTRONIC", "ROLL_CALL", "HAND_COUNT"] });
export const VoteStatus = enumType({ name: "VoteStatus", members: ["OPEN", "CLOSED", "CANCELLED"] });
export const BallotSource = enumType({
  name: "BallotSource",
  description:
    "DEVICE: cast by the member. CLERK: entered on the member's behalf by a clerk or the chair\n(roll-call answers, a failed tablet); recordedBy says who.",
  members: ["DEVICE", "CLERK"],
});
export const Majority = enumType({
  name: "Majority",
  description:
    "How many YES votes are needed. SIMPLE: more YES than NO (ties go to the chair's casting vote).\nTWO_THIRDS_OF_PRESENT: YES >= 2/3 of the members present in seats (rounded up).",
  members: ["SIMPLE", "TWO_THIRDS_OF_PRESENT"],
});
export const Outcome = enumType({
  name: "Outcome",
  description:
    "YES: the proposal put as Ja is adopted. NO: the proposal put as Nej is adopted (or the motion falls).\nTIE: equal and not yet resolved (the chair abstained or did not vote): resolveTie must follow.",
  members: ["YES", "NO", "TIE"],
});
export const DecidedBy = enumType({ name: "DecidedBy", members: ["MAJORITY", "CASTING_VOTE"] });
