import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { LEDGER_FILE } from "../http/server.js";
import { readLedgerFile } from "../ledger/offline.js";
import { REPO_ROOT } from "../testing/process.js";
import { startTestServer, type TestServer } from "../testing/server.js";
import type { Minutes } from "./minutes.js";
import { MEETING, StepClock, VOTES, at, member, playOn, wholeMeeting } from "./testing.js";
import { checkMinutes, verifyMinutesFile } from "./verify.js";

/**
 * `npm run verify-minutes`: minutes exported from a server (GET /minutes) are checked against its
 * ledger file, read-only, while the server runs; a file changed by hand fails, naming what differs.
 */

/** `npm run verify-minutes -- <file> --data <dir>`, as an operator runs it. */
function verifyCommand(file: string, ...options: string[]): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", "api/src/cli.ts", "verify-minutes", file, ...options], { cwd: REPO_ROOT, encoding: "utf8" });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

describe("verify-minutes", () => {
  const clock = new StepClock();
  const meeting = wholeMeeting();
  let api: TestServer;
  let work: string;
  let exported: string;
  let minutes: Minutes;
  let ledgerFile: string;

  /** Checks a minutes object written to a file of its own; returns the exit code and what was said. */
  const check = async (value: unknown, name: string): Promise<{ code: number; out: string }> => {
    const file = join(work, `${name}.json`);
    await writeFile(file, typeof value === "string" ? value : JSON.stringify(value, null, 2));
    const lines: string[] = [];
    const code = await verifyMinutesFile(file, ledgerFile, (line) => lines.push(line));
    return { code, out: lines.join("\n") };
  };
  /** A deep copy of the exported minutes, changed by `edit`. */
  const edited = (edit: (m: { -readonly [K in keyof Minutes]: Minutes[K] } & Record<string, unknown>) => void): unknown => {
    const copy = JSON.parse(exported) as Minutes & Record<string, unknown>;
    edit(copy);
    return copy;
  };

  before(async () => {
    work = await mkdtemp(join(tmpdir(), "council-minutes-"));
    api = await startTestServer(undefined, { clock: clock.read });
    ledgerFile = join(api.dataDir, LEDGER_FILE);
    await playOn(api.server.council, clock, meeting.steps);
    clock.now = at(60);
    const res = await fetch(`${api.url}/minutes.json?meeting=${MEETING}`, { headers: { authorization: `Bearer ${await api.token("clerk-1")}` } });
    assert.equal(res.status, 200);
    exported = await res.text();
    minutes = JSON.parse(exported) as Minutes;
    await writeFile(join(work, "exported.json"), exported);
  });
  after(async () => {
    await api.dispose();
    await rm(work, { recursive: true, force: true });
  });

  it("an exported file of a whole meeting verifies against the live server's ledger (CLI, exit 0)", () => {
    const run = verifyCommand(join(work, "exported.json"), "--data", api.dataDir);
    assert.equal(run.status, 0, run.out);
    assert.equal(run.out.trim(), `minutes: match (ledger head seq ${minutes.ledgerHead.seq}, hash ${minutes.ledgerHead.hash})`);
    assert.equal(verifyCommand(join(work, "exported.json"), "--file", ledgerFile).status, 0);
  });

  it("changing one answer fails, naming the item, the vote and the seat (CLI, exit 1)", async () => {
    const changed = edited((m) => {
      const line = m.items.find((i) => i.number === 2)?.votes.find((v) => v.id === VOTES.main)?.votingList.find((l) => l.member.id === member(13));
      assert.equal(line?.answer, "NO");
      Object.assign(line ?? {}, { answer: "YES" });
    });
    const file = join(work, "one-answer.json");
    await writeFile(file, JSON.stringify(changed, null, 2));
    const run = verifyCommand(file, "--data", api.dataDir);
    assert.equal(run.status, 1, run.out);
    assert.match(run.out, /minutes: DO NOT MATCH: the minutes do not match the ledger at seq \d+ \(1 difference\)/);
    assert.match(run.out, new RegExp(`§ 2, round 2 \\(vote ${VOTES.main}\\): voting list seat 13 \\(member-13\\): answer: the file says "YES", the ledger says "NO"`));
  });

  it("a changed decision text fails, naming the item", async () => {
    const { code, out } = await check(
      edited((m) => {
        const budget = m.items.find((i) => i.number === 2);
        Object.assign(budget ?? {}, { decision: "Fullmäktige fastställer budget 2027 enligt Moderaternas förslag." });
      }),
      "decision",
    );
    assert.equal(code, 1, out);
    assert.match(out, /§ 2: decision: the file says "Fullmäktige fastställer budget 2027 enligt Moderaternas förslag\.", the ledger says "Fullmäktige fastställer budget 2027 och flerårsplan/);
  });

  it("names other kinds of difference: a removed reservation, a changed result, seating, a hand count's time", async () => {
    const { code, out } = await check(
      edited((m) => {
        const budget = m.items.find((i) => i.number === 2);
        const tax = m.items.find((i) => i.number === 3);
        Object.assign(budget ?? {}, { reservations: budget?.reservations.slice(0, 1) });
        Object.assign(budget?.votes[0]?.result ?? {}, { yes: 15 });
        Object.assign(budget?.seating?.[4] ?? {}, { servedBy: null });
        Object.assign(tax?.votes[0]?.handCount ?? {}, { countedAt: at(33) });
      }),
      "several",
    );
    assert.equal(code, 1, out);
    assert.match(out, /\(4 differences\)/);
    assert.match(out, /§ 2: reservation by member-23: the file says nothing, the ledger says \{"member":\{"id":"member-23"/);
    assert.match(out, new RegExp(`§ 2, round 1 \\(vote ${VOTES.contra}\\): result\\.yes: the file says 15, the ledger says 14`));
    assert.match(out, /§ 2: seating seat 5: servedBy: the file says null, the ledger says \{"id":"sub-S-2"/);
    assert.match(out, new RegExp(`§ 3, round 1 \\(vote ${VOTES.tax}\\): handCount\\.countedAt: the file says "${at(33)}", the ledger says "${at(35)}"`));
  });

  it("a voting-list line left out, or lines put in another order, are named once, not as every line after them", async () => {
    const left = await check(
      edited((m) => {
        const main = m.items.find((i) => i.number === 2)?.votes.find((v) => v.id === VOTES.main);
        Object.assign(main ?? {}, { votingList: main?.votingList.filter((l) => l.member.id !== member(7)) });
      }),
      "left-out",
    );
    assert.equal(left.code, 1, left.out);
    assert.match(left.out, /\(1 difference\)/);
    assert.match(left.out, new RegExp(`§ 2, round 2 \\(vote ${VOTES.main}\\): voting list seat 7 \\(member-7\\): the file says nothing, the ledger says \\{"seat":7`));
    const swapped = await check(
      edited((m) => {
        const contra = m.items.find((i) => i.number === 2)?.votes.find((v) => v.id === VOTES.contra);
        Object.assign(contra ?? {}, { votingList: [...(contra?.votingList ?? [])].reverse() });
      }),
      "reordered",
    );
    assert.equal(swapped.code, 1, swapped.out);
    assert.match(swapped.out, new RegExp(`§ 2, round 1 \\(vote ${VOTES.contra}\\): votingList\\.order: the file says \\["member-45"`));
  });

  it("a head that is not in the ledger fails: another hash at that seq, or a seq the ledger has not reached", async () => {
    for (const [name, head] of [
      ["other-hash", { seq: minutes.ledgerHead.seq, hash: "0".repeat(64) }],
      ["beyond", { seq: minutes.ledgerHead.seq + 1000, hash: minutes.ledgerHead.hash }],
    ] as const) {
      const { code, out } = await check(
        edited((m) => {
          m.ledgerHead = head;
        }),
        name,
      );
      assert.equal(code, 1, out);
      assert.match(out, /the minutes were made from a ledger head this ledger does not have/);
    }
  });

  it("minutes made at an earlier head still verify after the ledger has grown; new minutes name the new head", async () => {
    clock.now = meeting.close.at;
    await api.server.council.execute(meeting.close.command, meeting.close.actor);
    assert.ok(api.server.council.head.seq > minutes.ledgerHead.seq);
    assert.equal((await check(exported, "earlier")).code, 0);
    const res = await fetch(`${api.url}/minutes.json?meeting=${MEETING}`, { headers: { authorization: `Bearer ${await api.token("clerk-1")}` } });
    const later = await res.text();
    const { code, out } = await check(later, "later");
    assert.equal(code, 0, out);
    assert.match(out, new RegExp(`seq ${api.server.council.head.seq}, hash ${api.server.council.head.hash}`));
    // The earlier file does not claim the meeting closed: it says what the ledger said then.
    assert.equal(minutes.meeting.status, "OPEN");
  });

  it("refuses a file that is not minutes in this format (exit 2), saying why", async () => {
    const cases: ReadonlyArray<[string, unknown, RegExp]> = [
      ["not-json", "{ not json", /is not JSON/],
      ["other-format", edited((m) => Object.assign(m, { format: "council-minutes/2" })), /not council-minutes\/1 minutes[\s\S]*format/],
      ["missing", edited((m) => Reflect.deleteProperty(m, "items")), /items/],
      ["extra-key", edited((m) => Object.assign(m.items[1] ?? {}, { note: "tillagd" })), /note/],
      ["bad-answer", edited((m) => Object.assign(m.items[1]?.votes[1]?.votingList[0] ?? {}, { answer: "JA" })), /answer/],
    ];
    for (const [name, value, message] of cases) {
      const { code, out } = await check(value, name);
      assert.equal(code, 2, `${name}: ${out}`);
      assert.match(out, message, name);
    }
    const run = verifyCommand(join(work, "not-json.json"), "--data", api.dataDir);
    assert.equal(run.status, 2, run.out);
  });

  it("cannot check against a ledger file that is not there (exit 2), or without a minutes file (usage, exit 2)", async () => {
    const lines: string[] = [];
    assert.equal(await verifyMinutesFile(join(work, "exported.json"), join(work, "no-ledger.sqlite"), (l) => lines.push(l)), 2);
    assert.match(lines.join("\n"), /cannot read the ledger/);
    const run = spawnSync(process.execPath, ["--import", "tsx", "api/src/cli.ts", "verify-minutes"], { cwd: REPO_ROOT, encoding: "utf8" });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /npm run verify-minutes/);
  });

  it("fails when the ledger itself does not verify up to the minutes' head", async () => {
    const entries = await readLedgerFile(ledgerFile, minutes.ledgerHead.seq);
    const tampered = entries.map((e) => (e.type === "BallotCast" && e.payload.includes(`"memberId":"${member(13)}"`) ? { ...e, payload: e.payload.replace('"NO"', '"YES"') } : e));
    const result = checkMinutes(minutes, tampered);
    assert.equal(result.ok, false);
    assert.match(result.ok ? "" : result.problem, /the ledger does not verify up to seq \d+: entry \d+: its hash does not match its content/);
    assert.deepEqual(checkMinutes(minutes, entries), { ok: true, head: minutes.ledgerHead });
  });
});
