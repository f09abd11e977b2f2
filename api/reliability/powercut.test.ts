import assert from "node:assert/strict";
import { open, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { writeFileDurably } from "../src/durableFile.js";
import { LEDGER_FILE } from "../src/http/server.js";
import { Connection } from "../src/ledger/sqlite.js";
import { startServerProcess, type ServerProcess } from "../src/testing/process.js";
import { mountLossy, type CutReport, type LossyMount } from "./powercut/lossyfs.js";
import { CHAIR, SEATS, SPREAD_MS, burst, choiceOf, integrityCheck, meetingOnBudget, must, openVote, sleep, verifyLedger, voteRecord, type Attempt } from "./support.js";

/**
 * Point 11: the power cut. DATA_DIR is a FUSE layer that keeps every write in memory until its file
 * is fsynced (powercut/lossyfs.py). During bursts of 45 concurrent ballots the server is SIGKILLed
 * and the power cut at the same moment, over and over: after the disk comes back every acknowledged
 * ballot is there, the vote is still open, the chain verifies, SQLite's integrity check passes, and
 * every other file in DATA_DIR is whole or absent (the issuer key parses as a JWK, backups check),
 * so the server starts. The second part shows the layer bites: what is not fsynced is lost.
 */

const CYCLES = 20;
const KEY_FILE = "issuer-key.json";



interface FileCheck {
  /** Files looked at, by kind. */
  readonly kinds: Map<string, number>;
  /** What is half-written or unreadable, one line each. */
  readonly problems: string[];
}

/**
 * Every file under DATA_DIR after the disk came back: the ledger (and its -wal/-shm) is left to
 * integrity_check; the issuer key must be a whole EC JWK; any other JSON must parse; any other
 * SQLite file (backups) must pass integrity_check. Hidden temporary files are counted, not judged.
 */
async function checkFiles(dataDir: string): Promise<FileCheck> {
  const kinds = new Map<string, number>();
  const problems: string[] = [];
  const count = (kind: string) => kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const name = relative(dataDir, path);
      if (entry.isDirectory()) {
        await walk(path);
        continue;
      }
      if (name === LEDGER_FILE) {
        count("ledger");
      } else if (/-(wal|shm|journal)$/.test(name)) {
        count("SQLite -wal/-shm/-journal");
      } else if (name === KEY_FILE) {
        count("issuer key");
        const problem = jwkProblem(await readFile(path, "utf8"));
        if (problem) problems.push(`${name}: ${problem}`);
      } else if (entry.name.startsWith(".")) {
        count("hidden temporary");
      } else if (name.endsWith(".json")) {
        count("json");
        try {
          JSON.parse(await readFile(path, "utf8"));
        } catch (error) {
          problems.push(`${name} (${(await stat(path)).size} bytes) does not parse: ${String(error)}`);
        }
      } else if (name.endsWith(".sqlite")) {
        count("sqlite (backups)");
        const integrity = await sqliteIntegrity(path);
        if (integrity !== "ok") problems.push(`${name}: integrity_check says ${integrity}`);
      } else {
        count("other");
      }
    }
  };
  await walk(dataDir);
  return { kinds, problems };
}

function jwkProblem(text: string): string | null {
  if (text.length === 0) return "empty (written without fsync: the data was lost, the name survived)";
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch {
    return `not JSON (${text.length} bytes)`;
  }
  if (typeof jwk !== "object" || jwk === null) return "not a JSON object";
  const fields = jwk as Record<string, unknown>;
  const missing = ["kty", "crv", "x", "y", "d"].filter((k) => typeof fields[k] !== "string");
  return missing.length === 0 && fields["kty"] === "EC" ? null : `not a whole EC private JWK (missing ${missing.join(", ") || "kty EC"})`;
}

async function sqliteIntegrity(file: string): Promise<string> {
  try {
    const db = await Connection.open(file, "readonly");
    try {
      return (await db.all<{ integrity_check: string }>("PRAGMA integrity_check")).map((r) => r.integrity_check).join("; ");
    } finally {
      await db.close();
    }
  } catch (error) {
    return `cannot open: ${String(error)}`;
  }
}

