import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DEMO_MEETING_ID } from "../../demo/council.js";
import { SYSTEM_ACTOR } from "./commands.js";
import type { Choice, CouncilEvent, VoteResultRecord } from "./events.js";
import { ballotKey, evolve, initialState, type CouncilState, type MeetingState, type SeatState, type VoteState } from "./state.js";
import { AT, demoCommands, stateOf, type Given } from "./testing.js";

const { register, schedule } = demoCommands();


const MEETING = DEMO_MEETING_ID;
const SEATS = 45;
const CHAIR = "member-1";
const CLERK = "clerk-1";
const ITEM2 = `${MEETING}-2`;
const ITEM3 = `${MEETING}-3`;
const VOTE = "vote-1";

const member = (seat: number): string => `member-${seat}`;
const seatNumbers = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const by = (actor: string, event: CouncilEvent): Given => ({ event, actor });

function opened(): Given[] {
  return [
    { type: "AssemblyRegistered", data: register.data },
    { type: "MeetingScheduled", data: schedule.data },
    by(CHAIR, { type: "MeetingOpened", data: { meetingId: MEETING } }),
  ];
}

function attendanceRecorded(memberId: string, present: boolean): Given {
  return by(CLERK, { type: "AttendanceRecorded", data: { meetingId: MEETING, memberId, present } });
}

function rollCall(absentSeats: readonly number[] = []): Given[] {
  return seatNumbers(1, SEATS).map((seat) => attendanceRecorded(member(seat), !absentSeats.includes(seat)));
}

function substituteAssigned(seat: number, substituteId: string | null): Given {
  return by(CLERK, { type: "SubstituteAssigned", data: { meetingId: MEETING, seat, substituteId } });
}

function currentItemSet(itemId: string = ITEM2): Given {
  return by(CHAIR, { type: "CurrentItemSet", data: { meetingId: MEETING, itemId } });
}

function voteOpened(): Given {
  const eligible = [...seatNumbers(2, SEATS).map(member), CHAIR];
  return by(CHAIR, {
    type: "VoteOpened",
    data: {
      meetingId: MEETING,
      voteId: VOTE,
      itemId: ITEM2,
      round: 1,
      method: "ELECTRONIC",
      question: "Ja för kommunstyrelsens förslag, nej för Moderaternas förslag",
      yesProposalId: `${ITEM2}-a`,
      noProposalId: `${ITEM2}-b`,
      majority: "SIMPLE",
      eligible,
      present: SEATS,
      chairMemberId: CHAIR,
    },
  });
}

function voteOpen(): Given[] {
  return [...opened(), ...rollCall(), currentItemSet(), voteOpened()];
}

function ballotCast(memberId: string, choice: Choice, idempotencyKey: string, actor: string = memberId): Given {
  return by(actor, {
    type: "BallotCast",
    data: { meetingId: MEETING, voteId: VOTE, memberId, choice, source: actor === memberId ? "DEVICE" : "CLERK", idempotencyKey },
  });
}

function voteClosed(result: VoteResultRecord): Given {
  return by(CHAIR, { type: "VoteClosed", data: { meetingId: MEETING, voteId: VOTE, result } });
}

function meetingIn(state: CouncilState): MeetingState {
  const meeting = state.meetings.get(MEETING);
  assert.ok(meeting, "the meeting exists");
  return meeting;
}

function voteIn(state: CouncilState): VoteState {
  const vote = state.votes.get(VOTE);
  assert.ok(vote, "the vote exists");
  return vote;
}

function seatIn(seats: readonly SeatState[], number: number): SeatState {
  const seat = seats.find((s) => s.number === number);
  assert.ok(seat, `seat ${number} exists`);
  return seat;
}

/** A seat as the state holds it. */
function seat(number: number, held: Pick<SeatState, "holderPresent" | "substituteId">): SeatState {
  return { number, holderId: member(number), ...held };
}

/** A whole meeting: roll-call, a substitute, an arrival during an item, a vote with a changed answer, decisions. */
function wholeMeeting(): Given[] {
  return [
    ...opened(),
    ...rollCall([5, 7]),
    substituteAssigned(5, "sub-S-1"),
    currentItemSet(`${MEETING}-1`),
    attendanceRecorded(member(7), true),
    by(CLERK, { type: "DecisionRecorded", data: { meetingId: MEETING, itemId: `${MEETING}-1`, text: "Protokollet justeras." } }),
    currentItemSet(),
    voteOpened(),
    ballotCast(member(2), "YES", "k1"),
    ballotCast(member(3), "NO", "k1"),
    ballotCast(member(2), "NO", "k2"),
    ballotCast(member(9), "ABSTAIN", "paper-9", CLERK),
    voteClosed({ outcome: "NO", decidedBy: "MAJORITY", yes: 0, no: 2, abstain: 1, absent: 42 }),
    by(CLERK, { type: "DecisionRecorded", data: { meetingId: MEETING, itemId: ITEM2, text: "Avslag." } }),
    by(CHAIR, { type: "MeetingClosed", data: { meetingId: MEETING } }),
  ];
}

