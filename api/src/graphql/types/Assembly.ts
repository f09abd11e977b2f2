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
    t.field("settings", { type: "AssemblySettings" });
    t.list.field("meetings", {
      type: "Meeting",
      resolve: (assembly, _args, ctx) => assembly.meetingIds.map((id) => meetingOf(ctx.council.state, id)),
    });
  },
});

export const AssemblySettings = objectType({
  name: "AssemblySettings",
  description: "Procedure the law leaves to the assembly (its arbetsordning).",
  definition(t) {
    t.boolean("noReturnAfterLeaving", {
      description: "A member who was present and leaves (other than for jäv) does not serve again that day; the substitute keeps the seat.",
    });
    t.boolean("answerChangeWhileOpen", { description: "A member may change their answer while the vote is open; the last answer counts." });
  },
});
