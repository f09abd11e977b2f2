import { intArg, nonNull, idArg, stringArg, queryType } from "nexus";
import { apiError } from "../errors.js";
import { hasMeetingRole, requireUser } from "../context.js";

const MAX_PAGE = 1000;

export const Query = queryType({
  definition(t) {
    t.field("viewer", {
      type: "Viewer",
      resolve: (_root, _args, ctx) => requireUser(ctx),
    });
    t.list.field("assemblies", {
      type: "Assembly",
      resolve: (_root, _args, ctx) => {
        requireUser(ctx);
        return [...ctx.council.state.assemblies.values()];
      },
    });
    t.nullable.field("meeting", {
      type: "Meeting",
      args: { id: nonNull(idArg()) },
      resolve: (_root, { id }, ctx) => {
        requireUser(ctx);
        return ctx.council.state.meetings.get(id) ?? null;
      },
    });
    t.nullable.field("meetingForTeams", {
      type: "Meeting",
      args: { teamsMeetingId: nonNull(stringArg()) },
      resolve: (_root, { teamsMeetingId }, ctx) => {
        requireUser(ctx);
        return [...ctx.council.state.meetings.values()].find((m) => m.teamsMeetingId === teamsMeetingId) ?? null;
      },
    });
    t.nullable.field("vote", {
      type: "Vote",
      args: { id: nonNull(idArg()) },
      resolve: (_root, { id }, ctx) => {
        requireUser(ctx);
        return ctx.council.state.votes.get(id) ?? null;
      },
    });
    t.list.field("ledger", {
      type: "LedgerEntry",
      description:
        "CHAIR, CLERK, ADMIN. The meeting's entries of the one installation-wide chain, in seq order; first\nmay be up to 1000 (page on with afterSeq).",
      args: { meetingId: nonNull(idArg()), afterSeq: intArg(), first: intArg({ default: 100 }) },
      resolve: async (_root, { meetingId, afterSeq, first }, ctx) => {
        requireUser(ctx);
        const meeting = ctx.council.state.meetings.get(meetingId);
        if (!meeting) throw apiError("NOT_FOUND", `Meeting ${meetingId} was not found.`);
        if (!hasMeetingRole(ctx, meeting, ["CHAIR", "CLERK", "ADMIN"])) {
          throw apiError("FORBIDDEN", "Only the chair, clerks and admins read the ledger.");
        }
        const page = first ?? 100;
        if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) throw apiError("BAD_INPUT", `first must be 1-${MAX_PAGE}.`);
        if (afterSeq !== null && afterSeq !== undefined && afterSeq < 0) throw apiError("BAD_INPUT", "afterSeq cannot be negative.");
        return ctx.ledger.entriesOf(meetingId, afterSeq ?? 0, page);
      },
    });
    t.field("verifyLedger", {
      type: "LedgerVerification",
      description: "Anyone signed in. Recomputes the whole chain and compares a replay with the live read models.",
      resolve: (_root, _args, ctx) => {
        requireUser(ctx);
        return ctx.council.verify();
      },
    });
  },
});
