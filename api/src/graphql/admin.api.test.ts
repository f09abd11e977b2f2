import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { minutesOf, type Minutes } from "../minutes/minutes.js";
import { CHAIR, CLERK, MEETING, StepClock, member, playOn, wholeMeeting } from "../minutes/testing.js";
import { codes, dataOf, startTestServer, type GqlResponse, type TestServer } from "../testing/server.js";

/**
 * Administration through the API (issue 9), on the real server and SQLite file: assemblies, roster
 * import with its problems and preview, roster changes between meetings (a past meeting keeps its
 * roster), roles, who presides, meetings and their agendas.
 */

const example = (name: string): string => readFileSync(new URL(`../../examples/${name}`, import.meta.url), "utf8");
const ROSTER_45 = example("roster-kf-45.csv");
const ROSTER_349 = example("roster-riksdag-349.csv");
const AGENDA_CSV = example("agenda-kf.csv");
const AGENDA_JSON = example("agenda-kf.json");
const SETTINGS = { noReturnAfterLeaving: true, answerChangeWhileOpen: true, quorum: "MORE_THAN_HALF", defaultMajority: "SIMPLE", timeZone: "Europe/Stockholm" };

interface Problem {
  line: number;
  column: string | null;
  reason: string;
}
interface MemberView {
  id: string;
  name: string;
  party: string;
  kind: string;
  seat: number | null;
  substituteRank: number | null;
}

const MEMBER_FIELDS = "id name party kind seat substituteRank";

