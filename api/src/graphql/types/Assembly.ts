import { objectType } from "nexus";
import { meetingOf } from "../present.js";

export const Assembly = objectType({
  name: "Assembly",
  definition(t) {
    t.id("id");
    t.string("name");
    t.int("seatCount");
    t.list.field("members", {
      type: "Member",
      description: "Ordinary members and substitutes.",
      resolve: (assembly) => [...assembly.members.values()],
    });
    t.list.field("meetings", {
      type: "Meeting",
      resolve: (assembly, _args, ctx) => assembly.meetingIds.map((id) => meetingOf(ctx.council.state, id)),
    });
  },
});
