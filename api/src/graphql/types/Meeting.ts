import { enumType, objectType } from "nexus";
import { quorumOf, seatViews } from "../../domain/council/procedure.js";
import { meetingAssemblyOf, memberOf } from "../present.js";

export const Meeting = objectType({
  name: "Meeting",
  definition(t) {
    t.id("id");
    t.field("assembly", { type: "Assembly", resolve: (m, _args, ctx) => meetingAssemblyOf(ctx.council.state, m) });
    t.string("title");
    t.field("scheduledAt", { type: "DateTime" });
    t.field("status", { type: "MeetingStatus" });
    t.nullable.string("teamsMeetingId", { description: "The Teams meeting this council meeting is held in, if linked." });
    t.list.field("agenda", {
      type: "AgendaItem",
      resolve: (m) => [...m.items.values()].sort((a, b) => a.number - b.number),
    });
    t.nullable.field("currentItem", {
      type: "AgendaItem",
      resolve: (m) => (m.currentItemId === null ? null : (m.items.get(m.currentItemId) ?? null)),
    });
    t.list.field("seats", {
      type: "Seat",
      description: "One entry per seat, in seat order.",
      resolve: (meeting, _args, ctx) =>
        seatViews(meeting, meetingAssemblyOf(ctx.council.state, meeting)).map((view) => ({ meeting, view })),
    });
    t.field("quorum", {
      type: "Quorum",
      resolve: (m, _args, ctx) => {
        const assembly = meetingAssemblyOf(ctx.council.state, m);
        return quorumOf(assembly, seatViews(m, assembly));
      },
    });
    t.list.field("corrections", {
      type: "Correction",
      description: "Corrections to the record (RULES.md 16), in the order made; each names the ledger entry it corrects.",
      resolve: (m) => m.corrections.map((c) => ({ ...c, meetingId: m.id })),
    });
    t.field("ledgerHead", {
      type: "LedgerHead",
      description: "The head of the installation's ledger as of this state: the record it can be checked against.",
      resolve: (_m, _args, ctx) => ctx.council.head,
    });
  },
});

export const CorrectionKind = enumType({ name: "CorrectionKind", members: ["ATTENDANCE", "BALLOT"] });

export const Correction = objectType({
  name: "Correction",
  definition(t) {
    t.int("seq", { description: "The correcting ledger entry." });
    t.int("correctsSeq", { description: "The ledger entry it corrects." });
    t.field("at", { type: "DateTime" });
    t.string("correctedBy", { description: "userId of the clerk or chair." });
    t.field("kind", { type: "CorrectionKind" });
    t.field("member", {
      type: "Member",
      resolve: (c, _args, ctx) => {
        return memberOf(ctx.council.state, c.meetingId, c.memberId);
      },
    });
    t.nullable.field("vote", { type: "Vote", resolve: (c, _args, ctx) => (c.voteId === null ? null : (ctx.council.state.votes.get(c.voteId) ?? null)) });
    t.string("reason");
  },
});
