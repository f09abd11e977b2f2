import { objectType } from "nexus";
import { rolesEverywhere } from "../context.js";
import { localDate, rosterOn, timeZoneOf } from "../../domain/council/rosters.js";

export const Viewer = objectType({
  name: "Viewer",
  definition(t) {
    t.id("userId");
    t.string("displayName");
    t.list.field("roles", { type: "Role", resolve: (viewer, _args, ctx) => rolesEverywhere(ctx.council.state, viewer.userId, ctx.council.now()) });
    t.nullable.field("member", {
      type: "Member",
      description: "The member this user is (null for clerks, admins, observers): on today's roster of the first assembly they sit in.",
      resolve: (viewer, _args, ctx) => {
        const state = ctx.council.state;
        for (const assembly of state.assemblies.values()) {
          const today = rosterOn(assembly, localDate(ctx.council.now(), timeZoneOf(assembly)));
          const memberId = today.memberOfUser.get(viewer.userId);
          const member = memberId === undefined ? undefined : today.members.get(memberId);
          if (member) return member;
        }
        return null;
      },
    });
  },
});
