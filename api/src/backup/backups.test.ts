import assert from "node:assert/strict";
import { readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ConfigError, loadConfig } from "../config.js";
import { LEDGER_FILE } from "../http/server.js";
import { TRIGGERS } from "../ledger/schema.js";
import { Connection } from "../ledger/sqlite.js";
import { listBackups } from "./files.js";
import { capturingLog, CHAIR, holdVote, meetingOnBudget, PINO_ERROR, serverWithBackups, waitFor } from "./testing.js";
import { checkLedgerFile } from "./verify.js";

describe("automatic backups of a serving ledger", () => {
  it("writes a verified backup after a vote closes, named with its time and the ledger head seq", async () => {
    const server = await serverWithBackups();
    try {
      await meetingOnBudget(server.council);
      await holdVote(server.council, "v1", 20, false);
      await server.backups.settled();
      assert.deepEqual(await listBackups(server.backupDir), [], "an open vote's ballots alone take no backup");

      await server.council.execute({ type: "CloseVote", data: { voteId: "v1" } }, CHAIR);
      await server.backups.settled();
      const [backup, ...others] = await listBackups(server.backupDir);
      assert.ok(backup);
      assert.equal(others.length, 0);
      assert.match(backup.name, /^council-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-seq\d{6}\.sqlite$/);
      assert.equal(backup.seq, server.council.head.seq);
      assert.equal(server.backups.last?.reason, "vote-closed");

      const check = await checkLedgerFile(join(server.backupDir, backup.name));
      assert.equal(check.ok, true, check.problem ?? "");
      assert.deepEqual(check.head, server.council.head);
      assert.deepEqual(await readdir(server.backupDir), [backup.name], "no temp file, no -wal or -shm beside it");
    } finally {
      await server.close();
      await rm(server.dataDir, { recursive: true, force: true });
    }
  });

  it("backs up a cancelled vote and a closed meeting too", async () => {
    const server = await serverWithBackups();
    try {
      await meetingOnBudget(server.council);
      await holdVote(server.council, "v1", 5, false);
      await server.council.execute({ type: "CancelVote", data: { voteId: "v1", reason: "fel fråga" } }, CHAIR);
      await server.backups.settled();
      assert.equal((await listBackups(server.backupDir))[0]?.seq, server.council.head.seq);
      await server.council.execute({ type: "CloseMeeting", data: { meetingId: "kf-2026-12-14" } }, CHAIR);
      await server.backups.settled();
      assert.equal((await listBackups(server.backupDir))[0]?.seq, server.council.head.seq);
      assert.equal(server.backups.stats.taken, 2);
    } finally {
      await server.close();
      await rm(server.dataDir, { recursive: true, force: true });
    }
  });

  it("backs up on the timer only when the ledger head moved since the last backup", async () => {
    const server = await serverWithBackups({ intervalMinutes: 0.002 }); // 120 ms
    try {
      await waitFor("the first timed backup", () => server.backups.stats.taken === 1);
      assert.equal(server.backups.last?.reason, "timer");
      await waitFor("three idle ticks", () => server.backups.stats.skipped >= 3);
      assert.equal(server.backups.stats.taken, 1, "nothing new, no new backup");

      await server.council.execute({ type: "OpenMeeting", data: { meetingId: "kf-2026-12-14" } }, CHAIR);
      await waitFor("a timed backup of the change", () => server.backups.stats.taken === 2);
      const backups = await listBackups(server.backupDir);
      assert.equal(backups.length, 2);
      assert.equal(backups[0]?.seq, server.council.head.seq);
    } finally {
      await server.close();
      await rm(server.dataDir, { recursive: true, force: true });
    }
  });

  it("keeps the newest BACKUP_KEEP backups and deletes older ones (and only its own files)", async () => {
    const server = await serverWithBackups({ keep: 3 });
    try {
      await writeFile(join(server.backupDir, "manual-copy.sqlite"), "not ours");
      await meetingOnBudget(server.council);
      const seqs: number[] = [];
      for (let n = 1; n <= 5; n += 1) {
        await holdVote(server.council, `v${n}`, 3);
        await server.backups.settled();
        seqs.push(server.council.head.seq);
      }
      const kept = await listBackups(server.backupDir);
      assert.deepEqual(
        kept.map((b) => b.seq),
        seqs.slice(-3).reverse(),
      );
      assert.ok((await readdir(server.backupDir)).includes("manual-copy.sqlite"));
    } finally {
      await server.close();
      await rm(server.dataDir, { recursive: true, force: true });
    }
  });

  it("runs one backup at a time: triggers during a backup schedule one more after it", async () => {
    const server = await serverWithBackups();
    try {
      await meetingOnBudget(server.council);
      const first = server.backups.request("requested");
      await holdVote(server.council, "v1", 10, false);
      const second = server.backups.request("requested");
      const third = server.backups.request("timer");
      assert.equal(second, third, "a trigger while one is scheduled joins it");
      assert.notEqual(first, second);
      const [a, b] = await Promise.all([first, second]);
      assert.ok(a && b);
      assert.ok(b.head.seq > a.head.seq, "the scheduled one holds what changed while the first ran");
      assert.equal(b.head.seq, server.council.head.seq);
      assert.equal(b.reason, "requested");
      assert.equal(server.backups.stats.maxRunning, 1);
    } finally {
      await server.close();
      await rm(server.dataDir, { recursive: true, force: true });
    }
  });

  it("deletes a copy that does not verify, logs an error, keeps the last good backup, and the votes go on", async () => {
    const { log, lines } = capturingLog();
    const server = await serverWithBackups({ keep: 1 }, { log });
    try {
      await meetingOnBudget(server.council);
      await holdVote(server.council, "v1", 5);
      await server.backups.settled();
      const good = await listBackups(server.backupDir);
      assert.equal(good.length, 1);

      // Someone rewrites an entry behind the server's back (and puts the trigger back).
      const outsider = await Connection.open(join(server.dataDir, LEDGER_FILE));
      await outsider.exec("DROP TRIGGER ledger_no_update");
      await outsider.run("UPDATE ledger SET actor = 'someone-else' WHERE seq = 3");
      await outsider.exec(TRIGGERS["ledger_no_update"] ?? "");
      await outsider.close();

      await holdVote(server.council, "v2", 5);
      await server.backups.settled();
      assert.equal(server.backups.stats.failed, 1);
      assert.deepEqual(await listBackups(server.backupDir), good, "the only verified backup is still there, and nothing else");
      assert.deepEqual(await readdir(server.backupDir), good.map((b) => b.name), "no temp file left");
      const error = lines.find((l) => l.level === PINO_ERROR && /backup failed/.test(l.msg));
      assert.ok(error, "logged as an error");
      assert.match(error.msg, /ledger entry 3 does not verify: its hash does not match its content/);

      // Serving goes on: the next vote is acknowledged as before.
      await holdVote(server.council, "v3", 5);
      assert.equal(server.council.state.votes.get("v3")?.status, "CLOSED");
    } finally {
      await server.close();
      await rm(server.dataDir, { recursive: true, force: true });
    }
  });

  it("a backup folder that cannot be written costs a logged error, never a vote", async () => {
    const { log, lines } = capturingLog();
    const dataDir = await serverWithBackups().then(async (s) => {
      await s.close();
      return s.dataDir;
    });
    const blocked = join(dataDir, "not-a-folder");
    await writeFile(blocked, "a file where the backup folder should be");
    const server = await serverWithBackups({ dir: join(blocked, "backups") }, { dataDir, log });
    try {
      await meetingOnBudget(server.council);
      await holdVote(server.council, "v1", 10);
      await server.backups.settled();
      assert.equal(server.council.state.votes.get("v1")?.status, "CLOSED");
      assert.equal(server.backups.stats.failed, 1);
      assert.ok(lines.some((l) => l.level === PINO_ERROR && /backup failed/.test(l.msg)));
    } finally {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("closing the server waits for the running backup, which is kept whole", async () => {
    const server = await serverWithBackups();
    try {
      await meetingOnBudget(server.council);
      await holdVote(server.council, "v1", 30);
      // The close-triggered backup is under way (or about to be) as the server stops.
      const closing = server.close();
      await closing;
      const backups = await listBackups(server.backupDir);
      assert.equal(backups.length, 1);
      assert.equal(backups[0]?.seq, server.council.head.seq);
      assert.deepEqual(await readdir(server.backupDir), backups.map((b) => b.name));
    } finally {
      await server.close();
      await rm(server.dataDir, { recursive: true, force: true });
    }
  });
});

describe("backup settings", () => {
  it("default to DATA_DIR/backups, every 10 minutes, 48 kept, in demo mode too", () => {
    const config = loadConfig({ DATA_DIR: "/srv/council" });
    assert.equal(config.mode, "demo");
    assert.deepEqual(config.backup, { dir: "/srv/council/backups", intervalMinutes: 10, keep: 48 });
  });
  it("are read from BACKUP_DIR, BACKUP_INTERVAL_MINUTES (0: no timer, fractions allowed) and BACKUP_KEEP", () => {
    const config = loadConfig({ BACKUP_DIR: "/mnt/backups", BACKUP_INTERVAL_MINUTES: "0.5", BACKUP_KEEP: "7" });
    assert.deepEqual(config.backup, { dir: "/mnt/backups", intervalMinutes: 0.5, keep: 7 });
    assert.equal(loadConfig({ BACKUP_INTERVAL_MINUTES: "0" }).backup?.intervalMinutes, 0);
  });
  it("refuse keeping no backup, a negative interval, or words", () => {
    for (const env of [{ BACKUP_KEEP: "0" }, { BACKUP_KEEP: "2.5" }, { BACKUP_INTERVAL_MINUTES: "-1" }, { BACKUP_INTERVAL_MINUTES: "often" }]) {
      assert.throws(() => loadConfig(env), ConfigError, JSON.stringify(env));
    }
  });
});