describe("administration over the API", () => {
  const clock = new StepClock();
  let api: TestServer;
  const head = () => api.server.council.head;

  /** A refusal with its code that appends nothing; its message. */
  const refused = async (user: string, query: string, variables: Record<string, unknown>, code: string): Promise<GqlResponse> => {
    const before = head();
    const response = await api.gql(user, query, variables);
    assert.deepEqual(codes(response), [code], JSON.stringify(response.errors));
    assert.deepEqual(head(), before, "a refusal appends nothing");
    return response;
  };
  const ok = async <T>(user: string, query: string, variables: Record<string, unknown> = {}): Promise<T> => dataOf(await api.gql<T>(user, query, variables));

  before(async () => {
    api = await startTestServer(undefined, { clock: clock.read });
    // The demo meeting of 14 December 2026 is held and closed with the demo roster.
    const meeting = wholeMeeting();
    await playOn(api.server.council, clock, [...meeting.steps, meeting.close]);
    clock.now = "2026-12-20T10:00:00.000Z";
  });
  after(async () => {
    await api.dispose();
  });

  describe("assemblies", () => {
    const CREATE = `mutation($in: CreateAssemblyInput!) { createAssembly(input: $in) { id name seatCount members { id } settings { quorum defaultMajority timeZone noReturnAfterLeaving answerChangeWhileOpen } } }`;

    it("an admin creates an assembly with its own settings, without a roster yet, and becomes its admin", async () => {
      const { createAssembly } = await ok<{ createAssembly: { id: string; seatCount: number; members: unknown[]; settings: Record<string, unknown> } }>("admin", CREATE, {
        in: { id: "riksdag", name: "Sveriges riksdag", seatCount: 349, settings: { ...SETTINGS, quorum: "NONE", answerChangeWhileOpen: false } },
      });
      assert.equal(createAssembly.seatCount, 349);
      assert.deepEqual(createAssembly.members, []);
      assert.deepEqual(createAssembly.settings, { quorum: "NONE", defaultMajority: "SIMPLE", timeZone: "Europe/Stockholm", noReturnAfterLeaving: true, answerChangeWhileOpen: false });
      const { assemblies } = await ok<{ assemblies: Array<{ id: string; roleGrants: Array<{ userId: string; roles: string[] }> }> }>(
        "admin",
        `{ assemblies { id roleGrants { userId roles } } }`,
      );
      assert.deepEqual(assemblies.find((a) => a.id === "riksdag")?.roleGrants, [{ userId: "admin", roles: ["ADMIN"] }]);
    });

    it("refuses others, a taken id, a bad id, a bad seat count and an unknown time zone, appending nothing", async () => {
      const input = (over: Record<string, unknown>) => ({ in: { id: "bun", name: "Barn- och utbildningsnämnden", seatCount: 11, settings: SETTINGS, ...over } });
      await refused(CLERK, CREATE, input({}), "FORBIDDEN");
      await refused(member(2), CREATE, input({}), "FORBIDDEN");
      await refused("admin", CREATE, input({ id: "kf" }), "CONFLICT");
      await refused("admin", CREATE, input({ id: "Barn och utbildning" }), "BAD_INPUT");
      await refused("admin", CREATE, input({ seatCount: 0 }), "BAD_INPUT");
      const zone = await refused("admin", CREATE, input({ settings: { ...SETTINGS, timeZone: "Mars/Olympus" } }), "BAD_INPUT");
      assert.match(zone.errors[0]?.message ?? "", /not a time zone/);
    });
  });

  describe("roster import", () => {
    const PREVIEW = `query($a: ID!, $csv: String!, $from: String!) { previewRoster(assemblyId: $a, csv: $csv, effectiveFrom: $from) {
      ok problems { line column reason } seatCount parties { party seats substitutes } withoutSignIn { line name }
      added { id } removed { id } changed { before { name } after { name } fields } } }`;
    const IMPORT = `mutation($a: ID!, $csv: String!, $from: String!, $r: String!) { importRoster(assemblyId: $a, csv: $csv, effectiveFrom: $from, reason: $r) {
      id rosters { version effectiveFrom reason seatCount members { id } } } }`;

    it("imports the 349-seat parliament's example roster after a preview", async () => {
      const { previewRoster } = await ok<{ previewRoster: { ok: boolean; seatCount: number; parties: Array<{ party: string; seats: number }>; added: unknown[]; removed: unknown[] } }>(
        "admin",
        PREVIEW,
        { a: "riksdag", csv: ROSTER_349, from: "2027-01-01" },
      );
      assert.equal(previewRoster.ok, true);
      assert.equal(previewRoster.seatCount, 349);
      assert.equal(previewRoster.parties.reduce((n, p) => n + p.seats, 0), 349);
      assert.equal(previewRoster.added.length, 349 + 119);
      assert.deepEqual(previewRoster.removed, []);
      const before = head().seq;
      const { importRoster } = await ok<{ importRoster: { rosters: Array<{ version: number; effectiveFrom: string | null; reason: string | null; members: unknown[] }> } }>(
        "admin",
        IMPORT,
        { a: "riksdag", csv: ROSTER_349, from: "2027-01-01", r: "Valet 2026" },
      );
      assert.equal(head().seq, before + 1, "one ledger entry: the whole roster");
      assert.deepEqual(
        importRoster.rosters.map((v) => [v.version, v.effectiveFrom, v.reason, v.members.length]),
        [
          [1, null, null, 0],
          [2, "2027-01-01", "Valet 2026", 468],
        ],
      );
    });

    it("refuses a file with problems as a whole: every problem with its line, nothing imported", async () => {
      const lines = ROSTER_45.split("\n");
      lines[4] = lines[4]?.replace(",ordinarie,", ",ordinär,") ?? "";
      lines[9] = lines[9]?.replace(/,ordinarie,(\d+),/, ",ordinarie,3,") ?? "";
      const broken = lines.join("\n");
      const { previewRoster } = await ok<{ previewRoster: { ok: boolean; problems: Problem[] } }>("clerk-1", PREVIEW, { a: "kf", csv: broken, from: "2027-01-01" });
      assert.equal(previewRoster.ok, false);
      const named = previewRoster.problems.map((p) => [p.line, p.column]);
      assert.ok(named.some(([line, column]) => line === 5 && column === "kind"), JSON.stringify(previewRoster.problems));
      assert.ok(named.some(([line, column]) => line === 10 && column === "seat"), JSON.stringify(previewRoster.problems));
      const response = await refused("clerk-1", IMPORT, { a: "kf", csv: broken, from: "2027-01-01", r: "Ny mandatperiod" }, "BAD_INPUT");
      assert.match(response.errors[0]?.message ?? "", /problems; nothing was imported/);
      const problems = (response.errors[0]?.extensions as { problems?: Problem[] } | undefined)?.problems ?? [];
      assert.deepEqual(problems, previewRoster.problems, "the refusal carries the same problems the preview shows");
    });

    it("refuses members, observers and strangers, an unknown assembly and a bad date", async () => {
      const args = { a: "kf", csv: ROSTER_45, from: "2027-01-01", r: "Ny mandatperiod" };
      await refused(member(2), IMPORT, args, "FORBIDDEN");
      await refused("observer", IMPORT, args, "FORBIDDEN");
      await refused("admin", IMPORT, { ...args, a: "nowhere" }, "NOT_FOUND");
      await refused("admin", IMPORT, { ...args, from: "2027-02-30" }, "BAD_INPUT");
      await refused("admin", IMPORT, { ...args, r: "  " }, "BAD_INPUT");
    });

    it("refuses a change taking effect on or before a meeting already held: it would rewrite that meeting", async () => {
      const response = await refused("admin", IMPORT, { a: "kf", csv: ROSTER_45, from: "2026-12-14", r: "Ny mandatperiod" }, "CONFLICT");
      assert.match(response.errors[0]?.message ?? "", /has been held with the roster then: a change takes effect after 2026-12-14/);
    });
  });

  describe("a roster change between meetings", () => {
    let minutesBefore: Minutes;
    let meetingBefore: unknown;
    const MEETING_VIEW = `query($m: ID!) { meeting(id: $m) { rosterVersion assembly { seatCount members { ${MEMBER_FIELDS} } }
      seats { number holder { id name } servedBy { id name } } agenda { votes { eligible { id name party } ballots { member { id name } choice } } } } }`;

    before(async () => {
      minutesBefore = minutesOf(api.server.council.state, MEETING, { seq: 0, hash: "" }, "x");
      meetingBefore = await ok("observer", MEETING_VIEW, { m: MEETING });
    });

    it("a member resigns and a substitute moves up, from a date: one entry, the whole roster checked", async () => {
      // Seat 12 (S): member-12 resigns; sub-S-1 becomes the ordinary member in seat 12; sub-S-2 moves up to first substitute.
      const CHANGE = `mutation($a: ID!, $from: String!, $r: String!, $c: [MemberEditInput!]!) { changeRoster(assemblyId: $a, effectiveFrom: $from, reason: $r, changes: $c) {
        rosters { version effectiveFrom reason } } }`;
      const state = api.server.council.state.assemblies.get("kf");
      const m12 = state?.members.get(member(12));
      const s1 = state?.members.get("sub-S-1");
      const s2 = state?.members.get("sub-S-2");
      assert.ok(m12 && s1 && s2);
      // Without the seat's new holder the roster would lack seat 12: refused, nothing recorded.
      const half = await refused(CLERK, CHANGE, { a: "kf", from: "2026-12-15", r: "Avsägelse", c: [{ memberId: m12.id, remove: true, name: m12.name, party: "S", kind: "ORDINARY", seat: 12 }] }, "BAD_INPUT");
      assert.match(half.errors[0]?.message ?? "", /Seat 12 has no ordinary member/);
      const { changeRoster } = await ok<{ changeRoster: { rosters: Array<{ version: number; effectiveFrom: string; reason: string }> } }>(CLERK, CHANGE, {
        a: "kf",
        from: "2026-12-15",
        r: "Avsägelse; ersättaren blir ledamot",
        c: [
          { memberId: m12.id, remove: true, name: m12.name, party: "S", kind: "ORDINARY", seat: 12 },
          { memberId: s1.id, name: s1.name, party: "S", kind: "ORDINARY", seat: 12, signIn: "sub-S-1" },
          { memberId: s2.id, name: s2.name, party: "S", kind: "SUBSTITUTE", substituteRank: 1, signIn: "sub-S-2" },
        ],
      });
      assert.deepEqual(changeRoster.rosters.at(-1), { version: 2, effectiveFrom: "2026-12-15", reason: "Avsägelse; ersättaren blir ledamot" });
    });

    it("leaves the earlier meeting's record as it was: its roster, seats, voting lists and minutes", async () => {
      assert.deepEqual(await ok("observer", MEETING_VIEW, { m: MEETING }), meetingBefore);
      const minutesAfter = minutesOf(api.server.council.state, MEETING, { seq: 0, hash: "" }, "x");
      assert.deepEqual(minutesAfter, minutesBefore);
      assert.equal(minutesAfter.meeting.rosterVersion, 1);
      assert.ok(JSON.stringify(minutesAfter).includes(member(12)), "member-12 is still in the record of the meeting they served at");
    });

    it("holds a later meeting with the new roster: sub-S-1 holds seat 12 and member-12 no longer votes", async () => {
      const { scheduleMeeting } = await ok<{ scheduleMeeting: { id: string; rosterVersion: number; seats: Array<{ number: number; holder: { id: string } }> } }>(
        CLERK,
        `mutation($in: ScheduleMeetingInput!) { scheduleMeeting(input: $in) { id rosterVersion seats { number holder { id } } } }`,
        { in: { assemblyId: "kf", title: "Kommunfullmäktige 25 januari 2027", scheduledAt: "2027-01-25T17:00:00.000Z" } },
      );
      assert.equal(scheduleMeeting.rosterVersion, 2);
      assert.equal(scheduleMeeting.seats.find((s) => s.number === 12)?.holder.id, "sub-S-1");
      const { viewer } = await ok<{ viewer: { roles: string[] } }>(member(12), `{ viewer { roles } }`);
      assert.deepEqual(viewer.roles, [], "no longer on the roster: no role");
    });
  });

  describe("roles and who presides", () => {
    it("an admin grants a clerk role to a Teams sign-in, who can then schedule meetings; revoked, they cannot", async () => {
      const GRANT = `mutation($s: String!) { grantRole(assemblyId: "kf", signIn: $s, displayName: "Lisa Sekreterare", role: CLERK) { roleGrants { userId displayName roles } } }`;
      const { grantRole } = await ok<{ grantRole: { roleGrants: Array<{ userId: string; roles: string[] }> } }>("admin", GRANT, { s: "Lisa.Sekreterare@Exempelstad.se" });
      assert.deepEqual(grantRole.roleGrants.find((g) => g.userId === "lisa.sekreterare@exempelstad.se")?.roles, ["CLERK"]);
      const { viewer } = await ok<{ viewer: { userId: string; roles: string[] } }>("lisa.sekreterare@exempelstad.se", `{ viewer { userId roles } }`);
      assert.deepEqual(viewer, { userId: "lisa.sekreterare@exempelstad.se", roles: ["CLERK"] });
      await refused(CLERK, GRANT, { s: "x@exempelstad.se" }, "FORBIDDEN");
      await refused("admin", GRANT, { s: "not a sign-in" }, "BAD_INPUT");
      await refused("admin", `mutation { grantRole(assemblyId: "kf", signIn: "a@exempelstad.se", displayName: "A", role: MEMBER) { id } }`, {}, "BAD_INPUT");
      await ok("admin", `mutation { revokeRole(assemblyId: "kf", userId: "lisa.sekreterare@exempelstad.se", role: CLERK) { id } }`);
      await refused(
        "lisa.sekreterare@exempelstad.se",
        `mutation { scheduleMeeting(input: { assemblyId: "kf", title: "Extra", scheduledAt: "2027-02-01T17:00:00.000Z" }) { id } }`,
        {},
        "FORBIDDEN",
      );
      const last = await refused("admin", `mutation { revokeRole(assemblyId: "kf", userId: "admin", role: ADMIN) { id } }`, {}, "CONFLICT");
      assert.match(last.errors[0]?.message ?? "", /last admin/);
    });

    it("sets the presidium; a vice chair who takes the chair has the chair's powers for that meeting, and the minutes say who presided", async () => {
      const { setPresidium } = await ok<{ setPresidium: { presidium: { chair: { id: string }; viceChairs: Array<{ id: string }> } } }>(
        "admin",
        `mutation { setPresidium(assemblyId: "kf", chairMemberId: "member-1", viceChairMemberIds: ["member-13", "member-23"]) { presidium { chair { id } viceChairs { id } } } }`,
      );
      assert.deepEqual(setPresidium.presidium, { chair: { id: "member-1" }, viceChairs: [{ id: "member-13" }, { id: "member-23" }] });
      const { scheduleMeeting } = await ok<{ scheduleMeeting: { id: string } }>(CLERK, `mutation { scheduleMeeting(input: { assemblyId: "kf", title: "Extra sammanträde", scheduledAt: "2027-02-01T17:00:00.000Z", agenda: "nummer,rubrik\\n1,Upprop\\n2,Fyllnadsval\\n" }) { id } }`);
      const m = scheduleMeeting.id;
      clock.now = "2027-02-01T17:00:00.000Z";
      await ok(CHAIR, `mutation($m: ID!) { openMeeting(meetingId: $m) { id } }`, { m });
      clock.now = "2027-02-01T17:05:00.000Z";
      const { takeChair } = await ok<{ takeChair: { presiding: { id: string } } }>(CLERK, `mutation($m: ID!) { takeChair(meetingId: $m, memberId: "member-13") { presiding { id } } }`, { m });
      assert.equal(takeChair.presiding.id, "member-13");
      const agenda = api.server.council.state.meetings.get(m)?.items;
      const first = [...(agenda?.values() ?? [])].find((i) => i.number === 1)?.id;
      await refused(CHAIR, `mutation($m: ID!, $i: ID!) { setCurrentItem(meetingId: $m, itemId: $i) { id } }`, { m, i: first }, "FORBIDDEN");
      await ok(member(13), `mutation($m: ID!, $i: ID!) { setCurrentItem(meetingId: $m, itemId: $i) { id } }`, { m, i: first });
      const minutes = minutesOf(api.server.council.state, m, { seq: 0, hash: "" }, "x");
      assert.deepEqual(
        minutes.meeting.presiding.map((p) => [p.member.id, p.from]),
        [
          ["member-1", "2027-02-01T17:00:00.000Z"],
          ["member-13", "2027-02-01T17:05:00.000Z"],
        ],
      );
      // The same meeting's later extra item is in its record, marked.
      clock.now = "2027-02-01T17:20:00.000Z";
      const { addAgendaItem } = await ok<{ addAgendaItem: { number: number; addedDuringMeeting: { at: string; by: string } } }>(
        member(13),
        `mutation($m: ID!) { addAgendaItem(meetingId: $m, item: { title: "Brådskande ärende: vinterväghållning" }) { number addedDuringMeeting { at by } } }`,
        { m },
      );
      assert.deepEqual(addAgendaItem, { number: 3, addedDuringMeeting: { at: "2027-02-01T17:20:00.000Z", by: member(13) } });
      const record = minutesOf(api.server.council.state, m, { seq: 0, hash: "" }, "x");
      assert.deepEqual(record.items.at(-1)?.addedDuringMeeting, { at: "2027-02-01T17:20:00.000Z", by: member(13) });
      await refused(CLERK, `mutation($m: ID!) { rescheduleMeeting(meetingId: $m, title: "X", scheduledAt: "2027-02-02T17:00:00.000Z") { id } }`, { m }, "CONFLICT");
    });
  });

  describe("meetings and agendas", () => {
    let meetingId = "";
    const AGENDA = `query($m: ID!) { meeting(id: $m) { agenda { id number title caseNumber proposals { label } } } }`;
    const agenda = async () => (await ok<{ meeting: { agenda: Array<{ id: string; number: number; title: string; caseNumber: string | null; proposals: Array<{ label: string }> }> } }>(CLERK, AGENDA, { m: meetingId })).meeting.agenda;

    it("schedules a meeting with the example agenda (CSV), then replaces it with the JSON export", async () => {
      const { previewAgenda } = await ok<{ previewAgenda: { ok: boolean; items: Array<{ number: number }> } }>(CLERK, `query($t: String!) { previewAgenda(text: $t) { ok items { number } } }`, { t: AGENDA_CSV });
      assert.equal(previewAgenda.items.length, 10);
      const { scheduleMeeting } = await ok<{ scheduleMeeting: { id: string; status: string } }>(
        CLERK,
        `mutation($in: ScheduleMeetingInput!) { scheduleMeeting(input: $in) { id status } }`,
        { in: { assemblyId: "kf", title: "Kommunfullmäktige 22 februari 2027", scheduledAt: "2027-02-22T17:00:00.000Z", agenda: AGENDA_CSV, agendaFormat: "CSV" } },
      );
      meetingId = scheduleMeeting.id;
      assert.equal(scheduleMeeting.status, "SCHEDULED");
      assert.deepEqual((await agenda()).map((i) => i.number), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      await ok(CLERK, `mutation($m: ID!, $t: String!) { importAgenda(meetingId: $m, text: $t) { id } }`, { m: meetingId, t: AGENDA_JSON });
      const imported = await agenda();
      assert.equal(imported.length, 10);
      assert.ok((imported.find((i) => i.number === 2)?.proposals.length ?? 0) >= 3, "the JSON carries the budget's proposals");
    });

    it("refuses an agenda file with problems, with every problem by line, and changes nothing", async () => {
      const response = await refused(CLERK, `mutation($m: ID!, $t: String!) { importAgenda(meetingId: $m, text: $t, format: CSV) { id } }`, { m: meetingId, t: "nummer,rubrik\n1,Upprop\n1,\n" }, "BAD_INPUT");
      const problems = (response.errors[0]?.extensions as { problems?: Problem[] } | undefined)?.problems ?? [];
      assert.deepEqual(
        problems.map((p) => p.line),
        [3, 3],
      );
    });

    it("writes the agenda before the meeting: reorder, add before an item, edit, remove; numbers follow the order", async () => {
      const items = await agenda();
      const ids = items.map((i) => i.id);
      const reversedFirstTwo = [ids[1], ids[0], ...ids.slice(2)];
      await ok(CLERK, `mutation($m: ID!, $ids: [ID!]!) { reorderAgenda(meetingId: $m, itemIds: $ids) { id } }`, { m: meetingId, ids: reversedFirstTwo });
      assert.deepEqual((await agenda()).slice(0, 2).map((i) => i.id), [ids[1], ids[0]]);
      await refused(CLERK, `mutation($m: ID!, $ids: [ID!]!) { reorderAgenda(meetingId: $m, itemIds: $ids) { id } }`, { m: meetingId, ids: ids.slice(1) }, "BAD_INPUT");
      const { addAgendaItem } = await ok<{ addAgendaItem: { id: string; number: number } }>(
        "admin",
        `mutation($m: ID!, $b: ID) { addAgendaItem(meetingId: $m, beforeItemId: $b, item: { title: "Avsägelser", caseNumber: "KS 2027/3", documentUrls: ["https://www.exempelstad.se/a.pdf"], proposals: [{ label: "Presidiets förslag", text: "Avsägelserna godkänns." }] }) { id number } }`,
        { m: meetingId, b: ids[2] },
      );
      assert.equal(addAgendaItem.number, 3);
      assert.equal((await agenda()).length, 11);
      await refused(CLERK, `mutation($m: ID!) { addAgendaItem(meetingId: $m, item: { title: "X", documentUrls: ["javascript:alert(1)"] }) { id } }`, { m: meetingId }, "BAD_INPUT");
      await ok(CLERK, `mutation($i: ID!) { updateAgendaItem(itemId: $i, item: { title: "Avsägelser och fyllnadsval", caseNumber: "KS 2027/3" }) { id } }`, { i: addAgendaItem.id });
      await ok(CLERK, `mutation($i: ID!) { removeAgendaItem(itemId: $i) { id } }`, { i: ids[9] });
      const final = await agenda();
      assert.deepEqual(final.map((i) => i.number), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      assert.equal(final[2]?.title, "Avsägelser och fyllnadsval");
      await refused(member(2), `mutation($i: ID!) { removeAgendaItem(itemId: $i) { id } }`, { i: ids[8] }, "FORBIDDEN");
    });
  });
});
