import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEMO_MEETING_ID } from "../../demo/council.js";
import type { CouncilCommand } from "./commands.js";
import type { Choice, CouncilEvent } from "./events.js";
import { demoCommands, given, stateOf, type Given } from "./testing.js";

/** RULES.md 16: a mistake is corrected by a new entry that says what it corrects and why. */

const MEETING = DEMO_MEETING_ID;
const ITEM = `${MEETING}-2`;
const VOTE = "vote-1";
const CHAIR = "member-1";
const CLERK = "clerk-1";
const { register, schedule } = demoCommands();
const by = (actor: string, event: CouncilEvent): Given => ({ event, actor });

/** Registered, scheduled, open, everyone present: seq 1-3, then 45 attendance entries (seq 4-48). */
function allPresent(): Given[] {
  return [
    { type: "AssemblyRegistered", data: register.data },
    { type: "MeetingScheduled", data: schedule.data },
    by(CHAIR, { type: "MeetingOpened", data: { meetingId: MEETING } }),
    ...Array.from({ length: 45 }, (_, i) =>
      by(CLERK, { type: "AttendanceRecorded", data: { meetingId: MEETING, memberId: `member-${i + 1}`, present: true } }),
    ),
  ];
}
const attendanceSeqOf = (seat: number) => 3 + seat;

function voteOpen(): Given[] {
  const eligible = [...Array.from({ length: 44 }, (_, i) => `member-${i + 2}`), CHAIR];
  return [
    ...allPresent(),
    by(CHAIR, { type: "CurrentItemSet", data: { meetingId: MEETING, itemId: ITEM } }),
    by(CHAIR, {
      type: "VoteOpened",
      data: {
        meetingId: MEETING,
        voteId: VOTE,
        itemId: ITEM,
        round: 1,
        method: "ROLL_CALL",
        question: "Bifall?",
        yesProposalId: null,
        noProposalId: null,
        majority: "SIMPLE",
        eligible,
        present: 45,
        chairMemberId: CHAIR,
      },
    }),
  ];
}

const ballot = (memberId: string, choice: Choice, actor: string, source: "DEVICE" | "CLERK"): Given =>
  by(actor, { type: "BallotCast", data: { meetingId: MEETING, voteId: VOTE, memberId, choice, source, idempotencyKey: `${memberId}-${choice}` } });

const correctAttendance = (memberId: string, present: boolean, reason = "Felaktigt antecknad vid uppropet."): CouncilCommand => ({
  type: "CorrectAttendance",
  data: { meetingId: MEETING, memberId, present, reason },
});
const correctBallot = (memberId: string, choice: Choice, reason = "Fel svar antecknat vid namnuppropet."): CouncilCommand => ({
  type: "CorrectBallot",
  data: { voteId: VOTE, memberId, choice, reason },
});

