import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { codes, dataOf, startTestServer, type TestServer } from "../testing/server.js";

/** RULES.md 16 through the API: corrections are new entries that name what they correct, and why. */

const MEETING = "kf-2026-12-14";
const ITEM = `${MEETING}-3`;

interface Entry {
  seq: number;
  type: string;
  actor: string;
  payload: string;
}

describe("correcting the record through the API", () => {
  let api: TestServer;
  let voteId = "";

  const ledger = async (): Promise<Entry[]> =>
    dataOf(await api.gql<{ ledger: Entry[] }>("clerk-1", `{ ledger(meetingId: "${MEETING}", first: 1000) { seq type actor payload } }`)).ledger;

  /** A refusal: its code, and nothing appended. */
  const refused = async (user: string, query: string, code: string) => {
    const head = api.server.council.head;
    const response = await api.gql(user, query);
    assert.deepEqual(codes(response), [code], JSON.stringify(response.errors));
    assert.deepEqual(api.server.council.head, head);
    return response.errors[0]?.message ?? "";
  };

  before(async () => {
    api = await startTestServer();
    dataOf(await api.gql("member-1", `mutation { openMeeting(meetingId: "${MEETING}") { id } }`));
    for (let seat = 1; seat <= 45; seat += 1) {
      dataOf(await api.gql("clerk-1", `mutation { setAttendance(meetingId: "${MEETING}", memberId: "member-${seat}", present: ${seat !== 12}) { id } }`));
    }
  });
  after(async () => {
    await api.dispose();
  });

  it("corrects a wrongly recorded absence with an entry naming the one it corrects; the record shows both", async () => {
    const wrong = (await ledger()).filter((e) => e.type === "AttendanceRecorded" && e.payload.includes('"member-12"')).at(-1);
    assert.ok(wrong);
    const { correctAttendance } = dataOf(
      await api.gql<{ correctAttendance: { quorum: { present: number }; corrections: { kind: string; member: { id: string }; reason: string; correctsSeq: number; correctedBy: string; seq: number }[] } }>(
        "clerk-2",
        `mutation { correctAttendance(meetingId: "${MEETING}", memberId: "member-12", present: true, reason: "Ledamoten var närvarande; fel vid uppropet.") {
          quorum { present } corrections { kind member { id } reason correctsSeq correctedBy seq } } }`,
      ),
    );
    assert.equal(correctAttendance.quorum.present, 45);
    assert.equal(correctAttendance.corrections.length, 1);
    const [correction] = correctAttendance.corrections;
    assert.deepEqual(
      { ...correction, seq: undefined },
      { kind: "ATTENDANCE", member: { id: "member-12" }, reason: "Ledamoten var närvarande; fel vid uppropet.", correctsSeq: wrong.seq, correctedBy: "clerk-2", seq: undefined },
    );
    const entries = await ledger();
    assert.ok(entries.some((e) => e.seq === wrong.seq && e.type === "AttendanceRecorded"), "the corrected entry stays");
    const entry = entries.find((e) => e.seq === correction?.seq);
    assert.equal(entry?.type, "AttendanceCorrected");
    assert.equal(JSON.parse(entry?.payload ?? "{}").correctsSeq, wrong.seq);
  });

  it("refuses corrections that are not the clerk's or chair's to make, or that correct nothing", async () => {
    assert.match(await refused("member-5", `mutation { correctAttendance(meetingId: "${MEETING}", memberId: "member-12", present: false, reason: "x") { id } }`, "FORBIDDEN"), /Only a clerk or the chair/);
    assert.match(await refused("clerk-1", `mutation { correctAttendance(meetingId: "${MEETING}", memberId: "member-12", present: true, reason: "x") { id } }`, "CONFLICT"), /already recorded as present/);
    assert.match(await refused("clerk-1", `mutation { correctAttendance(meetingId: "${MEETING}", memberId: "sub-S-1", present: true, reason: "x") { id } }`, "CONFLICT"), /No attendance has been recorded/);
    assert.match(await refused("clerk-1", `mutation { correctAttendance(meetingId: "${MEETING}", memberId: "member-12", present: false, reason: " ") { id } }`, "BAD_INPUT"), /Say why/);
    assert.match(await refused("clerk-1", `mutation { correctAttendance(meetingId: "${MEETING}", memberId: "ghost", present: false, reason: "x") { id } }`, "NOT_FOUND"), /ghost/);
  });

  it("corrects a clerk-entered roll-call answer after the vote closed, and the result follows", async () => {
    dataOf(await api.gql("member-1", `mutation { setCurrentItem(meetingId: "${MEETING}", itemId: "${ITEM}") { id } }`));
    voteId = dataOf(
      await api.gql<{ openVote: { id: string } }>("member-1", `mutation { openVote(input: { itemId: "${ITEM}", method: ROLL_CALL, question: "Skattesats 21,64?" }) { id } }`),
    ).openVote.id;
    // The clerk records answers called aloud: 22 Ja, 22 Nej, then the chair Ja (casting vote decides the tie).
    for (let seat = 2; seat <= 45; seat += 1) {
      dataOf(
        await api.gql("clerk-1", `mutation($v: ID!) { recordBallot(voteId: $v, memberId: "member-${seat}", choice: ${seat <= 23 ? "YES" : "NO"}, idempotencyKey: "rc-${seat}") { choice } }`, { v: voteId }),
      );
    }
    dataOf(await api.gql("member-1", `mutation($v: ID!) { castBallot(voteId: $v, choice: YES, idempotencyKey: "chair") { choice } }`, { v: voteId }));
    const closed = dataOf(await api.gql<{ closeVote: { result: { outcome: string; yes: number; no: number } } }>("member-1", `mutation($v: ID!) { closeVote(voteId: $v) { result { outcome yes no } } }`, { v: voteId }));
    assert.deepEqual(closed.closeVote.result, { outcome: "YES", yes: 23, no: 22 });

    // member-23 had answered Nej aloud, but the clerk entered Ja.
    const { correctBallot } = dataOf(
      await api.gql<{ correctBallot: { result: { outcome: string; decidedBy: string; yes: number; no: number }; ballots: { member: { id: string }; choice: string; recordedBy: string; correction: { reason: string; correctsSeq: number } | null }[] } }>(
        "clerk-2",
        `mutation($v: ID!) { correctBallot(voteId: $v, memberId: "member-23", choice: NO, reason: "Svarade nej vid namnuppropet; fel antecknat.") {
          result { outcome decidedBy yes no } ballots { member { id } choice recordedBy correction { reason correctsSeq } } } }`,
        { v: voteId },
      ),
    );
    assert.deepEqual(correctBallot.result, { outcome: "NO", decidedBy: "MAJORITY", yes: 22, no: 23 });
    const corrected = correctBallot.ballots.find((b) => b.member.id === "member-23");
    assert.equal(corrected?.choice, "NO");
    assert.equal(corrected?.recordedBy, "clerk-2");
    const original = (await ledger()).find((e) => e.type === "BallotCast" && e.payload.includes('"member-23"') && e.payload.includes(voteId));
    assert.equal(corrected?.correction?.correctsSeq, original?.seq);
    assert.equal(JSON.parse(original?.payload ?? "{}").choice, "YES", "the corrected entry stays in the ledger as it was");
  });

  it("refuses to correct a member's own device answer, and a correction once the meeting is closed", async () => {
    assert.match(
      await refused("clerk-1", `mutation { correctBallot(voteId: "${voteId}", memberId: "member-1", choice: NO, reason: "x") { id } }`, "CONFLICT"),
      /answered from their own device/,
    );
    dataOf(await api.gql("clerk-1", `mutation { recordDecision(itemId: "${ITEM}", text: "Skattesatsen fastställs till 21,39.") { id } }`));
    dataOf(await api.gql("member-1", `mutation { closeMeeting(meetingId: "${MEETING}") { id } }`));
    assert.match(await refused("clerk-1", `mutation { correctBallot(voteId: "${voteId}", memberId: "member-22", choice: NO, reason: "x") { id } }`, "CONFLICT"), /closed/);
    const { verifyLedger } = dataOf(await api.gql<{ verifyLedger: { ok: boolean; readModelsMatch: boolean } }>("observer", "{ verifyLedger { ok readModelsMatch } }"));
    assert.deepEqual(verifyLedger, { ok: true, readModelsMatch: true });
  });
});
