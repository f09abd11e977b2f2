import { objectType } from "nexus";
import { rolesEverywhere } from "../context.js";

export const Viewer = objectType({
  name: "Viewer",
  definition(t) {
    t.id("userId");
    t.string("displayName");
    t.list.field("roles", { type: "Role", resolve: (viewer, _args, ctx) => rolesEverywhere(ctx.council.state, viewer.userId, ctx.council.now()) });
    t.nullable.field("member", {
      type: "Member",
      description: "The member this user is (null for clerks, admins, observers).",
      resolve: (viewer, _args, ctx) => {
        if (viewer.memberId === null) return null;
        for (const assembly of ctx.council.state.assemblies.values()) {
          const member = assembly.members.get(viewer.memberId);
          if (member) return member;
        }
        return null;
      },
    });
  },
});
