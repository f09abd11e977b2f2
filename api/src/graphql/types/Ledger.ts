import { objectType } from "nexus";

export const LedgerEntry = objectType({
  name: "LedgerEntry",
  definition(t) {
    t.int("seq");
    t.field("at", { type: "DateTime" });
    t.string("type");
    t.string("actor");
    t.string("payload", { description: "The event's payload as canonical JSON." });
    t.string("prevHash");
    t.string("hash");
  },
});

export const LedgerHead = objectType({
  name: "LedgerHead",
  definition(t) {
    t.int("seq");
    t.string("hash");
  },
});

export const LedgerVerification = objectType({
  name: "LedgerVerification",
  definition(t) {
    t.boolean("ok");
    t.int("entries");
    t.field("head", { type: "LedgerHead" });
    t.nullable.int("firstBadSeq", { description: "The first entry whose hash does not match, if any." });
    t.nullable.string("problem", { description: "What is wrong with the first bad entry." });
    t.boolean("readModelsMatch", { description: "A replay of the ledger gives the same state as the live read models." });
  },
});
