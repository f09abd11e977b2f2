import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startServerProcess, type ServerProcess } from "../src/testing/process.js";
import { CAST, CHAIR, SEATS, SPREAD_MS, burst, choiceOf, integrityCheck, meetingEntries, meetingOnBudget, must, openVote, sleep, verifyLedger, voteRecord, type Attempt } from "./support.js";

/**
 * Point 1: SIGKILL the server during bursts of 45 concurrent ballots, 20 cycles. After each restart
 * every acknowledged ballot is there, the vote is still open, clients retrying with the same
 * idempotency keys double nothing, the chain verifies and SQLite's integrity check passes.
 * Point 10 rides along: in each burst one member answers from two devices at once.
 */

const CYCLES = 20;




describe("the server killed during bursts of 45 concurrent ballots", () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess();
    // Warm the token cache: a killed server cannot hand out tokens (the key is in DATA_DIR; they outlive restarts).
    for (const seat of SEATS) await server.token(`member-${seat}`);
    await meetingOnBudget(server);
  });
  after(async () => server.stop());

  it(`loses no acknowledged ballot and doubles none, over ${CYCLES} kill-and-restart cycles`, async (t) => {
    const figures: string[] = [];
    let acknowledgedTotal = 0;
    let partialCycles = 0;
    for (let cycle = 1; cycle <= CYCLES; cycle += 1) {
      const voteId = await openVote(server, `Provomröstning ${cycle}`);
      // Seat 7 answers from a tablet and a laptop at the same moment (two keys, two answers).
      const attempts: Attempt[] = [
        ...SEATS.map((seat) => ({ seat, key: `c${cycle}-seat${seat}`, choice: choiceOf(seat) })),
        { seat: 7, key: `c${cycle}-seat7-laptop`, choice: "NO" as const },
      ];
      // Half the cycles kill after a short delay (perhaps before anything is acknowledged), half as
      // soon as the k-th acknowledgement arrives, k spread over the burst.
      let killed: Promise<void> | null = null;
      const killAfterAcks = cycle % 2 === 1 ? 1 + ((cycle * 7) % 40) : null;
      const sent = burst(server, voteId, attempts, (n) => {
        if (killAfterAcks !== null && n >= killAfterAcks) killed ??= server.kill();
      });
      if (killAfterAcks === null) {
        await sleep((cycle * 23) % SPREAD_MS);
        killed ??= server.kill();
      }
      const acked = await sent;
      await (killed ?? server.kill());

      const integrity = await integrityCheck(server.dataDir);
      assert.equal(integrity, "ok", `cycle ${cycle}: integrity_check`);
      await server.restart();

      // Every acknowledged ballot is there, and the vote is still open.
      const afterCrash = await voteRecord(server, voteId);
      assert.equal(afterCrash.status, "OPEN", `cycle ${cycle}: the vote is still open`);
      const counted = new Map(afterCrash.ballots.map((b) => [b.member.id, b.choice]));
      for (const a of acked) {
        if (a.seat === 7) continue; // two answers from one member: the later one counts, checked below
        assert.equal(counted.get(`member-${a.seat}`), a.choice, `cycle ${cycle}: acknowledged ballot of seat ${a.seat}`);
      }
      const ackedSeven = [...acked].filter((a) => a.seat === 7);
      if (ackedSeven.length > 0) assert.ok(counted.has("member-7"), `cycle ${cycle}: seat 7 answered and is counted`);

      // The clients retry everything with the same keys, the acknowledged ones too (a lost answer).
      await Promise.all(attempts.map((a) => must(server, `member-${a.seat}`, CAST, { v: voteId, c: a.choice, k: a.key }).catch(() => undefined)));
      await Promise.all(attempts.map((a) => server.gql(`member-${a.seat}`, CAST, { v: voteId, c: a.choice, k: a.key })));
      const settled = await voteRecord(server, voteId);
      assert.equal(settled.ballots.length, 45, `cycle ${cycle}: one counted ballot per member`);
      const entries = (await meetingEntries(server)).filter((e) => e.type === "BallotCast" && e.payload.includes(`"voteId":"${voteId}"`));
      assert.equal(entries.length, attempts.length, `cycle ${cycle}: one ledger entry per attempt, none doubled by retries`);
      // Both of seat 7's attempts are in the ledger; one ballot counts.
      assert.equal(entries.filter((e) => e.actor === "member-7").length, 2, `cycle ${cycle}: both of seat 7's attempts are in the ledger`);
      const verification = await verifyLedger(server);
      assert.deepEqual(verification.ok, true, `cycle ${cycle}: the ledger verifies`);

      await must(server, CHAIR, `mutation($v: ID!) { cancelVote(voteId: $v, reason: "Provcykel") { id } }`, { v: voteId });
      acknowledgedTotal += acked.size;
      if (acked.size > 0 && acked.size < attempts.length) partialCycles += 1;
      figures.push(`${acked.size}`);
    }
    const integrity = await (async () => {
      await server.kill();
      const result = await integrityCheck(server.dataDir);
      await server.restart();
      return result;
    })();
    assert.equal(integrity, "ok");
    const verification = await verifyLedger(server);
    t.diagnostic(
      `crash: ${CYCLES} SIGKILL cycles of ${SEATS.length + 1} concurrent ballots; acknowledged before each kill: ${figures.join(", ")} ` +
        `(${acknowledgedTotal} in all, ${partialCycles} cycles killed mid-burst); every one present after restart, ` +
        `none doubled by ${CYCLES * 2 * (SEATS.length + 1)} same-key retries; chain verified (${verification.entries} entries), integrity_check ok`,
    );
    assert.ok(partialCycles > 0, "at least one kill landed in the middle of a burst");
  });
});