describe("CorrectAttendance", () => {
  describe("when a member was wrongly recorded present at the roll-call", () => {
    it("records the correction naming the entry it corrects", () => {
      given(allPresent())
        .when(correctAttendance("member-7", false), CLERK)
        .then([
          {
            type: "AttendanceCorrected",
            data: { meetingId: MEETING, memberId: "member-7", present: false, reason: "Felaktigt antecknad vid uppropet.", correctsSeq: attendanceSeqOf(7) },
          },
        ]);
    });
    it("takes effect, is listed among the meeting's corrections, and a second correction names the first", () => {
      const state = given(allPresent()).when(correctAttendance("member-7", false), CLERK).thenState();
      const meeting = state.meetings.get(MEETING);
      assert.equal(meeting?.attendance.seats[6]?.holderPresent, false);
      assert.deepEqual(meeting?.corrections.map((c) => [c.kind, c.memberId, c.correctsSeq, c.correctedBy]), [["ATTENDANCE", "member-7", attendanceSeqOf(7), CLERK]]);
      const history: Given[] = [
        ...allPresent(),
        by(CLERK, { type: "AttendanceCorrected", data: { meetingId: MEETING, memberId: "member-7", present: false, reason: "x", correctsSeq: attendanceSeqOf(7) } }),
      ];
      given(history)
        .when(correctAttendance("member-7", true, "Rättelsen var fel."), CLERK)
        .then([{ type: "AttendanceCorrected", data: { meetingId: MEETING, memberId: "member-7", present: true, reason: "Rättelsen var fel.", correctsSeq: history.length } }]);
    });
  });

  describe("when a member served at an item and was wrongly recorded as leaving", () => {
    it("puts them back although the no-return rule would refuse setAttendance", () => {
      const history: Given[] = [
        ...allPresent(),
        by(CHAIR, { type: "CurrentItemSet", data: { meetingId: MEETING, itemId: ITEM } }),
        by(CLERK, { type: "AttendanceRecorded", data: { meetingId: MEETING, memberId: "member-7", present: false } }),
      ];
      given(history)
        .when({ type: "SetAttendance", data: { meetingId: MEETING, memberId: "member-7", present: true } }, CLERK)
        .thenRefused("CONFLICT", /does not serve again today/);
      const state = given(history).when(correctAttendance("member-7", true, "Antecknades av misstag som avgången."), CLERK).thenState();
      assert.equal(state.meetings.get(MEETING)?.recordedAttendance.departed.has("member-7"), false);
      assert.equal(state.meetings.get(MEETING)?.recordedAttendance.seats[6]?.holderPresent, true);
    });
  });

  describe("refusals", () => {
    const cases: ReadonlyArray<{ name: string; history: () => Given[]; command: CouncilCommand; actor: string; code: "FORBIDDEN" | "NOT_FOUND" | "BAD_INPUT" | "CONFLICT"; message: RegExp }> = [
      { name: "a member may not correct the record", history: allPresent, command: correctAttendance("member-7", false), actor: "member-2", code: "FORBIDDEN", message: /Only a clerk or the chair corrects the record/ },
      { name: "an unknown member", history: allPresent, command: correctAttendance("nobody", false), actor: CLERK, code: "NOT_FOUND", message: /Member nobody/ },
      { name: "an unknown meeting", history: allPresent, command: { type: "CorrectAttendance", data: { meetingId: "nope", memberId: "member-7", present: false, reason: "x" } }, actor: CLERK, code: "NOT_FOUND", message: /Meeting nope/ },
      { name: "no reason", history: allPresent, command: correctAttendance("member-7", false, "  "), actor: CLERK, code: "BAD_INPUT", message: /Say why/ },
      { name: "nothing recorded to correct", history: () => allPresent().slice(0, 3), command: correctAttendance("member-7", true), actor: CLERK, code: "CONFLICT", message: /No attendance has been recorded/ },
      { name: "the record already says so", history: allPresent, command: correctAttendance("member-7", true), actor: CLERK, code: "CONFLICT", message: /already recorded as present/ },
      { name: "a vote is open", history: voteOpen, command: correctAttendance("member-7", false), actor: CLERK, code: "CONFLICT", message: /A vote is open/ },
    ];
    for (const c of cases) {
      it(`${c.name}: ${c.code}`, () => given(c.history()).when(c.command, c.actor).thenRefused(c.code, c.message));
    }
  });
});

