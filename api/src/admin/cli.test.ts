import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { format } from "node:util";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { replay } from "../app/council.js";
import type { CouncilEvent } from "../domain/council/events.js";
import { LEDGER_FILE } from "../http/server.js";
import type { StoredEntry } from "../ledger/chain.js";
import { readLedgerFile, verifyLedgerFile } from "../ledger/offline.js";
import { startServerProcess } from "../testing/process.js";
import { startTestServer } from "../testing/server.js";
import { ADMIN_COMMANDS } from "./cli/index.js";
import { instantOf } from "./cli/meeting.js";
import { readCouncil } from "./cli/session.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const KF_45 = join(ROOT, "api/examples/roster-kf-45.csv");
const RIKSDAG_349 = join(ROOT, "api/examples/roster-riksdag-349.csv");
const AGENDA_CSV = join(ROOT, "api/examples/agenda-kf.csv");
const AGENDA_JSON = join(ROOT, "api/examples/agenda-kf.json");
const ACTOR = `cli:${userInfo().username}`;

/** A command as `npm run admin -- <command> …` runs it, in this process: its exit code and what it printed. */
async function admin(command: string, ...args: string[]): Promise<{ code: number; out: string }> {
  const run = ADMIN_COMMANDS[command];
  assert.ok(run, `no command ${command}`);
  const lines: string[] = [];
  const { log, error } = console;
  console.log = (...parts: unknown[]) => void lines.push(format(...parts));
  console.error = (...parts: unknown[]) => void lines.push(format(...parts));
  try {
    const code = await run(args);
    return { code, out: lines.join("\n") };
  } finally {
    console.log = log;
    console.error = error;
  }
}

/** The real process, as IT staff run it (`npm run admin -- …` is `tsx api/src/cli.ts …`). */
function adminProcess(...args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "api/src/cli.ts", ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: undefined } });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, out }));
  });
}

const entriesIn = (dataDir: string): Promise<StoredEntry[]> => readLedgerFile(join(dataDir, LEDGER_FILE));
const eventOf = (entry: StoredEntry | undefined): CouncilEvent => ({ type: entry?.type, data: JSON.parse(entry?.payload ?? "null") }) as CouncilEvent;

async function headOf(dataDir: string): Promise<number> {
  return (await entriesIn(dataDir)).at(-1)?.seq ?? 0;
}

async function verifies(dataDir: string): Promise<void> {
  const report = await verifyLedgerFile(join(dataDir, LEDGER_FILE), (entries) => void replay(entries));
  assert.equal(report.ok, true, report.problem ?? report.schemaProblem ?? "");
}

