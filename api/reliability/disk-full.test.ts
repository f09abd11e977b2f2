import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startServerProcess, type ServerProcess } from "../src/testing/process.js";
import { CAST, CLERK, MEETING, integrityCheck, meetingOnBudget, must, openVote, verifyLedger, voteRecord } from "./support.js";

/**
 * Point 6: the disk fills up under a running server (DATA_DIR on a small tmpfs). The mutation that
 * cannot be written fails with a clear error, nothing partial is stored, the server stays up, and
 * once space is freed it goes on, the same idempotency key recording the retried ballot once.
 */

const SIZE = "16m";
const HEAD = `{ meeting(id: "${MEETING}") { ledgerHead { seq hash } } }`;

function sh(command: string, args: string[]): { status: number | null; out: string } {
  const run = spawnSync(command, args, { encoding: "utf8" });
  return { status: run.status, out: `${run.stdout ?? ""}${run.stderr ?? ""}${run.error ? run.error.message : ""}` };
}

/** Writes a file until the file system says it is full; returns its path and size. */
function fill(dir: string): { file: string; bytes: number } {
  const file = join(dir, "filler");
  const fd = openSync(file, "w");
  const chunk = Buffer.alloc(64 * 1024, 1);
  let bytes = 0;
  try {
    for (;;) bytes += writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  } finally {
    closeSync(fd);
  }
  // The last bytes too: small writes until not even those fit.
  const small = openSync(file, "a");
  try {
    for (;;) bytes += writeSync(small, Buffer.alloc(512, 1));
  } catch {
    // full
  } finally {
    closeSync(small);
  }
  return { file, bytes };
}

describe("the disk fills up under a running server", () => {
  let mountpoint: string;
  let backups: string;
  let server: ServerProcess;

  before(async () => {
    mountpoint = mkdtempSync(join(tmpdir(), "council-diskfull-"));
    const mounted = sh("mount", ["-t", "tmpfs", "-o", `size=${SIZE}`, "tmpfs", mountpoint]);
    assert.equal(mounted.status, 0, `This test mounts a ${SIZE} tmpfs as DATA_DIR and needs root with mount rights (CAP_SYS_ADMIN): mount said: ${mounted.out}`);
    // Backups go elsewhere here: this test is about the ledger's own writes.
    backups = await mkdtemp(join(tmpdir(), "council-diskfull-backups-"));
    server = await startServerProcess({ dataDir: join(mountpoint, "data"), env: { BACKUP_DIR: backups } });
    await meetingOnBudget(server);
  });

  after(async () => {
    await server?.stop();
    sh("umount", [mountpoint]);
    rmSync(mountpoint, { recursive: true, force: true });
    await rm(backups, { recursive: true, force: true });
  });

  it("refuses the write it cannot make with a clear error, stores nothing of it, stays up, and goes on once space is freed", async (t) => {
    const voteId = await openVote(server, "Provomröstning");
    const filler = fill(mountpoint);

    // Members keep answering (and changing answers) until the ledger cannot grow.
    let failed: { seat: number; key: string; choice: string; code: string | undefined; message: string } | null = null;
    let accepted = 0;
    let headBefore = (await must<{ meeting: { ledgerHead: { seq: number; hash: string } } }>(server, CLERK, HEAD)).meeting.ledgerHead;
    for (let i = 0; i < 5000 && failed === null; i += 1) {
      const seat = (i % 45) + 1;
      const choice = i % 2 === 0 ? "YES" : "NO";
      const key = `full-${i}`;
      const r = await server.gql(`member-${seat}`, CAST, { v: voteId, c: choice, k: key });
      if (r.errors.length > 0) {
        failed = { seat, key, choice, code: r.errors[0]?.extensions?.code, message: r.errors[0]?.message ?? "" };
        break;
      }
      accepted += 1;
      headBefore = (await must<{ meeting: { ledgerHead: { seq: number; hash: string } } }>(server, CLERK, HEAD)).meeting.ledgerHead;
    }
    assert.ok(failed, "the disk filled up before 5000 ballots");
    assert.equal(failed.code, "UNAVAILABLE");
    assert.match(failed.message, /nothing was recorded/);

    // Nothing of it was stored; the server is up and reads still work.
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { ok: boolean; ledgerHead: { seq: number; hash: string } };
    assert.equal(health.ok, true);
    assert.deepEqual(health.ledgerHead, headBefore);
    const whileFull = await voteRecord(server, voteId);
    assert.equal(whileFull.status, "OPEN");

    // Space is freed: the same ballot, sent again with its key, is recorded once, and others follow.
    rmSync(filler.file);
    const retried = await server.gql(`member-${failed.seat}`, CAST, { v: voteId, c: failed.choice, k: failed.key });
    assert.deepEqual(retried.errors, []);
    const again = await server.gql(`member-${failed.seat}`, CAST, { v: voteId, c: failed.choice, k: failed.key });
    assert.deepEqual(again.errors, []);
    const afterwards = (await must<{ meeting: { ledgerHead: { seq: number } } }>(server, CLERK, HEAD)).meeting.ledgerHead;
    assert.equal(afterwards.seq, headBefore.seq + 1, "the retried ballot is one entry, not two");
    await must(server, "member-2", CAST, { v: voteId, c: "YES", k: "after-free" });
    assert.equal((await verifyLedger(server)).ok, true);

    // And a restart finds exactly that.
    await server.kill();
    assert.equal(await integrityCheck(server.dataDir), "ok");
    await server.restart();
    assert.equal((await verifyLedger(server)).ok, true);
    const final = (await must<{ meeting: { ledgerHead: { seq: number } } }>(server, CLERK, HEAD)).meeting.ledgerHead;
    assert.equal(final.seq, headBefore.seq + 2);
    t.diagnostic(
      `disk full: ${SIZE} tmpfs filled (${(filler.bytes / 1024 / 1024).toFixed(1)} MB of filler); ${accepted} ballots written, then "${failed.code}" at seq ${headBefore.seq + 1}; ` +
        `head unchanged, server up; after freeing space the same key recorded once; verify and integrity_check ok after a restart`,
    );
  });
});
