import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pino } from "pino";
import { z } from "zod";
import type { BackupRecord } from "../src/backup/backups.js";
import { listBackups } from "../src/backup/files.js";
import { checkLedgerFile } from "../src/backup/verify.js";
import { SYSTEM_ACTOR } from "../src/domain/council/commands.js";
import type { MemberRecord, UserRecord } from "../src/domain/council/events.js";
import { LEDGER_FILE, startServer, type RunningServer } from "../src/http/server.js";
import type { StoredEntry } from "../src/ledger/chain.js";
import { REPO_ROOT, startServerProcess, type ServerProcess } from "../src/testing/process.js";
import { testConfig } from "../src/testing/server.js";

/**
 * Point 5 of issue 7: backups. A consistent hot backup on every vote close and on a timer, rotated,
 * each verified after writing; `npm run restore` verifies before it replaces and refuses a bad file
 * or a running server; and a backup taken in the middle of a 700-member vote restores to a ledger
 * that verifies, holding exactly the ballots committed up to its head.
 */

// --- the CLI, as an operator runs it -------------------------------------------------------------

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: REPO_ROOT, env: { ...process.env, LOG_LEVEL: "silent" } }, (error, stdout, stderr) => {
      const code = error && typeof error.code === "number" ? error.code : error ? 1 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** `npm run restore -- <file> --data <dir>`, as the README says. */
const npmRestore = (file: string, dataDir: string): Promise<Run> => run("npm", ["run", "--silent", "restore", "--", file, "--data", dataDir]);
/** The same command without npm around it (faster; npm's own warnings stay out of stderr). */
const restore = (file: string, dataDir: string): Promise<Run> =>
  run(process.execPath, ["--import", "tsx", "api/src/cli.ts", "restore", file, "--data", dataDir]);

/** Every file of a folder (not its subfolders) with its SHA-256; the -shm is shared memory, not data. */
async function contents(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name);
    if (name.endsWith("-shm") || !(await stat(path)).isFile()) continue;
    out[name] = createHash("sha256").update(await readFile(path)).digest("hex");
  }
  return out;
}

// --- GraphQL against an in-process server ---------------------------------------------------------

const GqlBody = z.object({
  data: z.record(z.string(), z.unknown()).nullable().optional(),
  errors: z.array(z.object({ message: z.string() })).optional(),
});