/** The issuer key's public x coordinate: another value after a restart means the key was recreated. */
async function keyId(dataDir: string): Promise<string | null> {
  try {
    const jwk: unknown = JSON.parse(await readFile(join(dataDir, KEY_FILE), "utf8"));
    return typeof jwk === "object" && jwk !== null && "x" in jwk && typeof jwk.x === "string" ? jwk.x : null;
  } catch {
    return null;
  }
}

async function warmTokens(server: ServerProcess): Promise<void> {
  for (const seat of SEATS) await server.token(`member-${seat}`);
}

describe("the server killed and the power cut during bursts of 45 concurrent ballots", () => {
  let disk: LossyMount | undefined;
  let server: ServerProcess | undefined;
  before(async () => {
    disk = await mountLossy();
    server = await startServerProcess({ dataDir: disk.mountpoint });
    // A killed server cannot hand out tokens; cached ones outlive restarts while the key does.
    await warmTokens(server);
    await meetingOnBudget(server);
  });
  after(async () => {
    try {
      await server?.stop();
    } finally {
      await disk?.close();
    }
  });

  it(`loses no acknowledged ballot and leaves no half-written file, over ${CYCLES} power cuts`, { timeout: 180_000 }, async (t) => {
    assert.ok(disk && server);
    const mount = disk;
    const acks: number[] = [];
    const cuts: CutReport[] = [];
    let unacknowledgedButCommitted = 0;
    let partialCycles = 0;
    const moments = new Map<string, number>();
    let filesChecked = 0;
    const kinds = new Map<string, number>();
    const keyRecreatedIn: number[] = [];
    const started = performance.now();

    for (let cycle = 1; cycle <= CYCLES; cycle += 1) {
      const voteId = await openVote(server, `Strömavbrott ${cycle}`);
      const keyBefore = await keyId(mount.mountpoint);
      const attempts: Attempt[] = SEATS.map((seat) => ({ seat, key: `p${cycle}-seat${seat}`, choice: choiceOf(seat) }));

      // The power and the process go together, at one of three kinds of moment in turn: a delay
      // spread over the burst (perhaps before any answer); the k-th acknowledgement, k spread over
      // the burst; or the k-th write to the ledger's WAL, when a commit's frames are written and
      // their fsync has not come (the filesystem cuts itself; the SIGKILL follows within a moment).
      let cut: { readonly report: Promise<CutReport>; readonly killed: Promise<void> } | undefined;
      const live = server;
      const cutNow = (report?: Promise<CutReport>) => (cut ??= { report: report ?? mount.cut(), killed: live.kill() });
      const moment = (["delay", "ack", "wal"] as const)[cycle % 3];
      const k = 1 + ((cycle * 7) % 40);
      if (moment === "wal") {
        const fired = mount.armCut(`/${LEDGER_FILE}-wal`, k);
        void fired.then(() => cutNow(fired), () => undefined);
      }
      const sent = burst(server, voteId, attempts, (n) => {
        if (moment === "ack" && n >= k) cutNow();
      });
      if (moment === "delay") {
        await sleep((cycle * 23) % (2 * SPREAD_MS));
        cutNow();
      }
      const acked = await sent;
      const { report, killed } = cutNow();
      await killed;
      const dropped = await report;
      cuts.push(dropped);
      const by = dropped.cause.startsWith("armed") ? "mid-commit (WAL frames written, not fsynced)" : "by the test";
      moments.set(by, (moments.get(by) ?? 0) + 1);

      // The power comes back.
      await mount.remount();
      const files = await checkFiles(mount.mountpoint);
      assert.deepEqual(files.problems, [], `cycle ${cycle}: every file in DATA_DIR is whole or absent`);
      for (const [kind, n] of files.kinds) kinds.set(kind, (kinds.get(kind) ?? 0) + n);
      filesChecked += [...files.kinds.values()].reduce((a, b) => a + b, 0);
      assert.equal(await integrityCheck(mount.mountpoint), "ok", `cycle ${cycle}: integrity_check`);
      await server.restart();

      if ((await keyId(mount.mountpoint)) !== keyBefore) {
        // The key did not survive: every token signed before is void. Start over with fresh tokens.
        keyRecreatedIn.push(cycle);
        await server.kill();
        server = await startServerProcess({ dataDir: mount.mountpoint });
        await warmTokens(server);
      }

      const afterCut = await voteRecord(server, voteId);
      assert.equal(afterCut.status, "OPEN", `cycle ${cycle}: the vote is still open`);
      const counted = new Map(afterCut.ballots.map((b) => [b.member.id, b.choice]));
      for (const a of acked) {
        assert.equal(counted.get(`member-${a.seat}`), a.choice, `cycle ${cycle}: acknowledged ballot of seat ${a.seat} survived the cut`);
      }
      const verification = await verifyLedger(server);
      assert.equal(verification.ok, true, `cycle ${cycle}: the ledger verifies (first bad seq ${verification.firstBadSeq})`);

      await must(server, CHAIR, `mutation($v: ID!) { cancelVote(voteId: $v, reason: "Provcykel") { id } }`, { v: voteId });
      acks.push(acked.size);
      unacknowledgedButCommitted += counted.size - acked.size;
      if (acked.size > 0 && acked.size < attempts.length) partialCycles += 1;
    }

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const dropped = cuts.map((c) => `${c.writes}/${c.bytes}`);
    const droppedFiles = new Map<string, number>();
    for (const c of cuts) for (const f of c.files) droppedFiles.set(f.path, (droppedFiles.get(f.path) ?? 0) + 1);
    t.diagnostic(
      `powercut: ${CYCLES} cycles of SIGKILL + power cut during 45 concurrent ballots in ${seconds} s; acknowledged before each cut: ${acks.join(", ")} ` +
        `(${acks.reduce((a, b) => a + b, 0)} in all, ${partialCycles} cycles cut mid-burst; cut ${[...moments].map(([m, n]) => `${m} ${n}`).join(", ")}), every one present after the power came back; ` +
        `${unacknowledgedButCommitted} ballots were committed but never acknowledged`,
    );
    t.diagnostic(
      `powercut: dropped by each cut (writes/bytes not yet fsynced): ${dropped.join(", ")}; ` +
        `${cuts.reduce((a, c) => a + c.bytes, 0)} bytes in all, from ${[...droppedFiles].map(([p, n]) => `${p} (${n} cuts)`).join(", ") || "no file"}`,
    );
    t.diagnostic(
      `powercut: ${filesChecked} files checked after the cuts (${[...kinds].map(([k, n]) => `${k} ${n}`).join(", ")}), none half-written; ` +
        `integrity_check ok and chain verified every cycle; issuer key recreated in ${keyRecreatedIn.length} cycles${keyRecreatedIn.length > 0 ? ` (${keyRecreatedIn.join(", ")})` : ""}`,
    );
    assert.ok(partialCycles > 0, "at least one cut landed in the middle of a burst");
    assert.ok(cuts.some((c) => c.bytes > 0), "the cuts dropped unsynced writes (the layer was in the way)");
    assert.deepEqual(keyRecreatedIn, [], "the issuer key survives every cut (otherwise every signed-in client loses its token)");
  });
});

