import assert from "node:assert/strict";
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { LEDGER_FILE } from "../http/server.js";
import { Connection } from "../ledger/sqlite.js";
import { holdVote, meetingOnBudget, serverWithBackups } from "./testing.js";
import { checkLedgerFile } from "./verify.js";

describe("checking a ledger file as a backup", () => {
  let dir: string;
  let good: string;
  let live: string;
  let head: { seq: number; hash: string };

  before(async () => {
    const server = await serverWithBackups();
    await meetingOnBudget(server.council);
    await holdVote(server.council, "v1", 40);
    const backup = await server.backups.request("requested");
    assert.ok(backup);
    head = server.council.head;
    await server.close();
    dir = server.dataDir;
    good = backup.file;
    live = join(dir, LEDGER_FILE);
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  const variant = async (name: string, change: (bytes: Buffer) => void): Promise<string> => {
    const bytes = await readFile(good);
    change(bytes);
    const file = join(dir, name);
    await writeFile(file, bytes);
    return file;
  };

  it("passes a good backup, with its head", async () => {
    const check = await checkLedgerFile(good, { pageSize: 7 });
    assert.equal(check.ok, true, check.problem ?? "");
    assert.equal(check.integrity, "ok");
    assert.deepEqual(check.head, head);
    assert.equal(check.entries, head.seq);
  });

  it("refuses a flipped byte in an entry's content, naming the entry (SQLite's own check cannot see it)", async () => {
    const file = await variant("content.sqlite", (bytes) => {
      const at = bytes.indexOf("Exempelstads kommunfullm");
      assert.ok(at > 0);
      bytes[at] = "F".charCodeAt(0);
    });
    const check = await checkLedgerFile(file);
    assert.equal(check.ok, false);
    assert.equal(check.integrity, "ok");
    assert.equal(check.firstBadSeq, 1);
    assert.match(check.problem ?? "", /ledger entry 1 does not verify: its hash does not match its content/);
  });

  it("refuses a flipped byte in the file's structure", async () => {
    const file = await variant("structure.sqlite", (bytes) => {
      const pageSize = bytes.readUInt16BE(16);
      // Page 2's b-tree header: its page type byte.
      bytes[pageSize] = (bytes[pageSize] ?? 0) ^ 0xff;
    });
    const check = await checkLedgerFile(file);
    assert.equal(check.ok, false);
    assert.match(check.problem ?? "", /integrity|not a sound SQLite database|malformed/);
  });

  it("refuses a ledger whose triggers were dropped", async () => {
    const file = join(dir, "no-trigger.sqlite");
    await copyFile(good, file);
    const db = await Connection.open(file);
    await db.exec("DROP TRIGGER ledger_no_delete");
    await db.close();
    const check = await checkLedgerFile(file);
    assert.equal(check.ok, false);
    assert.match(check.schemaProblem ?? "", /trigger ledger_no_delete is missing/);
  });

  it("refuses a file that is not a database, and one that is not there", async () => {
    const text = join(dir, "notes.sqlite");
    await writeFile(text, "minutes of the meeting\n".repeat(200));
    assert.match((await checkLedgerFile(text)).problem ?? "", /not a sound SQLite database|cannot be opened/);
    assert.match((await checkLedgerFile(join(dir, "missing.sqlite"))).problem ?? "", /cannot be read/);
  });

  it("checks a WAL-mode ledger too, and leaves no -wal or -shm of its own beside it", async () => {
    const copy = join(dir, "wal-mode.sqlite");
    // Everything in the live file itself, whatever the server's last checkpoint left in its -wal.
    const db = await Connection.open(live, "readwrite");
    await db.get("PRAGMA wal_checkpoint(TRUNCATE)");
    await db.close();
    await copyFile(live, copy);
    const check = await checkLedgerFile(copy);
    assert.equal(check.ok, true, check.problem ?? "");
    assert.deepEqual(check.head, head);
    assert.deepEqual((await readdir(dir)).filter((n) => n.startsWith("wal-mode")), ["wal-mode.sqlite"]);
  });
});
