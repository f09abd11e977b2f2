import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { pino } from "pino";
import { LedgerCorruptError } from "../app/council.js";
import { LEDGER_FILE, startServer } from "../http/server.js";
import { TRIGGERS } from "../ledger/schema.js";
import { Connection } from "../ledger/sqlite.js";
import { dataOf, startTestServer, testConfig, type TestServer } from "../testing/server.js";

const run = promisify(execFile);
const MEETING = "kf-2026-12-14";

interface Verification {
  ok: boolean;
  firstBadSeq: number | null;
  problem: string | null;
  readModelsMatch: boolean;
}

describe("a ledger row changed in the SQLite file behind the server's back", () => {
  let api: TestServer;
  let changedSeq: number;

  before(async () => {
    api = await startTestServer();
    dataOf(await api.gql("member-1", `mutation { openMeeting(meetingId: "${MEETING}") { id } }`));
    for (const seat of [1, 2, 3]) {
      dataOf(await api.gql("clerk-1", `mutation { setAttendance(meetingId: "${MEETING}", memberId: "member-${seat}", present: true) { id } }`));
    }
    // Someone with the file drops the trigger, rewrites member-2's attendance as absent, and puts the trigger back.
    const outsider = await Connection.open(join(api.dataDir, LEDGER_FILE));
    const row = await outsider.get<{ seq: number }>(
      "SELECT seq FROM ledger WHERE type = 'AttendanceRecorded' AND payload LIKE '%member-2%'",
    );
    assert.ok(row);
    changedSeq = row.seq;
    await outsider.exec("DROP TRIGGER ledger_no_update");
    await outsider.run("UPDATE ledger SET payload = replace(payload, '\"present\":true', '\"present\":false') WHERE seq = ?", [changedSeq]);
    await outsider.exec(TRIGGERS["ledger_no_update"] ?? "");
    await outsider.close();
  });
  after(async () => {
    await api.dispose();
  });

  it("makes verifyLedger fail, naming that entry", async () => {
    const { verifyLedger } = dataOf(
      await api.gql<{ verifyLedger: Verification }>("observer", "{ verifyLedger { ok firstBadSeq problem readModelsMatch } }"),
    );
    assert.equal(verifyLedger.ok, false);
    assert.equal(verifyLedger.firstBadSeq, changedSeq);
    assert.match(verifyLedger.problem ?? "", /hash does not match/);
    assert.equal(verifyLedger.readModelsMatch, false);
  });

  it("makes the offline verify command fail, naming that entry", async () => {
    const result = await run(process.execPath, ["--import", "tsx", "api/src/cli.ts", "verify", "--data", api.dataDir]).then(
      () => ({ code: 0, stdout: "" }),
      (error: { code: number; stdout: string }) => error,
    );
    assert.equal(result.code, 1);
    assert.match(result.stdout, new RegExp(`FIRST BAD ENTRY: seq ${changedSeq}:`));
    assert.match(result.stdout, /verification: FAILED/);
  });

  it("stops a restart from serving, naming that entry", async () => {
    await api.stop();
    await assert.rejects(startServer(testConfig(api.dataDir), { log: pino({ level: "silent" }) }), (error: unknown) => {
      assert.ok(error instanceof LedgerCorruptError);
      assert.equal(error.seq, changedSeq);
      return true;
    });
  });
});

describe("the offline verify command on an untouched ledger", () => {
  it("says ok and exits 0", async () => {
    const api = await startTestServer();
    await api.stop();
    const { stdout } = await run(process.execPath, ["--import", "tsx", "api/src/cli.ts", "verify", "--data", api.dataDir]);
    assert.match(stdout, /entries: 2\n/);
    assert.match(stdout, /verification: ok/);
    await api.dispose();
  });
});
