import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { dataOf, startTestServer, type TestServer } from "../testing/server.js";

interface Member {
  id: string;
  name: string;
  party: string;
  kind: string;
  seat: number | null;
  substituteRank: number | null;
}
interface Item {
  number: number;
  title: string;
  caseNumber: string | null;
  documentUrls: string[];
  proposals: { id: string }[];
}

describe("the demo council on a fresh DATA_DIR", () => {
  let api: TestServer;
  let assembly: { name: string; seatCount: number; members: Member[]; meetings: { title: string; status: string; agenda: Item[] }[] };

  before(async () => {
    api = await startTestServer();
    const { assemblies } = dataOf(
      await api.gql<{ assemblies: (typeof assembly)[] }>(
        "observer",
        `{ assemblies { name seatCount members { id name party kind seat substituteRank }
           meetings { title status agenda { number title caseNumber documentUrls proposals { id } } } } }`,
      ),
    );
    assert.equal(assemblies.length, 1);
    const [only] = assemblies;
    assert.ok(only);
    assembly = only;
  });
  after(async () => {
    await api.dispose();
  });

  it("is Exempelstads kommunfullmäktige with 45 seats over 8 parties", () => {
    assert.equal(assembly.name, "Exempelstads kommunfullmäktige");
    assert.equal(assembly.seatCount, 45);
    const seats: Record<string, number> = {};
    for (const m of assembly.members.filter((m) => m.kind === "ORDINARY")) seats[m.party] = (seats[m.party] ?? 0) + 1;
    assert.deepEqual(seats, { S: 12, M: 10, SD: 7, C: 4, V: 4, KD: 3, L: 3, MP: 2 });
    assert.deepEqual(
      assembly.members.filter((m) => m.kind === "ORDINARY").map((m) => m.seat),
      Array.from({ length: 45 }, (_, i) => i + 1),
    );
  });

  it("has ranked substitutes per party, half the party's seats rounded up", () => {
    const subs = assembly.members.filter((m) => m.kind === "SUBSTITUTE");
    const byParty: Record<string, number[]> = {};
    for (const s of subs) (byParty[s.party] ??= []).push(s.substituteRank ?? 0);
    assert.deepEqual(byParty, { S: [1, 2, 3, 4, 5, 6], M: [1, 2, 3, 4, 5], SD: [1, 2, 3, 4], C: [1, 2], V: [1, 2], KD: [1, 2], L: [1, 2], MP: [1] });
    assert.ok(subs.every((s) => s.id === `sub-${s.party}-${s.substituteRank}`));
  });

  it("gives everyone a distinct, plausible Swedish name", () => {
    const names = assembly.members.map((m) => m.name);
    assert.equal(new Set(names).size, names.length);
    assert.ok(names.every((n) => /^[A-ZÅÄÖ][a-zåäö]+ [A-ZÅÄÖ][a-zåäö]+$/.test(n)), names.join(", "));
  });

  it("has one scheduled meeting with realistic agenda items, case numbers and documents", () => {
    const [meeting] = assembly.meetings;
    assert.ok(meeting);
    assert.equal(meeting.status, "SCHEDULED");
    assert.ok(meeting.agenda.length >= 8);
    const titles = meeting.agenda.map((i) => i.title).join(" | ");
    for (const kind of [/Budget/, /Motion/, /Medborgarförslag/, /Remiss/, /Val av/]) assert.match(titles, kind);
    assert.deepEqual(meeting.agenda.map((i) => i.number), meeting.agenda.map((_, i) => i + 1));
    assert.ok(meeting.agenda.filter((i) => i.caseNumber !== null).every((i) => /^KS \d{4}\/\d+$/.test(i.caseNumber ?? "")));
    assert.ok(meeting.agenda.filter((i) => i.caseNumber !== null).length >= 7);
    assert.ok(meeting.agenda.flatMap((i) => i.documentUrls).every((u) => /^https:\/\/.+\.pdf$/.test(u)));
    assert.ok(meeting.agenda.every((i) => i.proposals.length >= 1));
  });
});
