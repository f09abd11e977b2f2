import { arg, booleanArg, idArg, intArg, mutationType, nonNull, stringArg } from "nexus";
import { execute, requireUser } from "../context.js";
import { found } from "../present.js";
import { findItem, handCountVoteId } from "../../domain/council/decide.js";
import { ballotKey, type CouncilState } from "../../domain/council/state.js";

/** Each mutation: arguments in, one command, the changed object out. Rules live in the domain. */
export const Mutation = mutationType({
  definition(t) {
    t.field("openMeeting", {
      type: "Meeting",
      description: "CHAIR. Opens the meeting; attendance can then be recorded.",
      args: { meetingId: nonNull(idArg()) },
      resolve: async (_root, { meetingId }, ctx) => {
        const state = await execute(ctx, { type: "OpenMeeting", data: { meetingId } });
        return found(state.meetings.get(meetingId), "The meeting");
      },
    });
    t.field("linkTeamsMeeting", {
      type: "Meeting",
      description:
        "CHAIR, CLERK or ADMIN. Links the council meeting to the Teams meeting it is held in (the tab's configuration page); meetingForTeams then finds it.",
      args: { meetingId: nonNull(idArg()), teamsMeetingId: nonNull(stringArg()) },
      resolve: async (_root, { meetingId, teamsMeetingId }, ctx) => {
        const state = await execute(ctx, { type: "LinkTeamsMeeting", data: { meetingId, teamsMeetingId } });
        return found(state.meetings.get(meetingId), "The meeting");
      },
    });
    t.field("setAttendance", {
      type: "Meeting",
      description:
        "CHAIR or CLERK. Attendance roll-call (upprop) and later changes. Recorded at once; takes effect\nat once while no item is current, otherwise from the next item (RULES.md 2-3). CONFLICT while a vote is open.",
      args: { meetingId: nonNull(idArg()), memberId: nonNull(idArg()), present: nonNull(booleanArg()) },
      resolve: async (_root, { meetingId, memberId, present }, ctx) => {
        const state = await execute(ctx, { type: "SetAttendance", data: { meetingId, memberId, present } });
        return found(state.meetings.get(meetingId), "The meeting");
      },
    });
    t.field("assignSubstitute", {
      type: "Meeting",
      description:
        "CHAIR or CLERK. Seats a substitute, who is thereby present (null: the holder again). Must be of the\nholder's party. Takes effect like setAttendance.",
      args: { meetingId: nonNull(idArg()), seat: nonNull(intArg()), substituteId: idArg() },
      resolve: async (_root, { meetingId, seat, substituteId }, ctx) => {
        const state = await execute(ctx, {
          type: "AssignSubstitute",
          data: { meetingId, seat, substituteId: substituteId ?? null },
        });
        return found(state.meetings.get(meetingId), "The meeting");
      },
    });
    t.field("setCurrentItem", {
      type: "Meeting",
      description: "CHAIR. Moves the meeting to an agenda item.",
      args: { meetingId: nonNull(idArg()), itemId: nonNull(idArg()) },
      resolve: async (_root, { meetingId, itemId }, ctx) => {
        const state = await execute(ctx, { type: "SetCurrentItem", data: { meetingId, itemId } });
        return found(state.meetings.get(meetingId), "The meeting");
      },
    });
    t.field("declareRecusal", {
      type: "AgendaItem",
      description:
        "CHAIR or CLERK. Records a conflict of interest (jäv): the member takes no part in the item. Before or during the item; CONFLICT while a vote on it is open.",
      args: { itemId: nonNull(idArg()), memberId: nonNull(idArg()) },
      resolve: async (_root, { itemId, memberId }, ctx) => {
        const state = await execute(ctx, { type: "DeclareRecusal", data: { itemId, memberId } });
        return found(findItem(state, itemId)?.item, "The agenda item");
      },
    });
    t.field("addProposal", {
      type: "AgendaItem",
      description: "CHAIR or CLERK.",
      args: { itemId: nonNull(idArg()), label: nonNull(stringArg()), text: nonNull(stringArg()), proposedBy: stringArg() },
      resolve: async (_root, { itemId, label, text, proposedBy }, ctx) => {
        const state = await execute(ctx, {
          type: "AddProposal",
          data: { itemId, proposalId: ctx.newId(), label, text, proposedBy: proposedBy ?? null },
        });
        return found(findItem(state, itemId)?.item, "The agenda item");
      },
    });
    t.field("openVote", {
      type: "Vote",
      description:
        "CHAIR. Requires the meeting open, the item current, quorum met and no other vote open. Any number of\nvotes may be held on the current item (contra-proposition rounds, a new vote after a cancelled one);\nthe item is DECIDED by recordDecision.",
      args: { input: nonNull(arg({ type: "OpenVoteInput" })) },
      resolve: async (_root, { input }, ctx) => {
        const voteId = ctx.newId();
        const state = await execute(ctx, {
          type: "OpenVote",
          data: {
            voteId,
            itemId: input.itemId,
            method: input.method,
            question: input.question,
            yesProposalId: input.yesProposalId ?? null,
            noProposalId: input.noProposalId ?? null,
            majority: input.majority ?? "SIMPLE",
          },
        });
        return found(state.votes.get(voteId), "The vote");
      },
    });
    t.field("castBallot", {
      type: "Ballot",
      description: "MEMBER serving in a seat, for their own seat only. May change the choice until the vote closes.",
      args: { voteId: nonNull(idArg()), choice: nonNull(arg({ type: "Choice" })), idempotencyKey: nonNull(stringArg()) },
      resolve: async (_root, { voteId, choice, idempotencyKey }, ctx) => {
        const user = requireUser(ctx);
        const state = await execute(ctx, { type: "CastBallot", data: { voteId, choice, idempotencyKey } });
        return ballotFor(state, voteId, user.userId, idempotencyKey);
      },
    });
    t.field("recordBallot", {
      type: "Ballot",
      description: "CHAIR or CLERK: records a member's answer (roll-call, or a member whose device failed).",
      args: {
        voteId: nonNull(idArg()),
        memberId: nonNull(idArg()),
        choice: nonNull(arg({ type: "Choice" })),
        idempotencyKey: nonNull(stringArg()),
      },
      resolve: async (_root, { voteId, memberId, choice, idempotencyKey }, ctx) => {
        const user = requireUser(ctx);
        const state = await execute(ctx, { type: "RecordBallot", data: { voteId, memberId, choice, idempotencyKey } });
        return ballotFor(state, voteId, user.userId, idempotencyKey);
      },
    });
    t.field("closeVote", {
      type: "Vote",
      description: "CHAIR. Closes the vote and computes its result.",
      args: { voteId: nonNull(idArg()) },
      resolve: async (_root, { voteId }, ctx) => {
        const state = await execute(ctx, { type: "CloseVote", data: { voteId } });
        return found(state.votes.get(voteId), "The vote");
      },
    });
    t.field("resolveTie", {
      type: "Vote",
      description: "CHAIR. Decides a TIE (the chair abstained or did not vote): decidedBy becomes CASTING_VOTE.",
      args: { voteId: nonNull(idArg()), choice: nonNull(arg({ type: "Choice" })) },
      resolve: async (_root, { voteId, choice }, ctx) => {
        const state = await execute(ctx, { type: "ResolveTie", data: { voteId, choice } });
        return found(state.votes.get(voteId), "The vote");
      },
    });
    t.field("cancelVote", {
      type: "Vote",
      description: "CHAIR. Cancels an open vote, with the reason; its ballots stay in the ledger and it decides nothing.",
      args: { voteId: nonNull(idArg()), reason: nonNull(stringArg()) },
      resolve: async (_root, { voteId, reason }, ctx) => {
        const state = await execute(ctx, { type: "CancelVote", data: { voteId, reason } });
        return found(state.votes.get(voteId), "The vote");
      },
    });
    t.field("enterHandCount", {
      type: "Vote",
      description: "CLERK or CHAIR. The manual fallback: a counted result, replacing an open vote or recording one held on paper.",
      args: { input: nonNull(arg({ type: "HandCountInput" })) },
      resolve: async (_root, { input }, ctx) => {
        const user = requireUser(ctx);
        const state = await execute(ctx, {
          type: "EnterHandCount",
          data: {
            voteId: input.voteId ?? null,
            newVoteId: ctx.newId(),
            itemId: input.itemId ?? null,
            question: input.question ?? null,
            yes: input.yes,
            no: input.no,
            abstain: input.abstain,
            countedAt: input.countedAt,
            reason: input.reason,
            majority: input.majority ?? "SIMPLE",
            yesProposalId: input.yesProposalId ?? null,
            noProposalId: input.noProposalId ?? null,
            idempotencyKey: input.idempotencyKey,
          },
        });
        const meetingId = input.voteId ? state.votes.get(input.voteId)?.meetingId : findItem(state, input.itemId ?? "")?.meeting.id;
        const voteId = handCountVoteId(state, meetingId ?? "", user.userId, input.idempotencyKey);
        return found(voteId === null ? undefined : state.votes.get(voteId), "The counted vote");
      },
    });
    t.field("correctAttendance", {
      type: "Meeting",
      description:
        "CLERK or CHAIR. Corrects a wrongly recorded attendance (RULES.md 16) with a new entry that names the entry it corrects and why; the record shows both. Takes effect like setAttendance; CONFLICT while a vote is open.",
      args: { meetingId: nonNull(idArg()), memberId: nonNull(idArg()), present: nonNull(booleanArg()), reason: nonNull(stringArg()) },
      resolve: async (_root, { meetingId, memberId, present, reason }, ctx) => {
        const state = await execute(ctx, { type: "CorrectAttendance", data: { meetingId, memberId, present, reason } });
        return found(state.meetings.get(meetingId), "The meeting");
      },
    });
    t.field("correctBallot", {
      type: "Vote",
      description:
        "CLERK or CHAIR. Corrects an answer a clerk or the chair entered for a member (RULES.md 16), naming the entry it corrects and why; a closed vote's result is computed again. A member's own device answer is not corrected by others.",
      args: { voteId: nonNull(idArg()), memberId: nonNull(idArg()), choice: nonNull(arg({ type: "Choice" })), reason: nonNull(stringArg()) },
      resolve: async (_root, { voteId, memberId, choice, reason }, ctx) => {
        const state = await execute(ctx, { type: "CorrectBallot", data: { voteId, memberId, choice, reason } });
        return found(state.votes.get(voteId), "The vote");
      },
    });
    t.field("recordDecision", {
      type: "AgendaItem",
      description: "CHAIR or CLERK. The item's decision as it goes into the minutes.",
      args: { itemId: nonNull(idArg()), text: nonNull(stringArg()) },
      resolve: async (_root, { itemId, text }, ctx) => {
        const state = await execute(ctx, { type: "RecordDecision", data: { itemId, text } });
        return found(findItem(state, itemId)?.item, "The agenda item");
      },
    });
    t.field("recordReservation", {
      type: "AgendaItem",
      description:
        "CHAIR or CLERK. Records a member's reservation against the item's decision, with their written grounds if given (at most 2000 characters). Only for a member who took part in the decision (served in a seat at the item, no jäv), once the decision is recorded and before the meeting closes; once per member and item.",
      args: { itemId: nonNull(idArg()), memberId: nonNull(idArg()), text: stringArg() },
      resolve: async (_root, { itemId, memberId, text }, ctx) => {
        const state = await execute(ctx, { type: "RecordReservation", data: { itemId, memberId, text: text ?? null } });
        return found(findItem(state, itemId)?.item, "The agenda item");
      },
    });
    t.field("closeMeeting", {
      type: "Meeting",
      description: "CHAIR.",
      args: { meetingId: nonNull(idArg()) },
      resolve: async (_root, { meetingId }, ctx) => {
        const state = await execute(ctx, { type: "CloseMeeting", data: { meetingId } });
        return found(state.meetings.get(meetingId), "The meeting");
      },
    });
  },
});

/** The ballot this key recorded: for a retry, the first answer it recorded. */
function ballotFor(state: CouncilState, voteId: string, userId: string, key: string) {
  const vote = found(state.votes.get(voteId), "The vote");
  const meeting = found(state.meetings.get(vote.meetingId), "The meeting");
  const record = found(vote.ballotKeys.get(ballotKey(userId, key)), "The ballot");
  return { meetingId: meeting.id, ballot: record.ballot, superseded: vote.handCount !== null };
}
