import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { entryHash } from "../src/ledger/chain.js";
import { LEDGER_FILE } from "../src/http/server.js";
import { TRIGGERS } from "../src/ledger/schema.js";
import { Connection } from "../src/ledger/sqlite.js";
import { REPO_ROOT, expectRefusedStart, startServerProcess, type ServerProcess } from "../src/testing/process.js";
import { CAST, SEATS, meetingOnBudget, must, openVote, verifyLedger } from "./support.js";

/**
 * Points 2-4 on the real file of a real server process: durable settings on every connection after
 * a restart (and a refusal to serve without them); append-only against every kind of write; a
 * dropped trigger refused at startup; and each kind of tampering named by verification.
 */

interface Health {
  readonly ok: boolean;
  readonly ledgerHead: { readonly seq: number; readonly hash: string };
  readonly durability: ReadonlyArray<{ readonly journalMode: string; readonly synchronous: number }> | null;
}

async function health(server: ServerProcess): Promise<Health> {
  return (await (await fetch(`${server.url}/healthz`)).json()) as Health;
}

/** A ledger with a meeting, a vote and 45 ballots in it, in a data folder of its own (server stopped). */
async function ledgerWithAVote(): Promise<{ dataDir: string; head: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), "council-reliability-"));
  const server = await startServerProcess({ dataDir });
  try {
    await meetingOnBudget(server);
    const voteId = await openVote(server, "Provomröstning");
    await Promise.all(SEATS.map((seat) => must(server, `member-${seat}`, CAST, { v: voteId, c: seat % 2 ? "YES" : "NO", k: `k${seat}` })));
    return { dataDir, head: (await health(server)).ledgerHead.seq };
  } finally {
    await server.stop();
  }
}

