import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { codes, dataOf, startTestServer, subscribe, type TestServer } from "../testing/server.js";

/** A whole 45-seat meeting held through the API, as any GraphQL client would hold it. */

const MEETING = "kf-2026-12-14";
const BUDGET = `${MEETING}-2`;
const MOTION = `${MEETING}-4`;
const ABSENT_SEATS = [5, 15, 40];
const SUBSTITUTE = { seat: 5, id: "sub-S-1" };
const serving = Array.from({ length: 45 }, (_, i) => i + 1)
  .filter((seat) => !ABSENT_SEATS.includes(seat))
  .map((seat) => `member-${seat}`)
  .concat(SUBSTITUTE.id);

const MEETING_FIELDS = `id status quorum { required present met } currentItem { id number status }
  seats { number status holder { id } servedBy { id party } } ledgerHead { seq hash }`;
const VOTE_FIELDS = `id round status method question eligible { id } tally { yes no abstain notVoted eligible }
  result { outcome decidedBy yes no abstain absent } ballots { member { id } choice source recordedBy }`;

interface Tally {
  yes: number;
  no: number;
  abstain: number;
  notVoted: number;
  eligible: number;
}
interface VoteView {
  id: string;
  round: number;
  status: string;
  eligible: { id: string }[];
  tally: Tally;
  result: { outcome: string; decidedBy: string | null; yes: number; no: number; abstain: number; absent: number } | null;
  ballots: { member: { id: string }; choice: string; source: string; recordedBy: string }[];
}
interface MeetingView {
  status: string;
  quorum: { required: number; present: number; met: boolean };
  currentItem: { id: string; status: string } | null;
  seats: { number: number; status: string; holder: { id: string }; servedBy: { id: string; party: string } | null }[];
  ledgerHead: { seq: number; hash: string };
}

/** Budget: S, V and MP (seats 1-12, 34-37, 44-45) vote Ja; SD abstains; the rest vote Nej. */
function budgetChoice(memberId: string): "YES" | "NO" | "ABSTAIN" {
  if (memberId.startsWith("sub-S")) return "YES";
  const seat = Number(memberId.replace("member-", ""));
  if (seat <= 12 || (seat >= 34 && seat <= 37) || seat >= 44) return "YES";
  if (seat >= 23 && seat <= 29) return "ABSTAIN";
  return "NO";
}

