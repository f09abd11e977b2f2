import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RosterMember, RosterVersionView } from "../graphql/documents.js";
import { dayBefore, isDate, isoToLocalInput, linesOf, localInputToIso, moved, resignationEdits, rosterBefore, rosterOn, rosterOrder, tomorrow } from "./admin.js";

const ordinary = (seat: number, party: string, signIn: string | null = `m${seat}@kommun.se`): RosterMember => ({
  id: `m${seat}`,
  name: `Member ${seat}`,
  party,
  kind: "ORDINARY",
  seat,
  substituteRank: null,
  signIn,
});
const substitute = (party: string, rank: number): RosterMember => ({
  id: `s-${party}-${rank}`,
  name: `Substitute ${party} ${rank}`,
  party,
  kind: "SUBSTITUTE",
  seat: null,
  substituteRank: rank,
  signIn: null,
});
const version = (n: number, effectiveFrom: string | null): RosterVersionView => ({
  version: n,
  effectiveFrom,
  reason: null,
  recordedAt: "2026-01-01T00:00:00.000Z",
  recordedBy: "admin",
  seatCount: 2,
  members: [],
});

describe("dates", () => {
  it("knows a calendar date, the day before it and tomorrow", () => {
    assert.equal(isDate("2027-01-01"), true);
    assert.equal(isDate("2027-02-30"), false);
    assert.equal(isDate("1/1/2027"), false);
    assert.equal(dayBefore("2027-01-01"), "2026-12-31");
    assert.equal(dayBefore("2028-03-01"), "2028-02-29");
    assert.equal(tomorrow(new Date(2026, 11, 31, 23, 30)), "2027-01-01");
  });

  it("turns the user's local date and time into UTC and back", () => {
    const iso = localInputToIso("2027-01-25T18:00");
    assert.ok(iso !== null);
    assert.equal(new Date(iso).getHours(), 18);
    assert.equal(isoToLocalInput(iso), "2027-01-25T18:00");
    assert.equal(localInputToIso(""), null);
    assert.equal(localInputToIso("tomorrow"), null);
  });
});

describe("rosterOn", () => {
  const versions = [version(1, null), version(2, "2027-01-01"), version(3, "2026-12-01")];

  it("is the latest version to take effect on or before the day, as the API decides it", () => {
    assert.equal(rosterOn(versions, "2026-11-23")?.version, 1);
    assert.equal(rosterOn(versions, "2026-12-14")?.version, 3);
    assert.equal(rosterOn(versions, "2027-01-01")?.version, 2);
    assert.equal(rosterOn([], "2027-01-01"), null);
  });

  it("of two versions from the same day, takes the one recorded later", () => {
    assert.equal(rosterOn([version(1, null), version(2, "2027-01-01"), version(3, "2027-01-01")], "2027-02-01")?.version, 3);
  });

  it("builds a change on the version in effect the day before it takes effect", () => {
    assert.equal(rosterBefore(versions, "2027-01-01")?.version, 3);
    assert.equal(rosterBefore(versions, "2027-01-02")?.version, 2);
    assert.equal(rosterBefore(versions, "not a date")?.version, 2);
  });
});

describe("resignationEdits", () => {
  const members = [ordinary(1, "S"), ordinary(2, "S"), ordinary(3, "M"), substitute("S", 1), substitute("S", 2), substitute("S", 3), substitute("M", 1)];

  it("removes the member and moves the chosen substitute into the seat; the substitutes after them move up a rank", () => {
    const edits = resignationEdits(members, "m2", { kind: "substitute", memberId: "s-S-1" });
    assert.deepEqual(
      edits.map((e) => [e.memberId, e.remove, e.kind, e.seat, e.substituteRank]),
      [
        ["m2", true, "ORDINARY", 2, null],
        ["s-S-1", false, "ORDINARY", 2, null],
        ["s-S-2", false, "SUBSTITUTE", null, 1],
        ["s-S-3", false, "SUBSTITUTE", null, 2],
      ],
    );
    // Everyone keeps their sign-in: it is sent back as it was.
    assert.equal(edits[0]?.signIn, "m2@kommun.se");
  });

  it("moves only those ranked after a substitute chosen out of order", () => {
    const edits = resignationEdits(members, "m1", { kind: "substitute", memberId: "s-S-2" });
    assert.deepEqual(
      edits.map((e) => [e.memberId, e.substituteRank]),
      [
        ["m1", null],
        ["s-S-2", null],
        ["s-S-3", 2],
      ],
    );
  });

  it("puts a new person of the party in the seat", () => {
    const edits = resignationEdits(members, "m3", { kind: "new", name: " Ny Person ", signIn: " ny@kommun.se " });
    assert.deepEqual(edits[1], { memberId: null, remove: false, name: "Ny Person", party: "M", kind: "ORDINARY", seat: 3, substituteRank: null, signIn: "ny@kommun.se" });
    assert.equal(resignationEdits(members, "m3", { kind: "new", name: "X", signIn: "" })[1]?.signIn, null);
  });

  it("refuses a substitute as the one resigning, and a successor of another party", () => {
    assert.throws(() => resignationEdits(members, "s-S-1", { kind: "new", name: "X", signIn: "" }));
    assert.throws(() => resignationEdits(members, "m1", { kind: "substitute", memberId: "s-M-1" }));
  });
});

describe("rosterOrder", () => {
  it("lists ordinary members by seat, then substitutes by their party's seats and rank", () => {
    const order = rosterOrder([substitute("M", 2), substitute("S", 1), ordinary(2, "M"), substitute("M", 1), ordinary(1, "S")]);
    assert.deepEqual(
      order.map((m) => m.id),
      ["m1", "m2", "s-S-1", "s-M-1", "s-M-2"],
    );
  });
});

describe("the agenda's order", () => {
  it("moves an item up or down, and not past either end", () => {
    assert.deepEqual(moved(["a", "b", "c"], 2, -1), ["a", "c", "b"]);
    assert.deepEqual(moved(["a", "b", "c"], 0, 1), ["b", "a", "c"]);
    assert.equal(moved(["a", "b", "c"], 0, -1), null);
    assert.equal(moved(["a", "b", "c"], 2, 1), null);
  });

  it("reads document links one per line", () => {
    assert.deepEqual(linesOf(" https://a.se/1.pdf \r\n\n https://a.se/2.pdf\n"), ["https://a.se/1.pdf", "https://a.se/2.pdf"]);
  });
});
