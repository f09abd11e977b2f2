import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileNameOf } from "../graphql/client.js";
import { MinutesFormatError, firstSeating, minutesFileName, parseMinutes, servedOn, type Minutes, type MinutesItem, type Person } from "./minutes.js";

const person = (id: string, kind: Person["kind"] = "ORDINARY"): Person => ({ id, name: `Name ${id}`, party: "S", kind });

function item(number: number, overrides: Partial<MinutesItem> = {}): MinutesItem {
  return {
    id: `kf-${number}`,
    number,
    title: `Item ${number}`,
    caseNumber: null,
    takenUp: false,
    seating: null,
    changes: [],
    recusals: [],
    proposals: [],
    votes: [],
    decision: null,
    adoptedProposal: null,
    reservations: [],
    addedDuringMeeting: null,
    ...overrides,
  };
}

function minutes(items: MinutesItem[]): Minutes {
  return {
    format: "council-minutes/1",
    generatedAt: "2026-12-14T19:00:00.000Z",
    ledgerHead: { seq: 42, hash: "ab".repeat(32) },
    assembly: { id: "kf", name: "KF", seatCount: 2 },
    meeting: { id: "kf 2026/12", title: "KF", scheduledAt: "2026-12-14T17:00:00.000Z", status: "OPEN", openedAt: null, closedAt: null, rosterVersion: 1, presiding: [] },
    items,
    attendanceCorrections: [],
  };
}

describe("parseMinutes", () => {
  it("reads minutes of the format it knows", () => {
    const sent = minutes([item(1)]);
    assert.deepEqual(parseMinutes(JSON.stringify(sent)), sent);
  });

  it("refuses anything else: not JSON, another format, no ledger head", () => {
    assert.throws(() => parseMinutes("<html>"), MinutesFormatError);
    assert.throws(() => parseMinutes(JSON.stringify({ ...minutes([]), format: "council-minutes/2" })), MinutesFormatError);
    assert.throws(() => parseMinutes(JSON.stringify({ ...minutes([]), ledgerHead: null })), MinutesFormatError);
  });
});

describe("who is named where", () => {
  const seating = [
    { seat: 1, holder: person("member-1"), servedBy: person("member-1"), recused: null },
    { seat: 2, holder: person("member-2"), servedBy: person("sub-S-1", "SUBSTITUTE"), recused: person("member-2") },
  ];

  it("opens with the seating at the first item taken up", () => {
    const taken = item(2, { takenUp: true, seating });
    assert.deepEqual(firstSeating(minutes([item(1), taken, item(3, { takenUp: true, seating: [] })])), { item: taken, seating });
    assert.equal(firstSeating(minutes([item(1)])), null);
  });

  it("offers a reservation, for an item decided without a vote, to those who served on it, not to a member with jäv", () => {
    assert.deepEqual(
      servedOn(item(2, { takenUp: true, seating })).map((p) => p.id),
      ["member-1", "sub-S-1"],
    );
  });

  it("offers it, for an item decided by vote, to those who voted Ja or Nej in the last vote held, not to who abstained or did not answer", () => {
    const row = (id: string, answer: "YES" | "NO" | "ABSTAIN" | null) => ({ seat: 1, member: person(id), answer, recordedBy: answer ? ("MEMBER" as const) : null, superseded: false });
    const vote = (id: string, status: "CLOSED" | "CANCELLED", rows: ReturnType<typeof row>[]) => ({
      id, round: 1, method: "ELECTRONIC" as const, question: "?", majority: "SIMPLE" as const, yesProposal: null, noProposal: null, status,
      openedAt: "2026-12-14T17:10:00.000Z", closedAt: null, cancelReason: null, result: null, handCount: null, votingList: rows, corrections: [],
    });
    const decided = item(2, {
      takenUp: true,
      seating,
      votes: [
        vote("v1", "CLOSED", [row("member-1", "YES"), row("sub-S-1", "NO"), row("member-3", "ABSTAIN"), row("member-4", null)]),
        vote("v2", "CANCELLED", [row("member-1", null)]),
      ],
    });
    assert.deepEqual(servedOn(decided).map((p) => p.id), ["member-1", "sub-S-1"]);
  });
});

describe("file names", () => {
  it("takes the server's name from content-disposition, quoted, bare or encoded", () => {
    assert.equal(fileNameOf(`attachment; filename="protokoll-kf-seq7.json"`), "protokoll-kf-seq7.json");
    assert.equal(fileNameOf(`attachment; filename=lista.csv`), "lista.csv");
    assert.equal(fileNameOf(`attachment; filename="x.csv"; filename*=UTF-8''r%C3%B6ster.csv`), "röster.csv");
    assert.equal(fileNameOf("inline"), null);
    assert.equal(fileNameOf(null), null);
  });

  it("names the JSON by meeting and ledger head when the server does not", () => {
    assert.equal(minutesFileName(minutes([])), "protokoll-kf_2026_12-seq42.json");
  });
});
