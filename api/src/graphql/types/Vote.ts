import { objectType } from "nexus";
import { findItem } from "../../domain/council/decide.js";
import { nextToAnswer } from "../../domain/council/procedure.js";
import type { CouncilState, VoteState } from "../../domain/council/state.js";
import { meetingOf, memberOf, tallyOf, visibleBallots } from "../present.js";

export const Vote = objectType({
  name: "Vote",
  definition(t) {
    t.id("id");
    t.field("item", {
      type: "AgendaItem",
      resolve: (vote, _args, ctx) => {
        const found = findItem(ctx.council.state, vote.itemId);
        if (!found) throw new Error(`Read model without item ${vote.itemId}`);
        return found.item;
      },
    });
    t.int("round", {
      description: "1, 2, 3 ... within the item, in the order held: a vote held on paper and entered afterwards takes its place by when it was counted.",
    });
    t.field("method", { type: "VoteMethod" });
    t.string("question");
    t.nullable.field("yesProposal", {
      type: "Proposal",
      resolve: (vote, _args, ctx) => proposal(ctx.council.state, vote.itemId, vote.yesProposalId),
    });
    t.nullable.field("noProposal", {
      type: "Proposal",
      resolve: (vote, _args, ctx) => proposal(ctx.council.state, vote.itemId, vote.noProposalId),
    });
    t.field("majority", { type: "Majority" });
    t.field("status", { type: "VoteStatus" });
    t.field("openedAt", { type: "DateTime" });
    t.nullable.field("closedAt", { type: "DateTime" });
    t.list.field("eligible", {
      type: "Member",
      description: "Who may vote: the members serving in seats when the vote opened, minus recusals.",
      resolve: (vote, _args, ctx) => eligibleMembers(ctx.council.state, vote),
    });
    t.list.field("callOrder", {
      type: "Member",
      description: "Roll-call order (namnupprop): seat order, the chair last. The same members as eligible.",
      resolve: (vote, _args, ctx) => eligibleMembers(ctx.council.state, vote),
    });
    t.list.field("seating", {
      type: "VoteSeat",
      description: "The seat each eligible member served in when the vote opened (for the seat map), in call order.",
      resolve: (vote, _args, ctx) => {
        const members = eligibleMembers(ctx.council.state, vote);
        return vote.seats.flatMap((seat, i) => {
          const member = members[i];
          return member ? [{ seat, member }] : [];
        });
      },
    });
    t.nullable.field("nextToAnswer", {
      type: "Member",
      description:
        "While open: the member to call next, from the one who answered last; a member who was not ready is called again at the end, the chair last. Null once everyone has answered.",
      resolve: (vote, _args, ctx) => {
        const next = nextToAnswer(vote);
        return next === null ? null : memberOf(ctx.council.state, vote.meetingId, next);
      },
    });
    t.nullable.string("cancelReason", { description: "Why the chair cancelled the vote (status CANCELLED)." });
    t.list.field("ballots", {
      type: "Ballot",
      description:
        "One per member who answered: their last answer (earlier answers stay in the ledger).\nWhile open: all of them to CHAIR and CLERK, only their own to a MEMBER, none to others; once\nclosed: all of them to everyone. The tally (counts) is public while open.",
      resolve: (vote, _args, ctx) => visibleBallots(ctx, vote),
    });
    t.field("tally", { type: "Tally", resolve: (vote) => tallyOf(vote) });
    t.nullable.field("result", { type: "VoteResult" });
    t.nullable.field("handCount", { type: "HandCount", description: "The counted result that gave this vote its result (RULES.md 14)." });
  },
});

/** The vote's eligible members, in call order. */
function eligibleMembers(state: CouncilState, vote: VoteState) {
  return vote.eligible.map((id) => memberOf(state, vote.meetingId, id));
}

function proposal(state: CouncilState, itemId: string, proposalId: string | null) {
  if (proposalId === null) return null;
  return findItem(state, itemId)?.item.proposals.find((p) => p.id === proposalId) ?? null;
}

export const Ballot = objectType({
  name: "Ballot",
  definition(t) {
    t.field("member", { type: "Member", resolve: (b, _args, ctx) => memberOf(ctx.council.state, b.meetingId, b.ballot.memberId) });
    t.field("choice", { type: "Choice", resolve: (b) => b.ballot.choice });
    t.field("source", { type: "BallotSource", resolve: (b) => b.ballot.source });
    t.string("recordedBy", {
      description: "userId of whoever recorded it: the member, or the clerk/chair who entered it.",
      resolve: (b) => b.ballot.recordedBy,
    });
    t.field("recordedAt", { type: "DateTime", resolve: (b) => b.ballot.recordedAt });
    t.nullable.field("correction", {
      type: "BallotCorrection",
      description: "Set when this answer corrects a wrongly entered one (the corrected entry stays in the ledger).",
      resolve: (b) => b.ballot.correction,
    });
    t.boolean("superseded", {
      description: "A hand count replaced the vote's result: this device ballot stays in the record but does not count.",
      resolve: (b) => b.superseded,
    });
  },
});

export const Tally = objectType({
  name: "Tally",
  definition(t) {
    t.int("yes");
    t.int("no");
    t.int("abstain");
    t.int("notVoted", { description: "Eligible members who have not voted yet (absent from the count once closed)." });
    t.int("eligible");
  },
});

export const VoteResult = objectType({
  name: "VoteResult",
  definition(t) {
    t.field("outcome", { type: "Outcome" });
    t.nullable.field("decidedBy", { type: "DecidedBy", description: "Null while the outcome is TIE." });
    t.int("yes");
    t.int("no");
    t.int("abstain");
    t.int("absent");
  },
});

export const HandCount = objectType({
  name: "HandCount",
  definition(t) {
    t.int("yes");
    t.int("no");
    t.int("abstain");
    t.field("countedAt", { type: "DateTime", description: "When the count was taken in the room (may be earlier than when it was entered)." });
    t.string("enteredBy");
    t.field("enteredAt", { type: "DateTime" });
    t.string("reason");
  },
});

export const BallotCorrection = objectType({
  name: "BallotCorrection",
  definition(t) {
    t.string("reason");
    t.int("correctsSeq", { description: "The ledger entry this answer corrects." });
  },
});

export const VoteSeat = objectType({
  name: "VoteSeat",
  definition(t) {
    t.int("seat");
    t.field("member", { type: "Member" });
  },
});