/** Replays with evolve directly, independent of testing.ts. */
function replay(history: readonly Given[]): CouncilState {
  let state = initialState;
  history.forEach((g, i) => {
    const { event, actor } = "event" in g ? g : { event: g, actor: SYSTEM_ACTOR };
    state = evolve(state, event, { at: AT, actor, seq: i + 1 });
  });
  return state;
}

describe("evolve", () => {
  describe("when the same events are replayed twice", () => {
    it("gives deep-equal states", () => {
      const first = replay(wholeMeeting());
      const second = replay(wholeMeeting());
      assert.deepEqual(second, first);
      assert.deepEqual(stateOf(wholeMeeting()), first);
    });

    it("the replayed state is the meeting that happened", () => {
      const state = replay(wholeMeeting());
      const meeting = meetingIn(state);
      assert.equal(meeting.status, "CLOSED");
      assert.equal(meeting.items.get(ITEM2)?.decision, "Avslag.");
      assert.deepEqual(meeting.items.get(ITEM2)?.voteIds, [VOTE]);
      assert.equal(seatIn(meeting.attendance.seats, 7).holderPresent, true);
      assert.equal(seatIn(meeting.attendance.seats, 5).substituteId, "sub-S-1");
      const vote = voteIn(state);
      assert.deepEqual(vote.counts, { yes: 0, no: 2, abstain: 1 });
      assert.equal(vote.status, "CLOSED");
      assert.equal(vote.result?.outcome, "NO");
    });

    it("never changes the state it is given", () => {
      const before = replay(voteOpen());
      const untouched = replay(voteOpen());
      const ballot: CouncilEvent = {
        type: "BallotCast",
        data: { meetingId: MEETING, voteId: VOTE, memberId: member(2), choice: "YES", source: "DEVICE", idempotencyKey: "k1" },
      };
      const after = evolve(before, ballot, { at: AT, actor: member(2) });
      assert.deepEqual(before, untouched);
      assert.equal(voteIn(before).ballots.size, 0);
      assert.equal(voteIn(after).ballots.size, 1);
    });
  });

  describe("when a member changes their answer", () => {
    it("the old choice is subtracted and the new one counted", () => {
      const vote = voteIn(replay([...voteOpen(), ballotCast(member(2), "YES", "k1"), ballotCast(member(2), "NO", "k2")]));
      assert.deepEqual(vote.counts, { yes: 0, no: 1, abstain: 0 });
      assert.equal(vote.ballots.get(member(2))?.choice, "NO");
      assert.equal(vote.ballots.size, 1);
    });

    it("every answer's key is kept, each with its own answer", () => {
      const vote = voteIn(replay([...voteOpen(), ballotCast(member(2), "YES", "k1"), ballotCast(member(2), "NO", "k2")]));
      assert.equal(vote.ballotKeys.get(ballotKey(member(2), "k1"))?.choice, "YES");
      assert.equal(vote.ballotKeys.get(ballotKey(member(2), "k2"))?.choice, "NO");
    });

    it("back and forth counts only the last answer", () => {
      const history = [
        ...voteOpen(),
        ballotCast(member(2), "YES", "k1"),
        ballotCast(member(3), "YES", "k1"),
        ballotCast(member(2), "ABSTAIN", "k2"),
        ballotCast(member(2), "YES", "k3"),
        ballotCast(member(3), "NO", "k2"),
      ];
      assert.deepEqual(voteIn(replay(history)).counts, { yes: 1, no: 1, abstain: 0 });
    });

    it("the same answer again does not count twice", () => {
      const vote = voteIn(replay([...voteOpen(), ballotCast(member(2), "YES", "k1"), ballotCast(member(2), "YES", "k2")]));
      assert.deepEqual(vote.counts, { yes: 1, no: 0, abstain: 0 });
    });

    it("a clerk's correction replaces the device answer and keeps who recorded it", () => {
      const history = [...voteOpen(), ballotCast(member(2), "YES", "k1"), ballotCast(member(2), "ABSTAIN", "paper-2", CLERK)];
      const vote = voteIn(replay(history));
      assert.deepEqual(vote.counts, { yes: 0, no: 0, abstain: 1 });
      assert.deepEqual(vote.ballots.get(member(2)), {
        memberId: member(2),
        choice: "ABSTAIN",
        source: "CLERK",
        recordedBy: CLERK,
        recordedAt: AT,
        seq: history.length,
        correction: null,
      });
      assert.equal(vote.ballotKeys.get(ballotKey(CLERK, "paper-2"))?.memberId, member(2));
      assert.equal(vote.ballotKeys.has(ballotKey(member(2), "paper-2")), false);
    });
  });

  describe("when attendance changes before any item", () => {
    it("it takes effect at once", () => {
      const meeting = meetingIn(replay([...opened(), ...rollCall([5]), substituteAssigned(5, "sub-S-1")]));
      assert.deepEqual(meeting.attendance, meeting.recordedAttendance);
      assert.deepEqual(seatIn(meeting.attendance.seats, 5), seat(5, { holderPresent: false, substituteId: "sub-S-1" }));
    });
  });

  describe("when an item is current", () => {
    const changedDuringItem = (): Given[] => [
      ...opened(),
      ...rollCall([7]),
      currentItemSet(),
      attendanceRecorded(member(5), false),
      substituteAssigned(5, "sub-S-1"),
      attendanceRecorded(member(7), true),
    ];

    it("changes are recorded but not in effect", () => {
      const meeting = meetingIn(replay(changedDuringItem()));
      assert.deepEqual(seatIn(meeting.attendance.seats, 5), { number: 5, holderId: member(5), holderPresent: true, substituteId: null });
      assert.deepEqual(seatIn(meeting.attendance.seats, 7), { number: 7, holderId: member(7), holderPresent: false, substituteId: null });
      assert.deepEqual(seatIn(meeting.recordedAttendance.seats, 5), seat(5, { holderPresent: false, substituteId: "sub-S-1" }));
      assert.deepEqual(seatIn(meeting.recordedAttendance.seats, 7), seat(7, { holderPresent: true, substituteId: null }));
      assert.equal(meeting.attendance.presentSubstitutes.has("sub-S-1"), false);
    });

    it("CurrentItemSet puts the recorded attendance in effect", () => {
      const meeting = meetingIn(replay([...changedDuringItem(), currentItemSet(ITEM3)]));
      assert.equal(meeting.currentItemId, ITEM3);
      assert.deepEqual(meeting.attendance, meeting.recordedAttendance);
      assert.equal(seatIn(meeting.attendance.seats, 5).substituteId, "sub-S-1");
      assert.equal(seatIn(meeting.attendance.seats, 7).holderPresent, true);
      assert.deepEqual([...meeting.attendance.presentSubstitutes], ["sub-S-1"]);
    });
  });

  describe("when a substitute serves", () => {
    const serving = (): Given[] => [...opened(), ...rollCall([5]), substituteAssigned(5, "sub-S-1")];

    it("the holder arriving takes the seat back; the substitute stays present", () => {
      const meeting = meetingIn(replay([...serving(), attendanceRecorded(member(5), true)]));
      assert.deepEqual(seatIn(meeting.attendance.seats, 5), { number: 5, holderId: member(5), holderPresent: true, substituteId: null });
      assert.equal(meeting.attendance.presentSubstitutes.has("sub-S-1"), true);
    });

    it("the substitute leaving empties the seat", () => {
      const meeting = meetingIn(replay([...serving(), attendanceRecorded("sub-S-1", false)]));
      assert.deepEqual(seatIn(meeting.attendance.seats, 5), { number: 5, holderId: member(5), holderPresent: false, substituteId: null });
      assert.equal(meeting.attendance.presentSubstitutes.has("sub-S-1"), false);
    });
  });

  describe("when a vote opens and closes", () => {
    it("the meeting holds the open vote, then lets it go", () => {
      const open = replay(voteOpen());
      assert.equal(meetingIn(open).openVoteId, VOTE);
      assert.equal(voteIn(open).status, "OPEN");
      assert.equal(voteIn(open).openedAt, AT);

      const result: VoteResultRecord = { outcome: "TIE", decidedBy: null, yes: 0, no: 0, abstain: 0, absent: 45 };
      const closed = replay([...voteOpen(), voteClosed(result)]);
      assert.equal(meetingIn(closed).openVoteId, null);
      assert.equal(voteIn(closed).status, "CLOSED");
      assert.equal(voteIn(closed).closedAt, AT);
      assert.deepEqual(voteIn(closed).result, result);
    });
  });
});
