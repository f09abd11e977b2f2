import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEFAULT_RATE_LIMIT } from "../src/app/rateLimit.js";
import { startServerProcess, type ServerProcess } from "../src/testing/process.js";
import { CHAIR, CLERK, MEETING, SEATS, meetingOnBudget, must, openVote } from "./support.js";

/**
 * Point 9: mutations are rate-limited per user with the contract's RATE_LIMITED code; the limits are
 * settings (RATE_LIMIT_BURST, RATE_LIMIT_PER_SECOND) whose defaults leave a clerk's roll-call of 45
 * members in a few seconds and a chair's bursts well inside them.
 */

const RECORD = `mutation($v: ID!, $id: ID!, $c: Choice!, $k: String!) { recordBallot(voteId: $v, memberId: $id, choice: $c, idempotencyKey: $k) { choice } }`;
const HEAD = `{ meeting(id: "${MEETING}") { ledgerHead { seq hash } } }`;

async function headSeq(server: ServerProcess): Promise<number> {
  return (await must<{ meeting: { ledgerHead: { seq: number } } }>(server, CLERK, HEAD)).meeting.ledgerHead.seq;
}

describe("rate limits with the default settings", () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess();
  });
  after(async () => server.stop());

  it(`let a clerk call the roll of 45 members and record 45 answers as fast as the clerk's page can send them (defaults: burst ${DEFAULT_RATE_LIMIT.burst}, ${DEFAULT_RATE_LIMIT.perSecond}/s)`, async (t) => {
    const started = performance.now();
    await meetingOnBudget(server); // the clerk's 45 setAttendance calls, back to back
    const rollCallMs = performance.now() - started;
    const voteId = await openVote(server, "Upprop");
    const answering = performance.now();
    for (const seat of SEATS) {
      const r = await server.gql(CLERK, RECORD, { v: voteId, id: `member-${seat}`, c: "YES", k: `clerk-${seat}` });
      assert.deepEqual(r.errors, [], `seat ${seat}`);
    }
    const answersMs = performance.now() - answering;
    t.diagnostic(`rate limit: the clerk's roll-call of 45 in ${(rollCallMs / 1000).toFixed(2)} s and 45 answers recorded in ${(answersMs / 1000).toFixed(2)} s, none limited`);
    assert.ok(answersMs < 5000, "a roll-call of 45 answers takes a few seconds at most");
  });

  it("let a chair's burst through (closing the vote, then 30 attendance changes at once)", async (t) => {
    const { meeting } = await must<{ meeting: { agenda: ReadonlyArray<{ votes: ReadonlyArray<{ id: string; status: string }> }> } }>(
      server,
      CLERK,
      `{ meeting(id: "${MEETING}") { agenda { votes { id status } } } }`,
    );
    const open = meeting.agenda.flatMap((i) => i.votes).find((v) => v.status === "OPEN");
    assert.ok(open);
    assert.deepEqual((await server.gql(CHAIR, `mutation($v: ID!) { closeVote(voteId: $v) { id } }`, { v: open.id })).errors, []);
    const results = await Promise.all(
      SEATS.slice(10, 40).map((seat) => server.gql(CHAIR, `mutation { setAttendance(meetingId: "${MEETING}", memberId: "member-${seat}", present: ${seat % 2 === 0}) { id } }`)),
    );
    for (const r of results) assert.deepEqual(r.errors, []);
    t.diagnostic(`rate limit: a chair's burst of 31 mutations (a close, then 30 at once): none limited, none refused`);
  });

  it("refuse a flood from one user with RATE_LIMITED, recording nothing for it, while others go on", async (t) => {
    const before = await headSeq(server);
    const flood = 400;
    const [floodResults, other] = await Promise.all([
      Promise.all(Array.from({ length: flood }, () => server.gql("clerk-2", `mutation { setAttendance(meetingId: "${MEETING}", memberId: "sub-S-1", present: true) { id } }`))),
      server.gql(CHAIR, `mutation { setCurrentItem(meetingId: "${MEETING}", itemId: "${MEETING}-3") { id } }`),
    ]);
    const limited = floodResults.filter((r) => r.errors[0]?.extensions?.code === "RATE_LIMITED");
    const accepted = floodResults.filter((r) => r.errors.length === 0);
    assert.ok(limited.length > 0, "the flood is limited");
    assert.match(limited[0]?.errors[0]?.message ?? "", /too many/i);
    assert.deepEqual(other.errors, [], "the chair is not limited by the clerk's flood");
    // Only accepted mutations append (setting the same attendance again appends nothing new either way).
    const appended = (await headSeq(server)) - before;
    assert.ok(appended <= accepted.length + 1, `appended ${appended} for ${accepted.length} accepted and the chair's 1`);
    t.diagnostic(`rate limit: a flood of ${flood} mutations from one user: ${accepted.length} accepted, ${limited.length} RATE_LIMITED; another user unaffected`);
  });
});

describe("rate limits are settings", () => {
  it("RATE_LIMIT_BURST=5 and RATE_LIMIT_PER_SECOND=1 refuse the sixth mutation in a row", async (t) => {
    const server = await startServerProcess({ env: { RATE_LIMIT_BURST: "5", RATE_LIMIT_PER_SECOND: "1" } });
    try {
      await must(server, CHAIR, `mutation { openMeeting(meetingId: "${MEETING}") { id } }`);
      const codes: string[] = [];
      for (let i = 0; i < 6; i += 1) {
        const r = await server.gql(CLERK, `mutation { setAttendance(meetingId: "${MEETING}", memberId: "member-${i + 2}", present: true) { id } }`);
        codes.push(r.errors[0]?.extensions?.code ?? "ok");
      }
      assert.deepEqual(codes, ["ok", "ok", "ok", "ok", "ok", "RATE_LIMITED"]);
      t.diagnostic(`rate limit: with burst 5, the 6th mutation in a row is RATE_LIMITED`);
    } finally {
      await server.stop();
    }
  });
});