describe("CorrectBallot", () => {
  describe("when the vote is open and a clerk entered a wrong answer", () => {
    it("records the correction naming the clerk's entry, and the tally counts the corrected answer", () => {
      const history = [...voteOpen(), ballot("member-7", "YES", CLERK, "CLERK")];
      given(history)
        .when(correctBallot("member-7", "NO"), "clerk-2")
        .then([
          {
            type: "BallotCorrected",
            data: { meetingId: MEETING, voteId: VOTE, memberId: "member-7", choice: "NO", reason: "Fel svar antecknat vid namnuppropet.", correctsSeq: history.length, result: null },
          },
        ]);
      const vote = given(history).when(correctBallot("member-7", "NO"), "clerk-2").thenState().votes.get(VOTE);
      assert.deepEqual(vote?.counts, { yes: 0, no: 1, abstain: 0 });
      assert.deepEqual(vote?.ballots.get("member-7")?.correction, { reason: "Fel svar antecknat vid namnuppropet.", correctsSeq: history.length });
      assert.equal(vote?.ballots.get("member-7")?.recordedBy, "clerk-2");
    });
  });

  describe("when the vote is closed", () => {
    it("computes the result again from the corrected answer", () => {
      const history: Given[] = [
        ...voteOpen(),
        ballot("member-7", "YES", CLERK, "CLERK"),
        ballot("member-8", "NO", "member-8", "DEVICE"),
        ballot("member-9", "NO", "member-9", "DEVICE"),
      ];
      const closed: Given[] = [
        ...history,
        by(CHAIR, { type: "VoteClosed", data: { meetingId: MEETING, voteId: VOTE, result: { outcome: "NO", decidedBy: "MAJORITY", yes: 1, no: 2, abstain: 0, absent: 42 } } }),
      ];
      const state = given(closed).when(correctBallot("member-7", "NO"), CLERK).thenState();
      assert.deepEqual(state.votes.get(VOTE)?.result, { outcome: "NO", decidedBy: "MAJORITY", yes: 0, no: 3, abstain: 0, absent: 42 });
      const flip: Given[] = [
        ...voteOpen(),
        ballot("member-7", "NO", CLERK, "CLERK"),
        ballot("member-8", "YES", "member-8", "DEVICE"),
        by(CHAIR, { type: "VoteClosed", data: { meetingId: MEETING, voteId: VOTE, result: { outcome: "TIE", decidedBy: null, yes: 1, no: 1, abstain: 0, absent: 43 } } }),
      ];
      const flipped = given(flip).when(correctBallot("member-7", "YES"), CLERK).thenState();
      assert.deepEqual(flipped.votes.get(VOTE)?.result, { outcome: "YES", decidedBy: "MAJORITY", yes: 2, no: 0, abstain: 0, absent: 43 });
    });
  });

  describe("refusals", () => {
    const withClerkAnswer = () => [...voteOpen(), ballot("member-7", "YES", CLERK, "CLERK"), ballot("member-8", "YES", "member-8", "DEVICE")];
    const cases: ReadonlyArray<{ name: string; history: () => Given[]; command: CouncilCommand; actor: string; code: "FORBIDDEN" | "NOT_FOUND" | "BAD_INPUT" | "CONFLICT"; message: RegExp }> = [
      { name: "the member themselves may not", history: withClerkAnswer, command: correctBallot("member-7", "NO"), actor: "member-7", code: "FORBIDDEN", message: /Only a clerk or the chair/ },
      { name: "an unknown vote", history: withClerkAnswer, command: { type: "CorrectBallot", data: { voteId: "nope", memberId: "member-7", choice: "NO", reason: "x" } }, actor: CLERK, code: "NOT_FOUND", message: /Vote nope/ },
      { name: "an unknown member", history: withClerkAnswer, command: correctBallot("nobody", "NO"), actor: CLERK, code: "NOT_FOUND", message: /Member nobody/ },
      { name: "no reason", history: withClerkAnswer, command: correctBallot("member-7", "NO", ""), actor: CLERK, code: "BAD_INPUT", message: /Say why/ },
      { name: "a device answer", history: withClerkAnswer, command: correctBallot("member-8", "NO"), actor: CLERK, code: "CONFLICT", message: /answered from their own device/ },
      { name: "no answer recorded", history: withClerkAnswer, command: correctBallot("member-9", "NO"), actor: CLERK, code: "CONFLICT", message: /No answer is recorded/ },
      { name: "the same answer", history: withClerkAnswer, command: correctBallot("member-7", "YES"), actor: CLERK, code: "CONFLICT", message: /already recorded as YES/ },
      {
        name: "a cancelled vote",
        history: () => [...withClerkAnswer(), by(CHAIR, { type: "VoteCancelled", data: { meetingId: MEETING, voteId: VOTE, reason: "Tekniskt fel." } })],
        command: correctBallot("member-7", "NO"),
        actor: CLERK,
        code: "CONFLICT",
        message: /cancelled/,
      },
      {
        name: "a closed meeting",
        history: () => [
          ...withClerkAnswer(),
          by(CHAIR, { type: "VoteClosed", data: { meetingId: MEETING, voteId: VOTE, result: { outcome: "YES", decidedBy: "MAJORITY", yes: 2, no: 0, abstain: 0, absent: 43 } } }),
          by(CHAIR, { type: "MeetingClosed", data: { meetingId: MEETING } }),
        ],
        command: correctBallot("member-7", "NO"),
        actor: CLERK,
        code: "CONFLICT",
        message: /The meeting is closed/,
      },
    ];
    for (const c of cases) {
      it(`${c.name}: ${c.code}`, () => given(c.history()).when(c.command, c.actor).thenRefused(c.code, c.message));
    }
  });

  it("keeps the corrected entry: the state still knows it as the one corrected", () => {
    const history = [...voteOpen(), ballot("member-7", "YES", CLERK, "CLERK")];
    assert.equal(stateOf(history).votes.get(VOTE)?.ballots.get("member-7")?.seq, history.length);
  });
});