async function withFile<T>(file: string, work: (db: Connection) => Promise<T>): Promise<T> {
  const db = await Connection.open(file, "readwrite");
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** `npm run verify -- --file <file>`, as an operator runs it. */
function verifyCommand(file: string): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", "api/src/cli.ts", "verify", "--file", file], { cwd: REPO_ROOT, encoding: "utf8" });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

describe("the ledger file under a real server", () => {
  let dataDir: string;
  let head: number;
  before(async () => {
    ({ dataDir, head } = await ledgerWithAVote());
  });
  after(async () => rm(dataDir, { recursive: true, force: true }));

  it("point 2: after a restart on an existing database every connection reports journal_mode=wal and synchronous=FULL", async (t) => {
    const server = await startServerProcess({ dataDir });
    try {
      await server.restart();
      const h = await health(server);
      assert.equal(h.ok, true);
      assert.equal(h.ledgerHead.seq, head);
      assert.deepEqual(h.durability, [
        { journalMode: "wal", synchronous: 2 },
        { journalMode: "wal", synchronous: 2 },
      ]);
      // The file itself is in WAL mode for any other reader too.
      const mode = await withFile(join(dataDir, LEDGER_FILE), (db) => db.get<{ journal_mode: string }>("PRAGMA journal_mode"));
      assert.equal(mode?.journal_mode, "wal");
      t.diagnostic(`durability: after a restart at seq ${head}, writer and reader both report journal_mode=wal, synchronous=2 (FULL)`);
    } finally {
      await server.stop();
    }
  });

  it("point 2: a database that cannot be put in WAL mode (another program holds it open in rollback mode) is refused with a clear message", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "council-reliability-"));
    try {
      const file = join(dir, LEDGER_FILE);
      await copyFile(join(dataDir, LEDGER_FILE), file);
      // Someone switched the file to rollback-journal mode and keeps a read transaction open on it.
      const holder = await Connection.open(file, "readwrite");
      try {
        await holder.get("PRAGMA journal_mode = DELETE");
        await holder.exec("BEGIN");
        await holder.get("SELECT count(*) FROM ledger");
        const refused = await expectRefusedStart(dir);
        assert.equal(refused.code, 1);
        assert.match(refused.output, /Not starting: .*journal_mode=delete.*the ledger needs journal_mode=wal and synchronous=FULL/s);
        t.diagnostic(`durability: refused to serve: ${refused.output.trim().split("\n")[0]?.slice(0, 160)}`);
      } finally {
        await holder.exec("ROLLBACK").catch(() => undefined);
        await holder.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("point 3: UPDATE, DELETE, INSERT OR REPLACE, REPLACE and upserts on the live ledger all fail, and nothing changes", async (t) => {
    const server = await startServerProcess({ dataDir });
    try {
      const before = await health(server);
      const attempts: ReadonlyArray<readonly [string, string]> = [
        ["UPDATE", `UPDATE ledger SET payload = '{"choice":"NO"}' WHERE seq = ${head}`],
        ["DELETE", `DELETE FROM ledger WHERE seq = ${head}`],
        ["INSERT OR REPLACE", `INSERT OR REPLACE INTO ledger (seq, at, meeting, type, actor, payload, prev_hash, hash) SELECT seq, at, meeting, type, actor, '{}', prev_hash, hash FROM ledger WHERE seq = ${head}`],
        ["REPLACE", `REPLACE INTO ledger (seq, at, meeting, type, actor, payload, prev_hash, hash) SELECT seq, at, meeting, type, actor, '{}', prev_hash, hash FROM ledger WHERE seq = 1`],
        ["upsert", `INSERT INTO ledger (seq, at, meeting, type, actor, payload, prev_hash, hash) SELECT seq, at, meeting, type, actor, '{}', prev_hash, hash FROM ledger WHERE seq = 2 ON CONFLICT (seq) DO UPDATE SET payload = excluded.payload`],
        ["a forged entry at the head", `INSERT INTO ledger (seq, at, meeting, type, actor, payload, prev_hash, hash) VALUES (${head + 1}, '2026-12-14T18:00:00.000Z', NULL, 'BallotCast', 'member-2', '{}', '${"0".repeat(64)}', '${"1".repeat(64)}')`],
        ["an insert in the past", `INSERT INTO ledger (seq, at, meeting, type, actor, payload, prev_hash, hash) VALUES (${head + 5}, '2026-12-14T18:00:00.000Z', NULL, 'BallotCast', 'member-2', '{}', 'x', 'y')`],
      ];
      const refused: string[] = [];
      await withFile(join(dataDir, LEDGER_FILE), async (db) => {
        for (const [what, sql] of attempts) {
          await assert.rejects(db.exec(sql), /the ledger is append-only/, what);
          refused.push(what);
        }
      });
      const afterwards = await health(server);
      assert.deepEqual(afterwards.ledgerHead, before.ledgerHead);
      assert.equal((await verifyLedger(server)).ok, true);
      t.diagnostic(`append-only: ${refused.length} writes refused by the file's triggers (${refused.join(", ")}); head unchanged at seq ${head}, chain verifies`);
    } finally {
      await server.stop();
    }
  });

  for (const trigger of Object.keys(TRIGGERS)) {
    it(`point 3: a trigger dropped behind the server's back (${trigger}) is found at startup, and the server refuses to serve`, async (t) => {
      const dir = await mkdtemp(join(tmpdir(), "council-reliability-"));
      try {
        await copyFile(join(dataDir, LEDGER_FILE), join(dir, LEDGER_FILE));
        await withFile(join(dir, LEDGER_FILE), (db) => db.exec(`DROP TRIGGER ${trigger}`));
        const refused = await expectRefusedStart(dir);
        assert.equal(refused.code, 1);
        assert.match(refused.output, new RegExp(`Not starting: The ledger's protections are not intact \\(trigger ${trigger} is missing\\)`));
        t.diagnostic(`schema check: ${trigger} dropped: exit ${refused.code}`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }

  describe("point 4: tampering with the file (triggers put back so that only the chain can tell)", () => {
    const target = 20;
    const kinds: ReadonlyArray<{ readonly name: string; readonly firstBad: number; readonly sql: (db: Connection) => Promise<void> }> = [
      {
        name: "a changed payload",
        firstBad: target,
        sql: (db) => db.exec(`UPDATE ledger SET payload = replace(payload, 'member-', 'medlem-') WHERE seq = ${target}`),
      },
      {
        name: "a row whose hash was recomputed",
        firstBad: target + 1,
        sql: async (db) => {
          const row = await db.get<{ seq: number; at: string; meeting: string | null; type: string; actor: string; payload: string; prev_hash: string }>(
            `SELECT seq, at, meeting, type, actor, payload, prev_hash FROM ledger WHERE seq = ${target}`,
          );
          assert.ok(row);
          const payload = row.payload.replace("member-", "medlem-");
          const hash = entryHash(row.prev_hash, { seq: row.seq, at: row.at, meeting: row.meeting, type: row.type, actor: row.actor, payload });
          await db.get("UPDATE ledger SET payload = ?, hash = ? WHERE seq = ?", [payload, hash, target]);
        },
      },
      { name: "a removed row", firstBad: target + 1, sql: (db) => db.exec(`DELETE FROM ledger WHERE seq = ${target}`) },
      {
        name: "swapped rows",
        firstBad: target,
        sql: (db) =>
          db.exec(
            `UPDATE ledger SET seq = -1 WHERE seq = ${target}; UPDATE ledger SET seq = ${target} WHERE seq = ${target + 1}; UPDATE ledger SET seq = ${target + 1} WHERE seq = -1`,
          ),
      },
    ];
    for (const kind of kinds) {
      it(`${kind.name}: the offline verify command and a server start both name entry ${kind.firstBad}`, async (t) => {
        const dir = await mkdtemp(join(tmpdir(), "council-reliability-"));
        try {
          const file = join(dir, LEDGER_FILE);
          await copyFile(join(dataDir, LEDGER_FILE), file);
          await withFile(file, async (db) => {
            await db.exec(Object.keys(TRIGGERS).map((name) => `DROP TRIGGER ${name}`).join("; "));
            await kind.sql(db);
            await db.exec(Object.values(TRIGGERS).join("; "));
          });
          const verify = verifyCommand(file);
          assert.equal(verify.status, 1, verify.out);
          assert.match(verify.out, new RegExp(`FIRST BAD ENTRY: seq ${kind.firstBad}:`));
          assert.match(verify.out, /verification: FAILED/);
          const refused = await expectRefusedStart(dir);
          assert.equal(refused.code, 1);
          assert.match(refused.output, new RegExp(`Not starting: .*\\b${kind.firstBad}\\b`));
          t.diagnostic(`tamper: ${kind.name} at seq ${target}: verify exit 1, first bad entry ${kind.firstBad}; server refused to start`);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      });
    }
  });
});
