import { objectType } from "nexus";

export const Member = objectType({
  name: "Member",
  definition(t) {
    t.id("id");
    t.string("name");
    t.string("party");
    t.field("kind", { type: "MemberKind" });
    t.nullable.int("seat", { description: "Seat number, ordinary members only." });
    t.nullable.int("substituteRank", { description: "Order among the party's substitutes (1 = first), substitutes only." });
  },
});
