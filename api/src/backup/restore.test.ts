import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { LEDGER_FILE } from "../http/server.js";
import { restoreBackup, RestoreRefused } from "./restore.js";
import { holdVote, meetingOnBudget, serverWithBackups } from "./testing.js";
import { checkLedgerFile } from "./verify.js";

/**
 * Every file in a folder with the SHA-256 of its content: "nothing changed" made checkable. The
 * -shm is left out: it is SQLite's shared memory (read marks), which any reader of a WAL database
 * writes to, not data.
 */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name);
    if (name.endsWith("-shm")) continue;
    if ((await stat(path)).isFile()) out[name] = createHash("sha256").update(await readFile(path)).digest("hex");
  }
  return out;
}

describe("restoring a backup", () => {
  let scratch: string;
  let backupFile: string;
  let backupHead: { seq: number; hash: string };

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), "council-restore-"));
    const server = await serverWithBackups({ dir: join(scratch, "backups") }, { dataDir: join(scratch, "source") });
    await meetingOnBudget(server.council);
    await holdVote(server.council, "v1", 30);
    await server.backups.settled();
    const backup = server.backups.last;
    assert.ok(backup);
    backupFile = backup.file;
    backupHead = backup.head;
    await server.close();
  });
  after(async () => rm(scratch, { recursive: true, force: true }));

  it("puts a verified backup in an empty DATA_DIR; a server starts on it and verifies", async () => {
    const dataDir = join(scratch, "fresh");
    const result = await restoreBackup(backupFile, dataDir);
    assert.equal(result.replacedAs, null);
    assert.deepEqual(result.restored.head, backupHead);
    assert.deepEqual(await readdir(dataDir), [LEDGER_FILE]);

    const server = await serverWithBackups({}, { dataDir });
    try {
      assert.deepEqual(server.council.head, backupHead);
      const verification = await server.council.verify();
      assert.equal(verification.ok, true);
      assert.equal(verification.readModelsMatch, true);
      assert.equal(server.council.state.votes.get("v1")?.status, "CLOSED");
    } finally {
      await server.close();
    }
  });

  it("keeps the ledger it replaces as council.sqlite.replaced-<time>, whole", async () => {
    const dataDir = join(scratch, "replacing");
    const server = await serverWithBackups({}, { dataDir });
    await meetingOnBudget(server.council);
    const before = server.council.head;
    await server.close();

    const result = await restoreBackup(backupFile, dataDir, new Date("2026-12-14T19:30:00Z"));
    assert.equal(result.replacedAs, join(dataDir, `${LEDGER_FILE}.replaced-2026-12-14T19-30-00Z`));
    assert.deepEqual(result.previousHead, before);
    const kept = await checkLedgerFile(result.replacedAs);
    assert.equal(kept.ok, true, kept.problem ?? "");
    assert.deepEqual(kept.head, before);
    assert.deepEqual((await checkLedgerFile(join(dataDir, LEDGER_FILE))).head, backupHead);

    // A second restore in the same second keeps the first one's ledger under another name.
    const again = await restoreBackup(backupFile, dataDir, new Date("2026-12-14T19:30:00Z"));
    assert.equal(again.replacedAs, `${result.replacedAs}-1`);
  });

  it("refuses a backup with a flipped byte and changes nothing", async () => {
    const dataDir = join(scratch, "refusing");
    const server = await serverWithBackups({}, { dataDir });
    await server.close();
    const bad = join(scratch, "flipped.sqlite");
    const bytes = await readFile(backupFile);
    const at = bytes.indexOf('"choice":"YES"');
    assert.ok(at > 0);
    bytes.write("NO ", at + 10, "latin1");
    await writeFile(bad, bytes);

    const before = await snapshot(dataDir);
    await assert.rejects(restoreBackup(bad, dataDir), (error: unknown) => {
      assert.ok(error instanceof RestoreRefused);
      assert.match(error.message, /does not verify: ledger entry \d+ does not verify/);
      return true;
    });
    assert.deepEqual(await snapshot(dataDir), before);
  });

  it("refuses while a server has the ledger open, and changes nothing", async () => {
    const dataDir = join(scratch, "serving");
    const server = await serverWithBackups({}, { dataDir });
    try {
      const before = await snapshot(dataDir);
      await assert.rejects(restoreBackup(backupFile, dataDir), (error: unknown) => {
        assert.ok(error instanceof RestoreRefused);
        assert.match(error.message, /open in another process: a server is running on this DATA_DIR/);
        return true;
      });
      assert.deepEqual(await snapshot(dataDir), before);
      // The server never noticed.
      assert.equal((await server.council.verify()).ok, true);
    } finally {
      await server.close();
    }
  });

  it("replaces a ledger that is no longer a database, keeping it too", async () => {
    const dataDir = join(scratch, "wrecked");
    const server = await serverWithBackups({}, { dataDir });
    await server.close();
    await writeFile(join(dataDir, LEDGER_FILE), Buffer.alloc(8192, 0x5a));
    const result = await restoreBackup(backupFile, dataDir);
    assert.equal(result.previousHead, null);
    assert.ok(result.replacedAs);
    assert.equal((await readFile(result.replacedAs)).length, 8192);
    assert.deepEqual((await checkLedgerFile(join(dataDir, LEDGER_FILE))).head, backupHead);
  });
});
