import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { SYSTEM_ACTOR } from "../domain/council/commands.js";
import { demoAgenda, DEMO_ASSEMBLY_ID } from "../demo/council.js";
import { VOTING_LIST_COLUMNS } from "../minutes/csv.js";
import { minutesOf, type Minutes } from "../minutes/minutes.js";
import { CHAIR, MEETING, StepClock, VOTES, at, item, member, playOn, wholeMeeting } from "../minutes/testing.js";
import { startTestServer, type TestServer } from "../testing/server.js";

/** GET /minutes and GET /minutes/voting-list.csv over a real socket, after a whole meeting played on the server. */
describe("GET /minutes and /minutes/voting-list.csv", () => {
  const clock = new StepClock();
  const meeting = wholeMeeting();
  let api: TestServer;
  before(async () => {
    api = await startTestServer(undefined, { clock: clock.read });
    await playOn(api.server.council, clock, meeting.steps);
    clock.now = at(60);
  });
  after(async () => {
    await api.dispose();
  });

  /** GET `path` as `user` (null: no Authorization header; "Bearer ..."/"Basic ...": sent as is). */
  const get = async (user: string | null, path: string, init: { method?: string; accept?: string } = {}) => {
    const headers: Record<string, string> = {};
    if (user !== null) headers["authorization"] = /^(Bearer|Basic) /.test(user) ? user : `Bearer ${await api.token(user)}`;
    if (init.accept) headers["accept"] = init.accept;
    return fetch(`${api.url}${path}`, { method: init.method ?? "GET", headers });
  };
  const minutesPath = (meetingId: string = MEETING) => `/minutes.json?meeting=${encodeURIComponent(meetingId)}`;
  const csvPath = (voteId: string, meetingId: string = MEETING) =>
    `/minutes/voting-list.csv?meeting=${encodeURIComponent(meetingId)}&vote=${encodeURIComponent(voteId)}`;
  const errorOf = async (res: Response) => {
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    return (await res.json()) as { error: string; code: string };
  };
  const minutesFrom = async (res: Response): Promise<Minutes> => {
    assert.equal(res.status, 200);
    return (await res.json()) as Minutes;
  };

  describe("the minutes as JSON", () => {
    it("gives a clerk the minutes made from the live state, carrying the ledger head, as a file named after it", async () => {
      const head = api.server.council.head;
      const res = await get("clerk-1", minutesPath());
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "application/json; charset=utf-8");
      assert.equal(res.headers.get("cache-control"), "no-store");
      assert.equal(res.headers.get("content-disposition"), `attachment; filename="protokoll-${MEETING}-seq${head.seq}.json"`);
      const minutes = (await res.json()) as Minutes;
      assert.deepEqual(minutes.ledgerHead, head);
      const health = (await (await fetch(`${api.url}/healthz`)).json()) as { ledgerHead: { seq: number; hash: string } };
      assert.deepEqual(minutes.ledgerHead, health.ledgerHead, "the head /healthz reports");
      assert.equal(minutes.generatedAt, at(60));
      assert.deepEqual(minutes, minutesOf(api.server.council.state, MEETING, head, at(60)));
      assert.deepEqual(
        minutes.items.find((i) => i.number === 2)?.votes.map((v) => v.id),
        [VOTES.contra, VOTES.main],
      );
    });

    it("gives the chair and an admin the minutes too", async () => {
      for (const user of [CHAIR, "admin"]) assert.equal((await get(user, minutesPath())).status, 200, user);
    });

    it("answers 401 without a token or with one that does not verify", async () => {
      for (const user of [null, "Bearer not-a-token", "Basic Y2xlcms6MQ=="]) {
        const res = await get(user, minutesPath());
        assert.equal(res.status, 401, String(user));
        assert.equal(res.headers.get("www-authenticate"), "Bearer");
        assert.equal((await errorOf(res)).code, "UNAUTHENTICATED");
      }
      const expired = await api.server.issuer?.sign("clerk-1", { seconds: -60 });
      assert.ok(expired);
      assert.equal((await get(`Bearer ${expired}`, minutesPath())).status, 401);
    });

    it("answers 403 to a member and an observer while the meeting is not closed", async () => {
      for (const user of [member(2), "observer"]) {
        const res = await get(user, minutesPath());
        assert.equal(res.status, 403, user);
        assert.equal((await errorOf(res)).code, "FORBIDDEN");
      }
    });

    it("answers 404 for a meeting that does not exist, 400 without one", async () => {
      const missing = await get("clerk-1", minutesPath("no-such-meeting"));
      assert.equal(missing.status, 404);
      assert.equal((await errorOf(missing)).code, "NOT_FOUND");
      for (const path of ["/minutes.json", "/minutes.json?meeting="]) {
        const res = await get("clerk-1", path);
        assert.equal(res.status, 400, path);
        assert.equal((await errorOf(res)).code, "BAD_INPUT");
      }
    });

    it("answers 405 to anything but GET", async () => {
      for (const method of ["POST", "PUT", "DELETE", "HEAD"]) {
        for (const path of [minutesPath(), csvPath(VOTES.main)]) {
          const res = await get("clerk-1", path, { method });
          assert.equal(res.status, 405, `${method} ${path}`);
          assert.equal(res.headers.get("allow"), "GET");
        }
      }
    });

    it("leaves /minutes to the tab's minutes screen: the document is /minutes.json", async () => {
      const res = await get("clerk-1", "/minutes", { accept: "text/html,application/xhtml+xml,*/*;q=0.8" });
      // The built tab (200), or the note that it is not built yet (503): a page either way.
      assert.ok([200, 503].includes(res.status), String(res.status));
      assert.match(res.headers.get("content-type") ?? "", /^text\/(html|plain)/);
    });
  });

  describe("a voting list as CSV", () => {
    it("gives a clerk one row per voting-list line, with the vote and the ledger head on every row, UTF-8 with a BOM", async () => {
      const head = api.server.council.head;
      const minutes = await minutesFrom(await get("clerk-1", minutesPath()));
      const vote = minutes.items.flatMap((i) => i.votes).find((v) => v.id === VOTES.main);
      assert.ok(vote);
      const res = await get("clerk-1", csvPath(VOTES.main));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
      assert.equal(res.headers.get("content-disposition"), `attachment; filename="voteringslista-${MEETING}-p2-v2-seq${head.seq}.csv"`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], "a UTF-8 byte-order mark");
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
      assert.ok(text.endsWith("\r\n"));
      const rows = parseCsv(text.slice(1));
      assert.deepEqual(rows[0], [...VOTING_LIST_COLUMNS]);
      assert.equal(
        rows[0]?.join(","),
        "seat,member_id,name,party,kind,answer,recorded_by,superseded,vote_id,round,question,ledger_seq,ledger_hash",
      );
      assert.deepEqual(
        rows.slice(1),
        vote.votingList.map((l) => [
          String(l.seat),
          l.member.id,
          l.member.name,
          l.member.party,
          l.member.kind,
          l.answer ?? "",
          l.recordedBy ?? "",
          String(l.superseded),
          VOTES.main,
          "2",
          vote.question,
          String(head.seq),
          head.hash,
        ]),
      );
      // Call order, the chair last; the corrected answer; a member who did not answer; names with å, ä, ö.
      assert.deepEqual(rows.at(-1)?.slice(0, 2), ["1", CHAIR]);
      assert.deepEqual(rows.find((r) => r[1] === member(20))?.slice(5, 8), ["NO", "CLERK", "false"]);
      assert.deepEqual(rows.find((r) => r[1] === member(45))?.slice(5, 8), ["", "", "false"]);
      assert.ok(rows.some((r) => /[åäöÅÄÖ]/.test(r[2] ?? "")), "a name with å, ä or ö comes through");
    });

    it("quotes a field with a comma (RFC 4180), and marks the device answers a hand count superseded", async () => {
      const contra = await (await get("clerk-1", csvPath(VOTES.contra))).text();
      assert.match(contra, /,"Kontraproposition: Ja för Moderaternas förslag, nej för Sverigedemokraternas förslag",/);
      const tax = parseCsv((await (await get("clerk-1", csvPath(VOTES.tax))).text()).slice(1));
      assert.deepEqual(
        tax.filter((r) => r[5] !== "" && r[5] !== "answer").map((r) => [r[1], r[5], r[6], r[7]]),
        [
          [member(2), "YES", "MEMBER", "true"],
          [member(4), "YES", "MEMBER", "true"],
          [member(13), "NO", "MEMBER", "true"],
        ],
      );
    });

    it("answers 404 for an unknown vote and for a vote of another meeting, 400 without a vote", async () => {
      await api.server.council.execute(
        {
          type: "ScheduleMeeting",
          data: { meetingId: "kf-2027-01-25", assemblyId: DEMO_ASSEMBLY_ID, title: "Kommunfullmäktige 25 januari 2027", scheduledAt: "2027-01-25T17:00:00.000Z", teamsMeetingId: null, agenda: demoAgenda("kf-2027-01-25") },
        },
        SYSTEM_ACTOR,
      );
      for (const path of [csvPath("no-such-vote"), csvPath(VOTES.main, "kf-2027-01-25")]) {
        const res = await get("clerk-1", path);
        assert.equal(res.status, 404, path);
        assert.equal((await errorOf(res)).code, "NOT_FOUND");
      }
      for (const path of [`/minutes/voting-list.csv?meeting=${MEETING}`, `/minutes/voting-list.csv?vote=${VOTES.main}`]) {
        const res = await get("clerk-1", path);
        assert.equal(res.status, 400, path);
        assert.equal((await errorOf(res)).code, "BAD_INPUT");
      }
      assert.equal((await get("clerk-1", csvPath(VOTES.main, "no-such-meeting"))).status, 404);
      assert.equal((await get(null, csvPath(VOTES.main))).status, 401);
      assert.equal((await get("observer", csvPath(VOTES.main))).status, 403);
    });
  });

  describe("while a vote is open", () => {
    it("gives the chair and clerks the minutes with its answers so far, and refuses an admin (CONFLICT) until it closes", async () => {
      await api.server.council.execute(
        {
          type: "OpenVote",
          data: { voteId: "vote-open", itemId: item(5), method: "ELECTRONIC", question: "Ja för kommunstyrelsens förslag", yesProposalId: null, noProposalId: null, majority: "SIMPLE" },
        },
        CHAIR,
      );
      await api.server.council.execute({ type: "CastBallot", data: { voteId: "vote-open", choice: "YES", idempotencyKey: "open-2" } }, member(2));
      try {
        const minutes = await minutesFrom(await get("clerk-1", minutesPath()));
        const open = minutes.items.find((i) => i.number === 5)?.votes[0];
        assert.equal(open?.status, "OPEN");
        assert.equal(open?.votingList.find((l) => l.member.id === member(2))?.answer, "YES");
        assert.equal((await get(CHAIR, csvPath("vote-open"))).status, 200);
        for (const path of [minutesPath(), csvPath("vote-open")]) {
          const res = await get("admin", path);
          assert.equal(res.status, 409, path);
          assert.equal((await errorOf(res)).code, "CONFLICT");
        }
      } finally {
        await api.server.council.execute({ type: "CancelVote", data: { voteId: "vote-open", reason: "Provomröstning." } }, CHAIR);
      }
      assert.equal((await get("admin", minutesPath())).status, 200);
    });
  });

  describe("once the meeting is closed", () => {
    it("gives everyone in the assembly the minutes: a member and an observer too", async () => {
      clock.now = meeting.close.at;
      await api.server.council.execute(meeting.close.command, meeting.close.actor);
      for (const user of [member(2), "observer", "clerk-1"]) {
        const minutes = await minutesFrom(await get(user, minutesPath()));
        assert.equal(minutes.meeting.status, "CLOSED", user);
        assert.deepEqual(minutes.ledgerHead, api.server.council.head);
        assert.equal((await get(user, csvPath(VOTES.main))).status, 200, user);
      }
      // Another meeting of the assembly, not closed, stays with the chair, clerks and admins.
      assert.equal((await get("observer", minutesPath("kf-2027-01-25"))).status, 403);
    });
  });
});

/** RFC 4180 rows: quoted fields may hold commas, quotes ("") and line ends; records end in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += 1;
    } else field += c;
  }
  assert.equal(field, "", "the last record ends in CRLF");
  return rows;
}
