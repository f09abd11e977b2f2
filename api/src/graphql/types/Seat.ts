import { objectType } from "nexus";
import { servedBy } from "../../domain/council/state.js";
import { memberOf } from "../present.js";

export const Seat = objectType({
  name: "Seat",
  definition(t) {
    t.int("number", { resolve: (s) => s.seat.number });
    t.field("holder", {
      type: "Member",
      description: "The ordinary member who holds the seat.",
      resolve: (s, _args, ctx) => memberOf(ctx.council.state, s.meeting.assemblyId, s.seat.holderId),
    });
    t.nullable.field("servedBy", {
      type: "Member",
      description: "Who serves in the seat now: the holder, a substitute, or nobody.",
      resolve: (s, _args, ctx) => {
        const id = servedBy(s.seat);
        return id === null ? null : memberOf(ctx.council.state, s.meeting.assemblyId, id);
      },
    });
    t.field("status", {
      type: "SeatStatus",
      description: "PRESENT when someone serves in the seat.",
      resolve: (s) => (servedBy(s.seat) === null ? "ABSENT" : "PRESENT"),
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