describe("the lossy layer bites", () => {
  const ROWS = 200;

  /** Commits ROWS rows, one transaction each, on the mount; cuts the power; counts what came back. */
  async function rowsAfterCut(synchronous: "OFF" | "FULL"): Promise<{ committed: number; survived: number; cut: CutReport }> {
    const disk = await mountLossy();
    try {
      const file = join(disk.mountpoint, "writer.sqlite");
      const db = await Connection.open(file, "readwrite");
      let committed = 0;
      let cut: CutReport;
      try {
        // WAL keeps its index in the mmapped -shm file: this works only if mmap works on the mount.
        const mode = await db.get<{ journal_mode: string }>("PRAGMA journal_mode=WAL");
        assert.equal(mode?.journal_mode, "wal");
        await db.exec(`PRAGMA synchronous=${synchronous}`);
        const set = await db.get<{ synchronous: number }>("PRAGMA synchronous");
        assert.equal(set?.synchronous, synchronous === "OFF" ? 0 : 2);
        await db.exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
        for (let i = 1; i <= ROWS; i += 1) {
          await db.exec(`BEGIN; INSERT INTO rows (body) VALUES ('row ${i} ${"x".repeat(100)}'); COMMIT;`);
        }
        committed = (await db.get<{ n: number }>("SELECT count(*) AS n FROM rows"))?.n ?? 0;
        cut = await disk.cut();
      } finally {
        // The disk is off: closing fails, but it lets go of the files so that the mount can go.
        await db.close().catch(() => undefined);
      }
      await disk.remount();
      const after = await Connection.open(file, "readwrite");
      try {
        const table = await after.get("SELECT 1 FROM sqlite_master WHERE name = 'rows'");
        const survived = table ? ((await after.get<{ n: number }>("SELECT count(*) AS n FROM rows"))?.n ?? 0) : 0;
        return { committed, survived, cut };
      } finally {
        await after.close();
      }
    } finally {
      await disk.close();
    }
  }

  it(`loses committed rows of a SQLite writer with synchronous=OFF, and none with synchronous=FULL`, async (t) => {
    const off = await rowsAfterCut("OFF");
    const full = await rowsAfterCut("FULL");
    t.diagnostic(
      `powercut bites: WAL + synchronous=OFF committed ${off.committed} rows, ${off.survived} came back (cut dropped ${off.cut.writes} writes, ${off.cut.bytes} bytes); ` +
        `synchronous=FULL committed ${full.committed}, ${full.survived} came back (cut dropped ${full.cut.writes} writes, ${full.cut.bytes} bytes)`,
    );
    assert.equal(off.committed, ROWS);
    assert.ok(off.survived < ROWS, `synchronous=OFF lost rows through the cut (${off.survived} of ${ROWS} came back)`);
    assert.equal(full.committed, ROWS);
    assert.equal(full.survived, ROWS, "synchronous=FULL lost no committed row");
  });

  it("shows unsynced writes to readers, keeps what was fsynced, and drops the rest at a cut", async () => {
    const disk = await mountLossy();
    try {
      const file = join(disk.mountpoint, "layer.bin");
      const handle = await open(file, "w+");
      try {
        await handle.write(Buffer.alloc(10_000, "a"), 0, 10_000, 0);
        await handle.sync();
        await handle.truncate(100);
        await handle.write(Buffer.from("tail"), 0, 4, 6_000);
        // Read-your-writes through another descriptor: the shrink, the zeros it left, the new tail.
        const seen = await readFile(file);
        assert.equal(seen.length, 6_004);
        assert.equal(seen.subarray(95, 105).toString("latin1"), "aaaaa\0\0\0\0\0");
        assert.equal(seen.subarray(6_000).toString(), "tail");
      } finally {
        await handle.close();
      }
      assert.equal((await readFile(join(disk.backing, "layer.bin"))).length, 10_000, "closing made nothing durable");
      const cut = await disk.cut();
      assert.deepEqual(cut.files.map((f) => [f.path, f.writes, f.bytes]), [["/layer.bin", 2, 4]]);
      await disk.remount();
      assert.deepEqual(await readFile(file), Buffer.alloc(10_000, "a"), "the file is as it was at its last fsync");
    } finally {
      await disk.close();
    }
  });

  it("empties a file written with fs.writeFile, and keeps one written with writeFileDurably", async (t) => {
    const disk = await mountLossy();
    try {
      const key = JSON.stringify({ kty: "EC", crv: "P-256", x: "x".repeat(43), y: "y".repeat(43), d: "d".repeat(43) });
      await writeFile(join(disk.mountpoint, "plain.json"), key, { mode: 0o600 });
      await writeFileDurably(join(disk.mountpoint, "durable.json"), key, { mode: 0o600 });
      const cut = await disk.cut();
      await disk.remount();
      const plain = await readFile(join(disk.mountpoint, "plain.json"), "utf8");
      const durable = await readFile(join(disk.mountpoint, "durable.json"), "utf8");
      t.diagnostic(`powercut bites: fs.writeFile left ${plain.length} of ${key.length} bytes, writeFileDurably ${durable.length} (cut dropped ${cut.bytes} bytes)`);
      assert.equal(plain, "", "the name survived the cut, the data did not");
      assert.equal(durable, key);
      assert.deepEqual((await readdir(disk.mountpoint)).sort(), ["durable.json", "plain.json"], "no temporary file left behind");
    } finally {
      await disk.close();
    }
  });
});
