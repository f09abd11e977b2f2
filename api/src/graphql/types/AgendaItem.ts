import { objectType } from "nexus";
import { meetingOf, voteOf } from "../present.js";

export const AgendaItem = objectType({
  name: "AgendaItem",
  definition(t) {
    t.id("id");
    t.int("number", { description: "Paragraph number on the agenda (§)." });
    t.string("title");
    t.nullable.string("caseNumber");
    t.nullable.string("description");
    t.list.string("documentUrls");
    t.field("status", {
      type: "ItemStatus",
      resolve: (item, _args, ctx) => {
        if (item.decision !== null) return "DECIDED";
        return meetingOf(ctx.council.state, item.meetingId).currentItemId === item.id ? "CURRENT" : "PENDING";
      },
    });
    t.list.field("proposals", { type: "Proposal" });
    t.list.field("recusals", {
      type: "Member",
      description: "Members who declared a conflict of interest (jäv) on this item.",
      resolve: () => [],
    });
    t.list.field("votes", {
      type: "Vote",
      description: "Every vote held on this item, in order (contra-proposition rounds first, main vote last).",
      resolve: (item, _args, ctx) => item.voteIds.map((id) => voteOf(ctx.council.state, id)),
    });
    t.nullable.string("decision");
  },
});

export const Proposal = objectType({
  name: "Proposal",
  definition(t) {
    t.id("id");
    t.string("label");
    t.string("text");
    t.nullable.string("proposedBy");
  },
});