describe("a 45-seat meeting held through the API", () => {
  let api: TestServer;
  let budgetVote: VoteView;

  before(async () => {
    api = await startTestServer();
  });
  after(async () => {
    await api.dispose();
  });

  it("opens the meeting, calls the roll with 3 absences and a substitute of the right party, and has quorum", async () => {
    dataOf(await api.gql("member-1", `mutation($m: ID!) { openMeeting(meetingId: $m) { status } }`, { m: MEETING }));
    for (let seat = 1; seat <= 45; seat += 1) {
      const present = !ABSENT_SEATS.includes(seat);
      dataOf(
        await api.gql("clerk-1", `mutation($m: ID!, $id: ID!, $p: Boolean!) { setAttendance(meetingId: $m, memberId: $id, present: $p) { id } }`, {
          m: MEETING,
          id: `member-${seat}`,
          p: present,
        }),
      );
    }
    const wrongParty = await api.gql("clerk-1", `mutation { assignSubstitute(meetingId: "${MEETING}", seat: 5, substituteId: "sub-M-1") { id } }`);
    assert.deepEqual(codes(wrongParty), ["BAD_INPUT"]);
    assert.match(wrongParty.errors[0]?.message ?? "", /same party/);

    const { assignSubstitute } = dataOf(
      await api.gql<{ assignSubstitute: MeetingView }>(
        "clerk-1",
        `mutation($m: ID!, $s: Int!, $id: ID) { assignSubstitute(meetingId: $m, seat: $s, substituteId: $id) { ${MEETING_FIELDS} } }`,
        { m: MEETING, s: SUBSTITUTE.seat, id: SUBSTITUTE.id },
      ),
    );
    assert.deepEqual(assignSubstitute.quorum, { required: 23, present: 43, met: true });
    const seat5 = assignSubstitute.seats.find((s) => s.number === 5);
    assert.deepEqual(seat5, { number: 5, status: "PRESENT", holder: { id: "member-5" }, servedBy: { id: "sub-S-1", party: "S" } });
    assert.equal(assignSubstitute.seats.find((s) => s.number === 15)?.status, "ABSENT");
    assert.equal(assignSubstitute.seats.filter((s) => s.status === "PRESENT").length, 43);
  });

  it("moves to the budget item and opens an electronic vote whose eligible list is frozen, the chair last", async () => {
    const { setCurrentItem } = dataOf(
      await api.gql<{ setCurrentItem: MeetingView }>("member-1", `mutation { setCurrentItem(meetingId: "${MEETING}", itemId: "${BUDGET}") { ${MEETING_FIELDS} } }`),
    );
    assert.deepEqual(setCurrentItem.currentItem, { id: BUDGET, number: 2, status: "CURRENT" });
    const { openVote } = dataOf(
      await api.gql<{ openVote: VoteView }>(
        "member-1",
        `mutation($i: OpenVoteInput!) { openVote(input: $i) { ${VOTE_FIELDS} } }`,
        { i: { itemId: BUDGET, method: "ELECTRONIC", question: "Ja för kommunstyrelsens förslag, nej för Moderaternas förslag", yesProposalId: `${BUDGET}-a`, noProposalId: `${BUDGET}-b` } },
      ),
    );
    budgetVote = openVote;
    assert.equal(openVote.status, "OPEN");
    assert.equal(openVote.round, 1);
    assert.equal(openVote.eligible.length, 43);
    assert.equal(openVote.eligible.at(-1)?.id, "member-1");
    assert.deepEqual(new Set(openVote.eligible.map((m) => m.id)), new Set(serving));
    assert.deepEqual(openVote.tally, { yes: 0, no: 0, abstain: 0, notVoted: 43, eligible: 43 });
  });

  it("takes every serving member's ballot at once, tells a subscriber the tally as it changes, and keeps ballots private while open", async () => {
    const stage = await subscribe<{ voteUpdated: VoteView }>(
      api.url,
      await api.token("observer"),
      `subscription($v: ID!) { voteUpdated(voteId: $v) { status tally { yes no abstain notVoted eligible } ballots { member { id } } } }`,
      { v: budgetVote.id },
    );
    await stage.next((d) => d.voteUpdated.tally.notVoted === 43);

    const castAll = await Promise.all(
      serving.map((memberId) =>
        api.gql<{ castBallot: { member: { id: string }; choice: string; source: string; recordedBy: string } }>(
          memberId,
          `mutation($v: ID!, $c: Choice!, $k: String!) { castBallot(voteId: $v, choice: $c, idempotencyKey: $k) { member { id } choice source recordedBy } }`,
          { v: budgetVote.id, c: budgetChoice(memberId), k: `${memberId}-budget-1` },
        ),
      ),
    );
    castAll.forEach((response, i) => {
      const memberId = serving[i] ?? "";
      assert.deepEqual(dataOf(response).castBallot, { member: { id: memberId }, choice: budgetChoice(memberId), source: "DEVICE", recordedBy: memberId });
    });

    const final = await stage.next((d) => d.voteUpdated.tally.notVoted === 0);
    // S 11 + sub-S-1, V 4, MP 2 = 18 Ja; SD 7 abstain; M 9, C 4, KD 2, L 3 = 18 Nej.
    assert.deepEqual(final.voteUpdated.tally, { yes: 18, no: 18, abstain: 7, notVoted: 0, eligible: 43 });
    assert.deepEqual(final.voteUpdated.ballots, [], "an observer sees no ballots while the vote is open");
    assert.ok(stage.received.length >= 2, "the subscriber saw the tally change");
    await stage.close();

    const headBefore = api.server.council.head;
    const retry = await api.gql<{ castBallot: { choice: string } }>(
      "member-7",
      `mutation($v: ID!) { castBallot(voteId: $v, choice: YES, idempotencyKey: "member-7-budget-1") { choice } }`,
      { v: budgetVote.id },
    );
    assert.equal(dataOf(retry).castBallot.choice, "YES");
    assert.deepEqual(api.server.council.head, headBefore, "an idempotent retry appends nothing");

    const asMember = dataOf(await api.gql<{ vote: VoteView }>("member-2", `query($v: ID!) { vote(id: $v) { ${VOTE_FIELDS} } }`, { v: budgetVote.id }));
    assert.deepEqual(asMember.vote.ballots.map((b) => b.member.id), ["member-2"], "a member sees only their own ballot while open");
    const asChair = dataOf(await api.gql<{ vote: VoteView }>("member-1", `query($v: ID!) { vote(id: $v) { ${VOTE_FIELDS} } }`, { v: budgetVote.id }));
    assert.equal(asChair.vote.ballots.length, 43, "the chair sees every ballot");
  });

  it("closes the vote: a tie goes the chair's way (casting vote), and every ballot is public", async () => {
    const { closeVote } = dataOf(await api.gql<{ closeVote: VoteView }>("member-1", `mutation($v: ID!) { closeVote(voteId: $v) { ${VOTE_FIELDS} } }`, { v: budgetVote.id }));
    assert.equal(closeVote.status, "CLOSED");
    assert.deepEqual(closeVote.result, { outcome: "YES", decidedBy: "CASTING_VOTE", yes: 18, no: 18, abstain: 7, absent: 0 });
    const asObserver = dataOf(await api.gql<{ vote: VoteView }>("observer", `query($v: ID!) { vote(id: $v) { ${VOTE_FIELDS} } }`, { v: budgetVote.id }));
    assert.equal(asObserver.vote.ballots.length, 43);
    const late = await api.gql("member-3", `mutation($v: ID!) { castBallot(voteId: $v, choice: NO, idempotencyKey: "late") { choice } }`, { v: budgetVote.id });
    assert.deepEqual(codes(late), ["CONFLICT"]);
    const decided = dataOf(
      await api.gql<{ recordDecision: { status: string; decision: string } }>(
        "clerk-1",
        `mutation { recordDecision(itemId: "${BUDGET}", text: "Fullmäktige fastställer budget 2027 enligt kommunstyrelsens förslag.") { status decision } }`,
      ),
    );
    assert.deepEqual(decided.recordDecision, { status: "DECIDED", decision: "Fullmäktige fastställer budget 2027 enligt kommunstyrelsens förslag." });
  });

  it("holds a second vote with a changed answer and a clerk-recorded ballot, then closes the meeting", async () => {
    dataOf(await api.gql("member-1", `mutation { setCurrentItem(meetingId: "${MEETING}", itemId: "${MOTION}") { id } }`));
    const { openVote } = dataOf(
      await api.gql<{ openVote: VoteView }>("member-1", `mutation { openVote(input: { itemId: "${MOTION}", method: ELECTRONIC, question: "Bifall till motionen?" }) { id } }`),
    );
    const cast = (memberId: string, choice: string, key: string) =>
      api.gql(memberId, `mutation($v: ID!, $c: Choice!, $k: String!) { castBallot(voteId: $v, choice: $c, idempotencyKey: $k) { choice } }`, { v: openVote.id, c: choice, k: key });
    await Promise.all(serving.filter((id) => id !== "member-30").map((id) => cast(id, id === "member-34" || id === "member-35" ? "YES" : "NO", `${id}-motion-1`)));
    dataOf(await cast("member-36", "YES", "member-36-motion-2"));
    const recorded = dataOf(
      await api.gql<{ recordBallot: { source: string; recordedBy: string; member: { id: string } } }>(
        "clerk-2",
        `mutation($v: ID!) { recordBallot(voteId: $v, memberId: "member-30", choice: ABSTAIN, idempotencyKey: "clerk-2-m30") { source recordedBy member { id } } }`,
        { v: openVote.id },
      ),
    );
    assert.deepEqual(recorded.recordBallot, { source: "CLERK", recordedBy: "clerk-2", member: { id: "member-30" } });
    const { closeVote } = dataOf(await api.gql<{ closeVote: VoteView }>("member-1", `mutation($v: ID!) { closeVote(voteId: $v) { ${VOTE_FIELDS} } }`, { v: openVote.id }));
    assert.deepEqual(closeVote.result, { outcome: "NO", decidedBy: "MAJORITY", yes: 3, no: 39, abstain: 1, absent: 0 });
    assert.equal(closeVote.ballots.find((b) => b.member.id === "member-36")?.choice, "YES", "the last answer counts");
    dataOf(await api.gql("clerk-1", `mutation { recordDecision(itemId: "${MOTION}", text: "Motionen avslås.") { id } }`));
    const { closeMeeting } = dataOf(await api.gql<{ closeMeeting: { status: string } }>("member-1", `mutation { closeMeeting(meetingId: "${MEETING}") { status } }`));
    assert.equal(closeMeeting.status, "CLOSED");

    const { ledger } = dataOf(
      await api.gql<{ ledger: { seq: number; type: string; actor: string; payload: string }[] }>("clerk-1", `{ ledger(meetingId: "${MEETING}", first: 1000) { seq type actor payload } }`),
    );
    const m36 = ledger.filter((e) => e.type === "BallotCast" && e.actor === "member-36" && e.payload.includes(openVote.id));
    assert.deepEqual(m36.map((e) => JSON.parse(e.payload).choice), ["NO", "YES"], "every answer, the changed one too, stays in the ledger");
  });

  it("verifies its ledger, and a restart on the same data gives the same ledger head and results", async () => {
    const { verifyLedger } = dataOf(
      await api.gql<{ verifyLedger: { ok: boolean; readModelsMatch: boolean; firstBadSeq: number | null; entries: number; head: { seq: number } } }>(
        "observer",
        `{ verifyLedger { ok readModelsMatch firstBadSeq entries head { seq } } }`,
      ),
    );
    assert.equal(verifyLedger.ok, true);
    assert.equal(verifyLedger.readModelsMatch, true);
    assert.equal(verifyLedger.firstBadSeq, null);
    assert.equal(verifyLedger.entries, verifyLedger.head.seq);

    const query = `{ meeting(id: "${MEETING}") { status ledgerHead { seq hash } agenda { number status decision votes { result { outcome decidedBy yes no abstain absent } ballots { member { id } choice } } } } }`;
    const before = dataOf(await api.gql("observer", query));
    api = await api.restart();
    const afterRestart = dataOf(await api.gql("observer", query));
    assert.deepEqual(afterRestart, before);
  });
});
