import { objectType } from "nexus";
import { adoptedProposal, remainingProposals } from "../../domain/council/procedure.js";
import { votesOf } from "../../domain/council/decide.js";
import { meetingOf, memberOf, voteOf } from "../present.js";

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
      resolve: (item, _args, ctx) => {
        return item.recusals.map((id) => memberOf(ctx.council.state, item.meetingId, id));
      },
    });
    t.list.field("votes", {
      type: "Vote",
      description:
        "Every vote held on this item, in the order held (contra-proposition rounds first, main vote last): by when each opened, a vote held on paper by when it was counted, even if entered later.",
      resolve: (item, _args, ctx) => item.voteIds.map((id) => voteOf(ctx.council.state, id)),
    });
    t.list.field("remainingProposals", {
      type: "Proposal",
      description:
        "Contra-proposition (kontrapropositionsvotering): the proposals still in play for the next round; each closed vote puts its losing side out.",
      resolve: (item, _args, ctx) => remainingProposals(item, votesOf(ctx.council.state, item)),
    });
    t.nullable.field("adoptedProposal", {
      type: "Proposal",
      description: "The proposal the item's last decided vote adopted (the last vote decides the item).",
      resolve: (item, _args, ctx) => adoptedProposal(item, votesOf(ctx.council.state, item)),
    });
    t.nullable.string("decision");
    t.list.field("reservations", {
      type: "Reservation",
      description: "Reservations against the item's decision (RULES.md 17), in the order recorded; they go into the minutes.",
      resolve: (item, _args, ctx) => {
        return item.reservations.map((reservation) => ({ meetingId: item.meetingId, reservation }));
      },
    });
  },
});

export const Reservation = objectType({
  name: "Reservation",
  description: "A member's reservation (reservation) against an item's decision: they took part in it and do not stand behind it.",
  definition(t) {
    t.field("member", {
      type: "Member",
      description: "The member who reserved: they took part in the decision.",
      resolve: (r, _args, ctx) => memberOf(ctx.council.state, r.meetingId, r.reservation.memberId),
    });
    t.nullable.string("text", { description: "The written grounds, if the member gave any.", resolve: (r) => r.reservation.text });
    t.string("recordedBy", { description: "userId of the chair or clerk who entered it.", resolve: (r) => r.reservation.recordedBy });
    t.field("recordedAt", { type: "DateTime", resolve: (r) => r.reservation.recordedAt });
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
