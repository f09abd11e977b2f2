import { idArg, nonNull, subscriptionType } from "nexus";
import { requireUser } from "../context.js";
import { apiError } from "../errors.js";
import { changes } from "../changes.js";
import { meetingOf, voteOf } from "../present.js";

export const Subscription = subscriptionType({
  definition(t) {
    t.field("meetingUpdated", {
      type: "Meeting",
      description: "Fires after every change to the meeting (attendance, current item, votes, ballots), and once at once.",
      args: { meetingId: nonNull(idArg()) },
      subscribe: (_root, { meetingId }, ctx) => {
        requireUser(ctx);
        if (!ctx.council.state.meetings.has(meetingId)) throw apiError("NOT_FOUND", `Meeting ${meetingId} was not found.`);
        return changes(ctx.council, (c) => c.meetingIds.has(meetingId));
      },
      resolve: (_signal, { meetingId }, ctx) => meetingOf(ctx.council.state, meetingId),
    });
    t.field("voteUpdated", {
      type: "Vote",
      description: "Fires after every ballot, close or hand count of the vote, and once at once.",
      args: { voteId: nonNull(idArg()) },
      subscribe: (_root, { voteId }, ctx) => {
        requireUser(ctx);
        if (!ctx.council.state.votes.has(voteId)) throw apiError("NOT_FOUND", `Vote ${voteId} was not found.`);
        return changes(ctx.council, (c) => c.voteIds.has(voteId));
      },
      resolve: (_signal, { voteId }, ctx) => voteOf(ctx.council.state, voteId),
    });
  },
});
