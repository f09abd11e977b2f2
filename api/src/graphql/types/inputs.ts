import { inputObjectType } from "nexus";

export const OpenVoteInput = inputObjectType({
  name: "OpenVoteInput",
  definition(t) {
    t.nonNull.id("itemId");
    t.nonNull.field("method", { type: "VoteMethod" });
    t.nonNull.string("question");
    t.id("yesProposalId");
    t.id("noProposalId");
    t.field("majority", { type: "Majority", default: "SIMPLE" });
  },
});

export const HandCountInput = inputObjectType({
  name: "HandCountInput",
  definition(t) {
    t.id("voteId", {
      description: "An open vote the hand count replaces (its device ballots stay in the ledger), or null for a vote held on paper.",
    });
    t.id("itemId", { description: "Required when voteId is null." });
    t.string("question");
    t.nonNull.int("yes");
    t.nonNull.int("no");
    t.nonNull.int("abstain");
    t.nonNull.field("countedAt", { type: "DateTime" });
    t.nonNull.string("reason");
    t.field("majority", {
      type: "Majority",
      default: "SIMPLE",
      description: "For a vote held on paper. A count that replaces an open vote is judged by that vote's majority.",
    });
    t.id("yesProposalId", { description: "For a vote held on paper: the proposal put as Ja (a count that replaces an open vote keeps that vote's sides)." });
    t.id("noProposalId", { description: "For a vote held on paper: the proposal put as Nej." });
    t.nonNull.string("idempotencyKey", { description: "The same key sent twice records the count once." });
  },
});