function client(server: RunningServer) {
  const tokens = new Map<string, Promise<string>>();
  const token = (user: string): Promise<string> => {
    const known = tokens.get(user);
    if (known) return known;
    if (!server.issuer) throw new Error("no demo issuer");
    const fresh = server.issuer.sign(user);
    tokens.set(user, fresh);
    return fresh;
  };
  return async function must<T>(user: string, query: string, variables: Record<string, unknown>, shape: z.ZodType<T>): Promise<T> {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await token(user)}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = GqlBody.parse(await res.json());
    if (body.errors?.length || !body.data) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(body.errors)}`);
    return shape.parse(body.data);
  };
}

const Ok = z.record(z.string(), z.unknown());
const VoteView = z.object({
  vote: z.object({
    status: z.string(),
    tally: z.object({ yes: z.number(), no: z.number(), abstain: z.number(), notVoted: z.number(), eligible: z.number() }),
    result: z.object({ outcome: z.string(), yes: z.number(), no: z.number(), abstain: z.number(), absent: z.number() }).nullable(),
    ballots: z.array(z.object({ member: z.object({ id: z.string() }), choice: z.string() })),
  }),
});
type VoteView = z.infer<typeof VoteView>["vote"];
const VOTE = `query($v: ID!) { vote(id: $v) { status tally { yes no abstain notVoted eligible } result { outcome yes no abstain absent } ballots { member { id } choice } } }`;
const Verification = z.object({ verifyLedger: z.object({ ok: z.boolean(), readModelsMatch: z.boolean(), entries: z.number(), head: z.object({ seq: z.number(), hash: z.string() }) }) });
const VERIFY = `{ verifyLedger { ok readModelsMatch entries head { seq hash } } }`;

// --- a 700-seat assembly -------------------------------------------------------------------------

const SEATS = 700;
const ASSEMBLY = "regionfullmaktige";
const MEETING = "rf-2026-12-15";
const ITEM = `${MEETING}-1`;
const member = (seat: number): string => `rf-${seat}`;
const CHAIR = member(1);
const CLERK = "rf-clerk";
const PARTIES = ["S", "M", "SD", "C", "V", "KD", "L", "MP"];
type Choice = "YES" | "NO" | "ABSTAIN";
/** 350 Ja, 210 Nej, 140 Avstår when everyone has answered. */
const choiceOf = (seat: number): Choice => (seat % 10 < 5 ? "YES" : seat % 10 < 8 ? "NO" : "ABSTAIN");

function roster(): { members: MemberRecord[]; users: UserRecord[] } {
  const members = Array.from(
    { length: SEATS },
    (_, i): MemberRecord => ({
      id: member(i + 1),
      name: `Ledamot ${i + 1}`,
      party: PARTIES[i % PARTIES.length] ?? "S",
      kind: "ORDINARY",
      seat: i + 1,
      substituteRank: null,
    }),
  );
  const users = members.map((m): UserRecord => ({ userId: m.id, displayName: m.name, memberId: m.id, roles: m.seat === 1 ? ["MEMBER", "CHAIR"] : ["MEMBER"] }));
  users.push({ userId: CLERK, displayName: "Regionens sekreterare", memberId: null, roles: ["CLERK"] });
  return { members, users };
}

/** The real server in-process on `dataDir`, with room for 700 members answering at once. */
function serve(dataDir: string): Promise<RunningServer> {
  return startServer(
    testConfig(dataDir, {
      // One clerk records 700 attendances: beyond a person's rate limit, which is not what is tested here.
      rateLimit: { burst: 10_000, perSecond: 10_000 },
      backup: { dir: join(dataDir, "backups"), intervalMinutes: 0, keep: 48 },
    }),
    { log: pino({ level: "silent" }) },
  );
}

/** Each member's last answer in the vote, from ledger entries (the record itself, not a projection). */
function ballotsIn(entries: readonly StoredEntry[], voteId: string): Map<string, string> {
  const ballots = new Map<string, string>();
  for (const entry of entries) {
    if (entry.type !== "BallotCast") continue;
    const payload = z.object({ voteId: z.string(), memberId: z.string(), choice: z.string() }).parse(JSON.parse(entry.payload));
    if (payload.voteId === voteId) ballots.set(payload.memberId, payload.choice);
  }
  return ballots;
}

const asMap = (view: VoteView): Map<string, string> => new Map(view.ballots.map((b) => [b.member.id, b.choice]));
const tallyOf = (ballots: Map<string, string>): string => {
  const count = (c: Choice): number => [...ballots.values()].filter((v) => v === c).length;
  return `${count("YES")}/${count("NO")}/${count("ABSTAIN")}`;
};
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const kb = (bytes: number): string => `${Math.round(bytes / 1024)} KB`;

describe("a backup taken during a 700-member vote", () => {
  let scratch: string;
  let live: RunningServer;
  let must: ReturnType<typeof client>;
  let voteId: string;

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), "council-backups-"));
    live = await serve(join(scratch, "live"));
    must = client(live);
    const { members, users } = roster();
    await live.council.execute({ type: "RegisterAssembly", data: { assemblyId: ASSEMBLY, name: "Exempelregionens regionfullmäktige", seatCount: SEATS, members, users } }, SYSTEM_ACTOR);
    await live.council.execute(
      {
        type: "ScheduleMeeting",
        data: {
          meetingId: MEETING,
          assemblyId: ASSEMBLY,
          title: "Regionfullmäktige 15 december 2026",
          scheduledAt: "2026-12-15T09:00:00.000Z",
          teamsMeetingId: null,
          agenda: [
            {
              id: ITEM,
              number: 1,
              title: "Regional utvecklingsstrategi 2027–2035",
              caseNumber: "RS 2026/88",
              description: null,
              documentUrls: [],
              proposals: [{ id: `${ITEM}-a`, label: "Regionstyrelsens förslag", text: "Strategin antas.", proposedBy: "Regionstyrelsen" }],
            },
          ],
        },
      },
      SYSTEM_ACTOR,
    );
    await must(CHAIR, `mutation($m: ID!) { openMeeting(meetingId: $m) { id } }`, { m: MEETING }, Ok);
    const SET = `mutation($m: ID!, $p: ID!) { setAttendance(meetingId: $m, memberId: $p, present: true) { id } }`;
    await Promise.all(Array.from({ length: SEATS }, (_, i) => must(CLERK, SET, { m: MEETING, p: member(i + 1) }, Ok)));
    await must(CHAIR, `mutation($m: ID!, $i: ID!) { setCurrentItem(meetingId: $m, itemId: $i) { id } }`, { m: MEETING, i: ITEM }, Ok);
    const opened = await must(
      CHAIR,
      `mutation($i: ID!, $y: ID) { openVote(input: { itemId: $i, method: ELECTRONIC, question: "Antas strategin?", yesProposalId: $y }) { id } }`,
      { i: ITEM, y: `${ITEM}-a` },
      z.object({ openVote: z.object({ id: z.string() }) }),
    );
    voteId = opened.openVote.id;
  });
  after(async () => {
    await live?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it("restores to a ledger that verifies, with exactly the ballots committed up to the backup's head; the close's backup restores to the live result", async (t) => {
    // Members signed in before the vote, as they are in the room.
    await Promise.all(Array.from({ length: SEATS }, (_, i) => must(member(i + 1), `{ viewer { userId } }`, {}, Ok)));
    const openSeq = live.council.head.seq;
    const CAST = `mutation($v: ID!, $c: Choice!, $k: String!) { castBallot(voteId: $v, choice: $c, idempotencyKey: $k) { choice } }`;
    let acknowledged = 0;
    let backupAtAcks = 0;
    let acksWhenDone = 0;
    let backupMs = 0;
    const mid: { backup?: Promise<BackupRecord | null> } = {};
    const castStarted = performance.now();
    // 700 members over about 1.4 s, in an order unrelated to their seats. The backup is requested
    // when half have answered and runs while the next 250 answers are written; the last 100 wait
    // for it, so that it surely falls inside the vote whatever the machine's speed.
    let backupDone: () => void = () => undefined;
    const lastHundred = new Promise<void>((resolve) => (backupDone = resolve));
    await Promise.all(
      Array.from({ length: SEATS }, async (_, k) => {
        const seat = ((k * 37) % SEATS) + 1;
        await sleep(k * 2);
        if (k >= SEATS - 100) await lastHundred;
        await must(member(seat), CAST, { v: voteId, c: choiceOf(seat), k: `ballot-${seat}` }, Ok);
        acknowledged += 1;
        if (acknowledged === SEATS / 2) {
          backupAtAcks = acknowledged;
          const requested = performance.now();
          mid.backup = live.backups.request("requested").then((written) => {
            acksWhenDone = acknowledged;
            backupMs = performance.now() - requested;
            backupDone();
            return written;
          });
        }
      }),
    );
    const castMs = performance.now() - castStarted;
    assert.ok(mid.backup, "the backup was requested");
    const taken = await mid.backup;
    assert.ok(taken, "the backup was written and verified");
    const liveEntries = await live.ledger.readAll();
    const allBallots = ballotsIn(liveEntries, voteId);
    assert.equal(allBallots.size, SEATS);
    const upToBackup = liveEntries.filter((e) => e.seq <= taken.head.seq);
    const expected = ballotsIn(upToBackup, voteId);
    assert.ok(expected.size >= SEATS / 2 && expected.size <= SEATS - 100, `taken inside the vote (${expected.size} ballots in it)`);
    assert.ok(taken.head.seq < live.council.head.seq);

    // Restore it into a fresh DATA_DIR with the CLI, and serve from it.
    const restoredDir = join(scratch, "restored-mid-vote");
    const restored = await restore(taken.file, restoredDir);
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stdout, new RegExp(`head: seq ${taken.head.seq}, hash ${taken.head.hash}`));
    const copy = await serve(restoredDir);
    try {
      const verification = (await client(copy)(CLERK, VERIFY, {}, Verification)).verifyLedger;
      assert.deepEqual(verification, { ok: true, readModelsMatch: true, entries: taken.head.seq, head: taken.head });
      assert.deepEqual(await copy.ledger.readAll(), upToBackup, "entry for entry, the live ledger up to the backup's head");
      const view = (await client(copy)(CLERK, VOTE, { v: voteId }, VoteView)).vote;
      assert.equal(view.status, "OPEN");
      assert.deepEqual(asMap(view), expected);
      assert.deepEqual([view.tally.yes, view.tally.no, view.tally.abstain].join("/"), tallyOf(expected));
      assert.equal(view.tally.notVoted, SEATS - expected.size);
    } finally {
      await copy.close();
    }
    t.diagnostic(
      `backup during a 700-member vote: ${backupAtAcks} of ${SEATS} ballots acknowledged when it was requested, ${expected.size} in it, ` +
        `${acksWhenDone} acknowledged when it was done (${Math.round(backupMs)} ms later); ` +
        `backup at seq ${taken.head.seq} (live head then ${live.council.head.seq}), ${kb(taken.bytes)}, ${taken.entries} entries, ` +
        `copied in ${taken.copyMs.toFixed(1)} ms, verified in ${taken.verifyMs.toFixed(1)} ms; 700 ballots took ${Math.round(castMs)} ms; ` +
        `restored: verify ok, same ${expected.size} ballots, tally ${tallyOf(expected)}`,
    );

    // Close the vote on the live server: the close is backed up at once.
    await must(CHAIR, `mutation($v: ID!) { closeVote(voteId: $v) { id } }`, { v: voteId }, Ok);
    const liveClosed = (await must(CLERK, VOTE, { v: voteId }, VoteView)).vote;
    await live.backups.settled();
    const closeBackup = live.backups.last;
    assert.ok(closeBackup);
    assert.equal(closeBackup.reason, "vote-closed");
    assert.deepEqual(closeBackup.head, live.council.head);
    const afterClose = join(scratch, "restored-after-close");
    const second = await restore(closeBackup.file, afterClose);
    assert.equal(second.code, 0, second.stderr);
    const closed = await serve(afterClose);
    try {
      const ask = client(closed);
      const verification = (await ask(CLERK, VERIFY, {}, Verification)).verifyLedger;
      assert.equal(verification.ok, true);
      assert.equal(verification.readModelsMatch, true);
      assert.deepEqual(verification.head, live.council.head);
      const view = (await ask(CLERK, VOTE, { v: voteId }, VoteView)).vote;
      assert.deepEqual(view, liveClosed);
      assert.equal(view.status, "CLOSED");
      assert.deepEqual(asMap(view), allBallots);
      t.diagnostic(
        `close-triggered backup: seq ${closeBackup.head.seq}, ${kb(closeBackup.bytes)}, copied in ${closeBackup.copyMs.toFixed(1)} ms, ` +
          `verified in ${closeBackup.verifyMs.toFixed(1)} ms; restored: verify ok, result ${view.result?.outcome} ` +
          `${view.result?.yes}/${view.result?.no}/${view.result?.abstain} (absent ${view.result?.absent}), as live`,
      );
    } finally {
      await closed.close();
    }
  });

  it("npm run restore refuses a backup with one flipped byte (exit 1) and changes nothing", async (t) => {
    await live.backups.settled();
    const good = live.backups.last;
    assert.ok(good);
    const bytes = await readFile(good.file);
    // One byte of one ballot's answer: SQLite's integrity check cannot see it; the hash chain does.
    const at = bytes.indexOf('"choice":"ABSTAIN"');
    assert.ok(at > 0);
    bytes[at + 10] = "a".charCodeAt(0);
    const bad = join(scratch, "flipped.sqlite");
    await writeFile(bad, bytes);

    // A DATA_DIR with a ledger in it: the good backup, restored.
    const target = join(scratch, "target");
    assert.equal((await restore(good.file, target)).code, 0);
    const before = await contents(target);
    const refused = await npmRestore(bad, target);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /REFUSED: .*flipped\.sqlite does not verify: ledger entry \d+ does not verify: its hash does not match its content/);
    assert.match(refused.stderr, /Nothing was changed/);
    assert.deepEqual(await contents(target), before);
    t.diagnostic(`refused: ${refused.stderr.trim().split("\n").at(-1) ?? ""}`);
  });
});

const Health = z.object({ ledgerHead: z.object({ seq: z.number(), hash: z.string() }) });

describe("backups of the real server process (npm start)", () => {
  let dataDir: string;
  let server: ServerProcess;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "council-backups-process-"));
    // A timer every 0.3 s, keeping 2.
    server = await startServerProcess({ dataDir, env: { BACKUP_INTERVAL_MINUTES: "0.005", BACKUP_KEEP: "2" } });
  });
  after(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const head = async () => Health.parse(await (await fetch(`${server.url}/healthz`)).json()).ledgerHead;
  const backupsDir = () => join(dataDir, "backups");
  async function backupOf(seq: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await listBackups(backupsDir())).some((b) => b.seq === seq)) {
      if (Date.now() > deadline) throw new Error(`no backup at seq ${seq}`);
      await sleep(50);
    }
  }

  it("backs up on the timer when the head moves, keeps BACKUP_KEEP, each verified; restore refuses while it runs, and after a SIGKILL keeps everything it committed", async (t) => {
    await backupOf((await head()).seq);
    const CHAIR_45 = "member-1";
    const gql = (query: string) => server.gql(CHAIR_45, query);
    await gql(`mutation { openMeeting(meetingId: "kf-2026-12-14") { id } }`);
    await backupOf((await head()).seq);
    for (const seat of [1, 2, 3]) {
      await server.gql("clerk-1", `mutation { setAttendance(meetingId: "kf-2026-12-14", memberId: "member-${seat}", present: true) { id } }`);
      await backupOf((await head()).seq);
    }
    const kept = await listBackups(backupsDir());
    assert.equal(kept.length, 2, "BACKUP_KEEP=2");
    assert.equal(kept[0]?.seq, (await head()).seq);
    for (const b of kept) assert.equal((await checkLedgerFile(join(backupsDir(), b.name))).ok, true, b.name);
    assert.deepEqual(
      (await readdir(backupsDir())).sort(),
      kept.map((b) => b.name).sort(),
      "nothing else in the folder",
    );

    // While it runs, restore refuses and changes nothing.
    const older = kept[1];
    assert.ok(older);
    const olderFile = join(backupsDir(), older.name);
    const before = await contents(dataDir);
    const headBefore = await head();
    const refused = await restore(olderFile, dataDir);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /REFUSED: .*open in another process: a server is running on this DATA_DIR/);
    assert.deepEqual(await contents(dataDir), before);
    assert.deepEqual(await head(), headBefore, "still serving the same ledger");

    // SIGKILL: what it committed may be in its -wal only. The kept ledger still has all of it.
    await server.gql("clerk-1", `mutation { setAttendance(meetingId: "kf-2026-12-14", memberId: "member-4", present: true) { id } }`);
    const lastHead = await head();
    await server.kill();
    const done = await restore(olderFile, dataDir);
    assert.equal(done.code, 0, done.stderr);
    const keptAs = /kept as (\S+)/.exec(done.stdout)?.[1];
    assert.ok(keptAs, done.stdout);
    const replaced = await checkLedgerFile(keptAs);
    assert.equal(replaced.ok, true, replaced.problem ?? "");
    assert.deepEqual(replaced.head, lastHead);

    await server.restart();
    const restoredHead = await head();
    assert.equal(restoredHead.seq, older.seq);
    const verification = await server.gql<{ verifyLedger: { ok: boolean; readModelsMatch: boolean } }>("clerk-1", "{ verifyLedger { ok readModelsMatch } }");
    assert.deepEqual(verification.data?.verifyLedger, { ok: true, readModelsMatch: true });
    t.diagnostic(
      `process: timer backups at each move of the head, 2 kept (seq ${kept.map((b) => b.seq).join(", ")}); restore refused while serving; ` +
        `after SIGKILL at seq ${lastHead.seq}, restore of seq ${older.seq} kept the old ledger whole (seq ${replaced.head.seq}); restarted server verifies`,
    );
  });
});
