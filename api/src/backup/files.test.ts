import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { backupName, newestFirst, parseBackupName, toRotate, type BackupName } from "./files.js";

const named = (at: string, seq: number): BackupName => {
  const parsed = parseBackupName(backupName(new Date(at), seq));
  assert.ok(parsed);
  return parsed;
};

describe("backup names", () => {
  it("carry the time (UTC, to the second) and the head seq", () => {
    assert.equal(backupName(new Date("2026-12-14T17:03:00.456Z"), 512), "council-2026-12-14T17-03-00Z-seq000512.sqlite");
    assert.deepEqual(parseBackupName("council-2026-12-14T17-03-00Z-seq000512.sqlite"), {
      name: "council-2026-12-14T17-03-00Z-seq000512.sqlite",
      stamp: "2026-12-14T17-03-00",
      seq: 512,
      copy: 0,
    });
  });
  it("are not confused with other files", () => {
    for (const other of ["council.sqlite", "council-2026-12-14T17-03-00Z-seq000512.sqlite-wal", ".council-backup-1-ab.sqlite", "manual.sqlite"]) {
      assert.equal(parseBackupName(other), null, other);
    }
  });
  it("sort newest first by time, then seq beyond six digits", () => {
    const sorted = [named("2026-12-14T17:00:00Z", 999_999), named("2026-12-14T17:00:00Z", 1_000_000), named("2026-12-14T18:00:00Z", 5)].sort(
      newestFirst,
    );
    assert.deepEqual(
      sorted.map((b) => b.seq),
      [5, 1_000_000, 999_999],
    );
  });
});

describe("rotation", () => {
  const five = [1, 2, 3, 4, 5].map((n) => named(`2026-12-14T17:0${n}:00Z`, n * 10));

  it("deletes all but the newest N", () => {
    assert.deepEqual(
      toRotate(five, 2, five[4]?.name ?? "").map((b) => b.seq),
      [30, 20, 10],
    );
  });
  it("never deletes the backup just written, even when a clock set back makes it look old", () => {
    const rotated = toRotate(five, 2, five[0]?.name ?? "");
    assert.ok(!rotated.some((b) => b.seq === 10));
    assert.equal(rotated.length, 3);
  });
  it("keeps at least one", () => {
    assert.deepEqual(
      toRotate(five, 0, five[4]?.name ?? "").map((b) => b.seq),
      [40, 30, 20, 10],
    );
  });
});
