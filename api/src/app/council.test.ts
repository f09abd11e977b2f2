import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pino } from "pino";
import { SYSTEM_ACTOR } from "../domain/council/commands.js";
import { DomainError } from "../domain/errors.js";
import { demoCouncil, DEMO_MEETING_ID } from "../demo/council.js";
import { Ledger } from "../ledger/ledger.js";
import { Council } from "./council.js";

const log = pino({ level: "silent" });
const clock = () => "2026-12-14T17:00:00.000Z";

describe("the command handler", () => {
  let dir: string;
  let ledger: Ledger;
  let council: Council;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "council-handler-"));
    ledger = await Ledger.open(join(dir, "council.sqlite"));
    council = await Council.load(ledger, clock, log);
    for (const command of demoCouncil()) await council.execute(command, SYSTEM_ACTOR);
    await council.execute({ type: "OpenMeeting", data: { meetingId: DEMO_MEETING_ID } }, "member-1");
  });
  after(async () => {
    await ledger.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("commits commands that arrive together in fewer transactions than commands (group commit)", async () => {
    const before = { ...council.stats };
    await Promise.all(
      Array.from({ length: 45 }, (_, i) =>
        council.execute({ type: "SetAttendance", data: { meetingId: DEMO_MEETING_ID, memberId: `member-${i + 1}`, present: true } }, "clerk-1"),
      ),
    );
    const batches = council.stats.batches - before.batches;
    assert.equal(council.stats.commands - before.commands, 45);
    assert.ok(batches <= 3, `45 commands took ${batches} transactions`);
    assert.equal(ledger.head.seq, 3 + 45);
  });

  it("refuses one command of a batch without disturbing the others, and appends nothing for it", async () => {
    const head = ledger.head.seq;
    const results = await Promise.allSettled([
      council.execute({ type: "SetAttendance", data: { meetingId: DEMO_MEETING_ID, memberId: "member-2", present: false } }, "clerk-1"),
      council.execute({ type: "SetAttendance", data: { meetingId: DEMO_MEETING_ID, memberId: "nobody", present: false } }, "clerk-1"),
      council.execute({ type: "SetAttendance", data: { meetingId: DEMO_MEETING_ID, memberId: "member-3", present: false } }, "observer"),
      council.execute({ type: "SetAttendance", data: { meetingId: DEMO_MEETING_ID, memberId: "member-4", present: false } }, "clerk-1"),
    ]);
    assert.deepEqual(
      results.map((r) => (r.status === "fulfilled" ? "ok" : r.reason instanceof DomainError ? r.reason.code : "other")),
      ["ok", "NOT_FOUND", "FORBIDDEN", "ok"],
    );
    assert.equal(ledger.head.seq, head + 2);
    const seats = council.state.meetings.get(DEMO_MEETING_ID)?.attendance.seats ?? [];
    assert.deepEqual(
      seats.slice(1, 4).map((s) => s.holderPresent),
      [false, true, false],
    );
  });

  it("rebuilds the same read models from the ledger", async () => {
    const verification = await council.verify();
    assert.equal(verification.ok, true);
    assert.equal(verification.readModelsMatch, true);
    const reloaded = await Council.load(ledger, clock, log);
    assert.deepEqual(reloaded.state, council.state);
  });
});