describe("npm run admin -- <command>: the admin CLI", () => {
  let scratch: string;
  /** kf: created, with an admin and the 45-seat roster (the tests below build on it in order). */
  let kf: string;

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), "council-admin-cli-"));
    kf = join(scratch, "kf");
  });
  after(async () => rm(scratch, { recursive: true, force: true }));

  it("creates an assembly with its first admin in a fresh DATA_DIR, imports the 45-seat example, and the ledger verifies", async () => {
    const created = await admin("create-assembly", "kf", "--name", "Kommunfullmäktige", "--seats", "45", "--admin", "IT.Chef@Exempelstad.se", "--admin-name", "IT-chefen", "--data", kf);
    assert.equal(created.code, 0, created.out);
    assert.match(created.out, /recorded: seq 1 AssemblyRegistered/);
    assert.match(created.out, /recorded: seq 2 RoleGranted/);
    assert.match(created.out, /ADMIN: it\.chef@exempelstad\.se \(IT-chefen\)/);

    const clerk = await admin("grant-role", "--assembly", "kf", "--user", "clerk@exempelstad.se", "--name", "Nämndsekreteraren", "--role", "clerk", "--data", kf);
    assert.equal(clerk.code, 0, clerk.out);

    const imported = await admin("import-roster", KF_45, "--assembly", "kf", "--from", "2027-01-01", "--reason", "Mandatperioden 2027-2030", "--data", kf);
    assert.equal(imported.code, 0, imported.out);
    assert.match(imported.out, /ok, 45 seats, 66 people/);
    assert.match(imported.out, /added: 66 \(the first roster/);
    assert.match(imported.out, /imported: roster version 2 of kf, in effect from 2027-01-01/);

    const entries = await entriesIn(kf);
    assert.deepEqual(
      entries.map((e) => [e.seq, e.type, e.actor]),
      [
        [1, "AssemblyRegistered", ACTOR],
        [2, "RoleGranted", ACTOR],
        [3, "RoleGranted", ACTOR],
        [4, "RosterChanged", ACTOR],
      ],
    );
    const changed = eventOf(entries[3]);
    assert.equal(changed.type, "RosterChanged");
    if (changed.type === "RosterChanged") {
      assert.equal(changed.data.version, 2);
      assert.equal(changed.data.seatCount, 45);
      assert.equal(changed.data.members.length, 66);
      assert.equal(changed.data.reason, "Mandatperioden 2027-2030");
    }
    const state = replay(entries);
    assert.deepEqual(state.assemblies.get("kf")?.roles.get("it.chef@exempelstad.se"), ["ADMIN"]);
    assert.deepEqual(state.assemblies.get("kf")?.settings, {
      noReturnAfterLeaving: true,
      answerChangeWhileOpen: true,
      quorum: "MORE_THAN_HALF",
      defaultMajority: "SIMPLE",
      timeZone: "Europe/Stockholm",
    });
    await verifies(kf);
  });

  it("imports the 349-seat parliament into an assembly created without a quorum rule", async () => {
    const dataDir = join(scratch, "riksdag");
    const created = await admin("create-assembly", "riksdag", "--name", "Riksdagen", "--seats", "349", "--quorum", "none", "--majority", "two-thirds", "--allow-return", "--data", dataDir);
    assert.equal(created.code, 0, created.out);
    const imported = await admin("import-roster", RIKSDAG_349, "--assembly", "riksdag", "--from", "2026-09-29", "--reason", "Valet 2026", "--data", dataDir);
    assert.equal(imported.code, 0, imported.out);
    assert.match(imported.out, /ok, 349 seats/);
    const entries = await entriesIn(dataDir);
    const changed = eventOf(entries.at(-1));
    assert.equal(changed.type, "RosterChanged");
    if (changed.type === "RosterChanged") assert.equal(changed.data.members.filter((m) => m.kind === "ORDINARY").length, 349);
    const settings = replay(entries).assemblies.get("riksdag")?.settings;
    assert.equal(settings?.quorum, "NONE");
    assert.equal(settings?.defaultMajority, "TWO_THIRDS_OF_PRESENT");
    assert.equal(settings?.noReturnAfterLeaving, false);
    await verifies(dataDir);
  });

  it("imports nothing from a file with problems, and names each problem with its line (exit 1)", async () => {
    const bad = join(scratch, "bad.csv");
    await writeFile(bad, "namn,parti,typ,plats,rang,upn\nAnna Nilsson,S,ordinarie,1,,anna@exempelstad.se\nBo Ek,S,ordinarie,1,,bo@exempelstad.se\nCia Berg,S,ersättare,,x,cia@exempelstad.se\n");
    const head = await headOf(kf);
    const { code, out } = await admin("import-roster", bad, "--assembly", "kf", "--from", "2027-02-01", "--reason", "x", "--data", kf);
    assert.equal(code, 1, out);
    assert.match(out, /problems; nothing was imported/);
    assert.match(out, /line 2 \(seat\): seat 1 is also held by line 3 \(Bo Ek\)/);
    assert.match(out, /line 3 \(seat\): seat 1 is also held by line 2 \(Anna Nilsson\)/);
    assert.match(out, /line 4 \(rank\): the rank "x" is not a positive whole number/);
    assert.match(out, /file \(seat\): seats 2–45 of 45 have no ordinary member/);
    assert.equal(await headOf(kf), head);
  });

  it("shows exactly the one change of a second import, keeps member ids, and records nothing on --dry-run", async () => {
    const renamed = join(scratch, "renamed.csv");
    await writeFile(renamed, (await readFile(KF_45, "utf8")).replace("Fatima Bergström,S,ordinarie,1,", "Fatima Bergström Ek,S,ordinarie,1,"));
    const head = await headOf(kf);

    const dry = await admin("import-roster", renamed, "--assembly", "kf", "--from", "2027-03-01", "--reason", "Namnbyte", "--dry-run", "--data", kf);
    assert.equal(dry.code, 0, dry.out);
    assert.match(dry.out, /compared with: version 2 \(from 2027-01-01, 66 people\)/);
    assert.match(dry.out, /added: 0\n {2}removed: 0\n {2}changed: 1\n {4}~ Fatima Bergström \[[^\]]+\]: name "Fatima Bergström" → "Fatima Bergström Ek"$/m);
    assert.match(dry.out, /would record: roster version 3 of kf/);
    assert.match(dry.out, /dry run: nothing was recorded/);
    assert.equal(await headOf(kf), head);

    const real = await admin("import-roster", renamed, "--assembly", "kf", "--from", "2027-03-01", "--reason", "Namnbyte", "--data", kf);
    assert.equal(real.code, 0, real.out);
    assert.match(real.out, /changed: 1\n {4}~ Fatima Bergström /);
    assert.match(real.out, /imported: roster version 3 of kf, in effect from 2027-03-01/);
    const rosters = replay(await entriesIn(kf)).assemblies.get("kf")?.rosters ?? [];
    const [v2, v3] = [rosters[1], rosters[2]];
    assert.ok(v2 && v3);
    assert.deepEqual([...v3.members.keys()].sort(), [...v2.members.keys()].sort());
    const fatima = [...v3.members.values()].find((m) => m.name === "Fatima Bergström Ek");
    assert.equal(fatima && v2.members.get(fatima.id)?.name, "Fatima Bergström");
    await verifies(kf);
  });

  it("sets the presidium by name, sign-in or id, and refuses a name that is nobody's or more than one's", async () => {
    const chair = await admin("set-presidium", "--assembly", "kf", "--chair", "Fatima Bergström Ek", "--vice", "AMINA.ABERG@exempelstad.se", "--data", kf);
    assert.equal(chair.code, 0, chair.out);
    assert.match(chair.out, /chair: Fatima Bergström Ek \(S, seat 1\)/);
    assert.match(chair.out, /vice chair 1: Amina Åberg \(S, seat 2\)/);

    const head = await headOf(kf);
    const nobody = await admin("set-presidium", "--assembly", "kf", "--chair", "Fatima Bergström", "--data", kf);
    assert.equal(nobody.code, 1, nobody.out);
    assert.match(nobody.out, /"Fatima Bergström" is no member of the latest roster of Kommunfullmäktige \(version 3\)/);

    const ks = join(scratch, "ks");
    const roster = join(scratch, "ks.csv");
    await writeFile(roster, "namn,parti,typ,plats,rang,upn\nAnna Berg,S,ordinarie,1,,anna.s@k.se\nAnna Berg,M,ordinarie,2,,anna.m@k.se\nBo Ek,S,ordinarie,3,,\n");
    assert.equal((await admin("create-assembly", "ks", "--name", "Kommunstyrelsen", "--seats", "3", "--data", ks)).code, 0);
    assert.equal((await admin("import-roster", roster, "--assembly", "ks", "--from", "2027-01-01", "--reason", "Ny", "--data", ks)).code, 0);
    const twice = await admin("set-presidium", "--assembly", "ks", "--chair", "Anna Berg", "--data", ks);
    assert.equal(twice.code, 1, twice.out);
    assert.match(twice.out, /"Anna Berg" names 2 people on the roster of Kommunstyrelsen: Anna Berg \(S, seat 1\) \[.+\], Anna Berg \(M, seat 2\) \[.+\]\. Give the member id or the sign-in\./);
    const bo = replay(await entriesIn(ks)).assemblies.get("ks")?.rosters.at(-1)?.members;
    const boId = [...(bo?.values() ?? [])].find((m) => m.name === "Bo Ek")?.id ?? "";
    const byIds = await admin("set-presidium", "--assembly", "ks", "--chair", "anna.m@k.se", "--vice", boId, "--data", ks);
    assert.equal(byIds.code, 0, byIds.out);
    assert.match(byIds.out, /chair: Anna Berg \(M, seat 2\)/);
    assert.equal(await headOf(kf), head);
  });

  it("schedules a meeting with the CSV agenda, replaces it with the JSON one, and lists it", async () => {
    const scheduled = await admin("schedule-meeting", "--assembly", "kf", "--title", "Kommunfullmäktige januari", "--at", "2027-01-25T18:00", "--agenda", AGENDA_CSV, "--data", kf);
    assert.equal(scheduled.code, 0, scheduled.out);
    assert.match(scheduled.out, /at 2027-01-25T17:00:00\.000Z \(2027-01-25 18:00 Europe\/Stockholm\), 10 agenda items/);
    const meetingId = /meeting id: (\S+)/.exec(scheduled.out)?.[1] ?? "";
    const { state } = await readCouncil(kf);
    const meeting = state.meetings.get(meetingId);
    assert.equal(meeting?.items.size, 10);
    // Held with the roster in effect on its date (version 2 from 2027-01-01; version 3 is from March).
    assert.equal(meeting?.rosterVersion, 2);

    const csvItems = new Set(meeting?.items.keys());
    const imported = await admin("import-agenda", AGENDA_JSON, "--meeting", meetingId, "--data", kf);
    assert.equal(imported.code, 0, imported.out);
    assert.match(imported.out, /recorded: seq \d+ AgendaReplaced/);
    const entries = await entriesIn(kf);
    const replaced = eventOf(entries.at(-1));
    assert.equal(replaced.type, "AgendaReplaced");
    if (replaced.type === "AgendaReplaced") {
      assert.equal(replaced.data.agenda.length, 10);
      assert.ok(replaced.data.agenda.every((i) => !csvItems.has(i.id)));
    }

    const listed = await admin("list", "--assembly", "kf", "--data", kf);
    assert.equal(listed.code, 0, listed.out);
    assert.match(listed.out, /^kf: Kommunfullmäktige$/m);
    assert.match(listed.out, /seats: 45; quorum: more than half of the seats; default majority: simple/);
    assert.match(listed.out, /v2 {2}from 2027-01-01 {2}66 people \(45 ordinary, 21 substitutes\) {2}"Mandatperioden 2027-2030"/);
    assert.match(listed.out, /v3 {2}from 2027-03-01 {2}66 people/);
    assert.match(listed.out, /presidium: chair Fatima Bergström Ek \(S, seat 1\) \[[^\]]+\]; vice chair 1 Amina Åberg/);
    assert.match(listed.out, /it\.chef@exempelstad\.se \(IT-chefen\): ADMIN/);
    assert.match(listed.out, new RegExp(`${meetingId} {2}2027-01-25 18:00 Europe/Stockholm {2}SCHEDULED {2}"Kommunfullmäktige januari" {2}10 agenda items`));
    await verifies(kf);
  });

  it("refuses what the domain refuses with its reason, recording nothing (exit 1); usage and unreadable files exit 2", async () => {
    const head = await headOf(kf);
    const member = await admin("grant-role", "--assembly", "kf", "--user", "x@exempelstad.se", "--name", "X", "--role", "member", "--data", kf);
    assert.equal(member.code, 1, member.out);
    assert.match(member.out, /REFUSED: MEMBER follows from the roster: import or change the roster instead\. Nothing was recorded\./);
    const lastAdmin = await admin("revoke-role", "--assembly", "kf", "--user", "IT.Chef@exempelstad.se", "--role", "admin", "--data", kf);
    assert.equal(lastAdmin.code, 1, lastAdmin.out);
    assert.match(lastAdmin.out, /last admin/);
    const unknown = await admin("import-roster", KF_45, "--assembly", "ks", "--from", "2027-01-01", "--reason", "x", "--data", kf);
    assert.equal(unknown.code, 1, unknown.out);
    assert.match(unknown.out, /Assembly ks was not found/);
    assert.equal(await headOf(kf), head);

    assert.equal((await admin("grant-role", "--assembly", "kf", "--user", "x@k.se", "--name", "X", "--role", "boss", "--data", kf)).code, 2);
    assert.equal((await admin("import-roster", join(scratch, "missing.csv"), "--assembly", "kf", "--from", "2027-01-01", "--reason", "x", "--data", kf)).code, 2);
    assert.equal((await admin("create-assembly", "kf", "--name", "x", "--data", kf)).code, 2);

    // A refusal in a fresh DATA_DIR leaves no ledger behind.
    const fresh = join(scratch, "fresh");
    const badId = await admin("create-assembly", "KF!", "--name", "x", "--seats", "3", "--data", fresh);
    assert.equal(badId.code, 1, badId.out);
    assert.match(badId.out, /An assembly id is 1-40 characters/);
    await assert.rejects(readdir(fresh), { code: "ENOENT" });
  });

  it("refuses while a server has the ledger open, changing nothing; the server serves the CLI's assembly as it is (no demo seeded)", async () => {
    const server = await startTestServer(kf);
    try {
      const head = server.server.council.head;
      const { code, out } = await admin("grant-role", "--assembly", "kf", "--user", "obs@exempelstad.se", "--name", "Observatören", "--role", "observer", "--data", kf);
      assert.equal(code, 1, out);
      assert.match(out, /a server is running on this DATA_DIR .*: stop it, or use the Admin screen in the Teams tab/);
      // Reading is safe beside it.
      assert.equal((await admin("list", "--data", kf)).code, 0);
      assert.deepEqual(server.server.council.head, head);
      // The CLI's assembly is served as it is: the demo council seeds only an empty ledger.
      assert.deepEqual([...server.server.council.state.assemblies.keys()], ["kf"]);
      assert.equal((await server.server.council.verify()).ok, true);
    } finally {
      await server.stop();
    }
  });

  it("runs as its own process: refused beside a running server, recorded once it stops", async () => {
    const dataDir = join(scratch, "process");
    const server = await startServerProcess({ dataDir });
    try {
      const refused = await adminProcess("grant-role", "--assembly", "kf", "--user", "clerk@exempelstad.se", "--name", "Sekreteraren", "--role", "clerk", "--data", dataDir);
      assert.equal(refused.code, 1, refused.out);
      assert.match(refused.out, /REFUSED: a server is running on this DATA_DIR/);
    } finally {
      await server.stop();
    }
    const head = await headOf(dataDir);
    const granted = await adminProcess("grant-role", "--assembly", "kf", "--user", "clerk@exempelstad.se", "--name", "Sekreteraren", "--role", "clerk", "--data", dataDir);
    assert.equal(granted.code, 0, granted.out);
    assert.match(granted.out, new RegExp(`recorded: seq ${head + 1} RoleGranted by ${ACTOR}`));
    // The demo council (seeded by the server into the empty ledger) has kf: a second kf is refused.
    const again = await adminProcess("create-assembly", "kf", "--name", "Kommunfullmäktige", "--seats", "45", "--data", dataDir);
    assert.equal(again.code, 1, again.out);
    assert.match(again.out, /Assembly kf is already registered/);
    await verifies(dataDir);
  });

  it("reads --at with Z, with an offset, or as the assembly's local time", () => {
    assert.equal(instantOf("2027-01-25T17:00:00Z", "Europe/Stockholm"), "2027-01-25T17:00:00.000Z");
    assert.equal(instantOf("2027-01-25T18:00+01:00", "Europe/Stockholm"), "2027-01-25T17:00:00.000Z");
    assert.equal(instantOf("2027-01-25T18:00", "Europe/Stockholm"), "2027-01-25T17:00:00.000Z");
    assert.equal(instantOf("2027-06-14T18:00", "Europe/Stockholm"), "2027-06-14T16:00:00.000Z");
    // 02:30 on the night summer time starts does not exist in Stockholm.
    assert.equal(instantOf("2027-03-28T02:30", "Europe/Stockholm"), null);
    assert.equal(instantOf("2027-02-30T18:00", "Europe/Stockholm"), null);
    assert.equal(instantOf("tomorrow", "Europe/Stockholm"), null);
  });
});
