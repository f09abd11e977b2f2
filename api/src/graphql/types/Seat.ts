import { objectType } from "nexus";
import type { Context } from "../context.js";
import { memberOf } from "../present.js";
import type { Seat as SeatSource } from "../sources.js";

const member = (s: SeatSource, id: string | null, ctx: Context) => (id === null ? null : memberOf(ctx.council.state, s.meeting.id, id));

export const Seat = objectType({
  name: "Seat",
  definition(t) {
    t.int("number", { resolve: (s) => s.view.number });
    t.field("holder", {
      type: "Member",
      description: "The ordinary member who holds the seat.",
      resolve: (s, _args, ctx) => memberOf(ctx.council.state, s.meeting.id, s.view.holderId),
    });
    t.nullable.field("servedBy", {
      type: "Member",
      description: "Who serves in the seat now: the holder, a substitute, or nobody.",
      resolve: (s, _args, ctx) => member(s, s.view.servedBy, ctx),
    });
    t.field("status", {
      type: "SeatStatus",
      description: "PRESENT when someone serves in the seat.",
      resolve: (s) => (s.view.servedBy === null ? "ABSENT" : "PRESENT"),
    });
    t.nullable.field("recused", {
      type: "Member",
      description: "The member who would serve but has jäv on the current item (servedBy is then the party's next present substitute, or nobody).",
      resolve: (s, _args, ctx) => member(s, s.view.recusedId, ctx),
    });
    t.nullable.field("nextServedBy", {
      type: "Member",
      description: "Who serves from the next item as recorded: attendance changed during an item takes effect from the next one.",
      resolve: (s, _args, ctx) => member(s, s.view.nextServedBy, ctx),
    });
    t.boolean("changePending", {
      description: "An attendance change recorded during this item waits for the next item.",
      resolve: (s) => {
        const now = s.view.recusedId ?? s.view.servedBy;
        return now !== s.view.nextServedBy;
      },
    });
    t.nullable.field("suggestedSubstitute", {
      type: "Member",
      description: "For a seat that will be empty: the party's next free substitute by rank (the chair or a clerk confirms).",
      resolve: (s, _args, ctx) => member(s, s.view.suggestedSubstituteId, ctx),
    });
  },
});

export const Quorum = objectType({
  name: "Quorum",
  definition(t) {
    t.int("required", { description: "More than half of the seats: 23 of 45." });
    t.int("present");
    t.boolean("met");
  },
});
