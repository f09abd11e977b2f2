import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { GENESIS_HASH, verifyChain, entryHash, type StoredEntry } from "./chain.js";
import { Ledger } from "./ledger.js";
import { LedgerSchemaError } from "./schema.js";
import { Connection } from "./sqlite.js";

const AT = "2026-12-14T17:00:00.000Z";

async function freshLedger(): Promise<{ ledger: Ledger; dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), "ledger-test-"));
  const file = join(dir, "council.sqlite");
  return { ledger: await Ledger.open(file), dir, file };
}

async function appendSome(ledger: Ledger, n: number): Promise<StoredEntry[]> {
  return ledger.transaction((tx) =>
    tx.append(Array.from({ length: n }, (_, i) => ({ at: AT, meeting: "m1", type: "Test", actor: "tester", payload: { i, text: "å ä ö" } }))),
  );
}

describe("the ledger file", () => {
  let ledger: Ledger;
  let dir: string;
  let file: string;
  let outsider: Connection;

  before(async () => {
    ({ ledger, dir, file } = await freshLedger());
    await appendSome(ledger, 3);
    outsider = await Connection.open(file);
  });
  after(async () => {
    await outsider.close();
    await ledger.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("chains each entry to the one before it, from 64 zeros", async () => {
    const entries = await ledger.readAll();
    assert.deepEqual(entries.map((e) => e.seq), [1, 2, 3]);
    assert.equal(entries[0]?.prevHash, GENESIS_HASH);
    assert.equal(entries[1]?.prevHash, entries[0]?.hash);
    assert.equal(entries[0]?.payload, '{"i":0,"text":"å ä ö"}', "the payload is canonical JSON");
    assert.deepEqual(ledger.head, { seq: 3, hash: entries[2]?.hash });
    assert.equal(verifyChain(entries).ok, true);
  });

  it("reports WAL and synchronous=FULL on every connection", async () => {
    assert.deepEqual(await ledger.settings(), [
      { journalMode: "wal", synchronous: 2 },
      { journalMode: "wal", synchronous: 2 },
    ]);
  });

  for (const [what, sql] of [
    ["UPDATE", "UPDATE ledger SET payload = '{}' WHERE seq = 2"],
    ["DELETE", "DELETE FROM ledger WHERE seq = 3"],
    ["INSERT OR REPLACE", `INSERT OR REPLACE INTO ledger VALUES (2, '${AT}', 'm1', 'Forged', 'x', '{}', '${GENESIS_HASH}', 'h')`],
    ["REPLACE INTO", `REPLACE INTO ledger VALUES (1, '${AT}', 'm1', 'Forged', 'x', '{}', '${GENESIS_HASH}', 'h')`],
    ["an upsert", `INSERT INTO ledger VALUES (2, '${AT}', 'm1', 'Forged', 'x', '{}', '${GENESIS_HASH}', 'h') ON CONFLICT(seq) DO UPDATE SET payload = '{}'`],
    ["an insert that does not follow the head", `INSERT INTO ledger VALUES (9, '${AT}', 'm1', 'Forged', 'x', '{}', '${GENESIS_HASH}', 'h')`],
    ["an insert with a forged prev_hash", `INSERT INTO ledger VALUES (4, '${AT}', 'm1', 'Forged', 'x', '{}', '${GENESIS_HASH}', 'h')`],
  ] as const) {
    it(`refuses ${what} from any connection, and nothing changes`, async () => {
      const before = await ledger.readAll();
      await assert.rejects(outsider.run(sql), /append-only/);
      assert.deepEqual(await ledger.readAll(), before);
    });
  }

  it("rolls back a failed append and keeps its head", async () => {
    const head = ledger.head;
    await assert.rejects(
      ledger.transaction(async (tx) => {
        await tx.append([{ at: AT, meeting: null, type: "Test", actor: "tester", payload: { ok: true } }]);
        throw new Error("the batch fails");
      }),
      /the batch fails/,
    );
    assert.deepEqual(ledger.head, head);
    assert.equal((await ledger.readAll()).length, 3);
  });
});

describe("opening a ledger whose protections were removed", () => {
  it("refuses to serve when a trigger was dropped behind the server's back", async () => {
    const { ledger, dir, file } = await freshLedger();
    await appendSome(ledger, 1);
    await ledger.close();
    const outsider = await Connection.open(file);
    await outsider.exec("DROP TRIGGER ledger_no_update");
    await outsider.close();
    await assert.rejects(Ledger.open(file), (error: unknown) => {
      assert.ok(error instanceof LedgerSchemaError);
      assert.match(error.message, /trigger ledger_no_update is missing/);
      return true;
    });
    await rm(dir, { recursive: true, force: true });
  });
});

describe("verifying a chain", () => {
  const chain = (n: number): StoredEntry[] => {
    const entries: StoredEntry[] = [];
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= n; seq += 1) {
      const unhashed = { seq, at: AT, meeting: "m1", type: "Test", actor: "a", payload: `{"n":${seq}}` };
      const hash = entryHash(prev, unhashed);
      entries.push({ ...unhashed, prevHash: prev, hash });
      prev = hash;
    }
    return entries;
  };
  const tamper = (entries: StoredEntry[], seq: number, change: (e: StoredEntry) => StoredEntry) =>
    entries.map((e) => (e.seq === seq ? change(e) : e));

  it("accepts an untouched chain", () => {
    assert.deepEqual(verifyChain(chain(5)), { ok: true, entries: 5, head: { seq: 5, hash: chain(5)[4]?.hash }, firstBadSeq: null, problem: null });
  });
  it("names a changed payload", () => {
    const result = verifyChain(tamper(chain(5), 3, (e) => ({ ...e, payload: '{"n":33}' })));
    assert.equal(result.firstBadSeq, 3);
    assert.match(result.problem ?? "", /hash does not match/);
  });
  it("names a row whose hash was recomputed (the next entry no longer follows it)", () => {
    const result = verifyChain(
      tamper(chain(5), 3, (e) => {
        const payload = '{"n":33}';
        return { ...e, payload, hash: entryHash(e.prevHash, { ...e, payload }) };
      }),
    );
    assert.equal(result.firstBadSeq, 4);
  });
  it("names the entry after a removed row", () => {
    assert.equal(verifyChain(chain(5).filter((e) => e.seq !== 2)).firstBadSeq, 3);
  });
  it("names swapped rows", () => {
    const entries = chain(5);
    const [a, b] = [entries[1], entries[2]];
    assert.ok(a && b);
    const swapped = [entries[0], { ...b, seq: 2 }, { ...a, seq: 3 }, entries[3], entries[4]].filter((e) => e !== undefined);
    assert.equal(verifyChain(swapped).firstBadSeq, 2);
  });
  it("names a payload rewritten in non-canonical form", () => {
    const result = verifyChain(tamper(chain(3), 2, (e) => ({ ...e, payload: '{ "n": 2 }' })));
    assert.equal(result.firstBadSeq, 2);
    assert.match(result.problem ?? "", /canonical/);
  });
});
