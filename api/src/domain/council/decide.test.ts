import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DEMO_MEETING_ID } from "../../demo/council.js";
import type { CouncilCommand } from "./commands.js";
import type { Choice, CouncilEvent, Majority, VoteResultRecord } from "./events.js";
import type { CouncilState, MeetingState, SeatState, VoteState } from "./state.js";
import { demoCommands, given, type Given } from "./testing.js";

// --- The demo council (api/src/demo/council.ts) -------------------------------------------------

const { register, schedule } = demoCommands();


const MEETING = DEMO_MEETING_ID;
const SEATS = 45;
/** member-1 holds seat 1 and is the chair. */
const CHAIR = "member-1";
const CLERK = "clerk-1";
/** One proposal: `${ITEM1}-a`. */
const ITEM1 = `${MEETING}-1`;
/** Three proposals: -a (KS), -b (M), -c (SD). */
const ITEM2 = `${MEETING}-2`;
const ITEM3 = `${MEETING}-3`;
const VOTE = "vote-1";
const QUESTION = "Ja för kommunstyrelsens förslag, nej för Moderaternas förslag";

const member = (seat: number): string => `member-${seat}`;
const seatNumbers = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Holders serving when `absentSeats` are away, in call order: seat order, the chair last. */
function callOrder(absentSeats: readonly number[] = []): string[] {
  const serving = seatNumbers(1, SEATS)
    .filter((seat) => !absentSeats.includes(seat))
    .map(member);
  return serving.includes(CHAIR) ? [...serving.filter((id) => id !== CHAIR), CHAIR] : serving;
}

// --- Histories ----------------------------------------------------------------------------------

const by = (actor: string, event: CouncilEvent): Given => ({ event, actor });

function registered(): Given[] {
  return [{ type: "AssemblyRegistered", data: register.data }];
}

function scheduled(): Given[] {
  return [...registered(), { type: "MeetingScheduled", data: schedule.data }];
}

function opened(): Given[] {
  return [...scheduled(), by(CHAIR, { type: "MeetingOpened", data: { meetingId: MEETING } })];
}

function attendanceRecorded(memberId: string, present: boolean): Given {
  return by(CLERK, { type: "AttendanceRecorded", data: { meetingId: MEETING, memberId, present } });
}

/** The upprop: every holder recorded present, except those in `absentSeats`, recorded absent. */
function rollCall(absentSeats: readonly number[] = []): Given[] {
  return seatNumbers(1, SEATS).map((seat) => attendanceRecorded(member(seat), !absentSeats.includes(seat)));
}

function substituteAssigned(seat: number, substituteId: string | null): Given {
  return by(CLERK, { type: "SubstituteAssigned", data: { meetingId: MEETING, seat, substituteId } });
}

function currentItemSet(itemId: string = ITEM2): Given {
  return by(CHAIR, { type: "CurrentItemSet", data: { meetingId: MEETING, itemId } });
}

/** Open, roll-called, on `itemId`. */
function onItem(absentSeats: readonly number[] = [], itemId: string = ITEM2): Given[] {
  return [...opened(), ...rollCall(absentSeats), currentItemSet(itemId)];
}

function closed(): Given[] {
  return [...opened(), by(CHAIR, { type: "MeetingClosed", data: { meetingId: MEETING } })];
}

interface VoteSpec {
  readonly voteId?: string;
  readonly itemId?: string;
  readonly majority?: Majority;
  readonly absentSeats?: readonly number[];
  readonly round?: number;
}

function voteOpened({ voteId = VOTE, itemId = ITEM2, majority = "SIMPLE", absentSeats = [], round = 1 }: VoteSpec = {}): Given {
  return by(CHAIR, {
    type: "VoteOpened",
    data: {
      meetingId: MEETING,
      voteId,
      itemId,
      round,
      method: "ELECTRONIC",
      question: QUESTION,
      yesProposalId: `${itemId}-a`,
      noProposalId: itemId === ITEM2 ? `${itemId}-b` : null,
      majority,
      eligible: callOrder(absentSeats),
      present: SEATS - absentSeats.length,
      chairMemberId: absentSeats.includes(1) ? null : CHAIR,
    },
  });
}

/** On item 2 with a vote open on it. */
function voteOpen(spec: VoteSpec = {}): Given[] {
  return [...onItem(spec.absentSeats ?? []), voteOpened(spec)];
}

/** A ballot as the ledger holds it: from the member's device, or recorded by `actor` on their behalf. */
function ballotCast(memberId: string, choice: Choice, idempotencyKey: string, actor: string = memberId, voteId: string = VOTE): Given {
  return by(actor, {
    type: "BallotCast",
    data: { meetingId: MEETING, voteId, memberId, choice, source: actor === memberId ? "DEVICE" : "CLERK", idempotencyKey },
  });
}

function ballots(seats: readonly number[], choice: Choice): Given[] {
  return seats.map((seat) => ballotCast(member(seat), choice, `key-${seat}`));
}

function voteClosed(result: VoteResultRecord, voteId: string = VOTE): Given {
  return by(CHAIR, { type: "VoteClosed", data: { meetingId: MEETING, voteId, result } });
}

/** The VoteOpened that OpenVote with the default command gives. */
function voteOpenedEvent(overrides: {
  eligible: readonly string[];
  present: number;
  chairMemberId?: string | null;
  round?: number;
  voteId?: string;
  yesProposalId?: string;
  noProposalId?: string;
  /** The seat each eligible member serves in; by default member-N serves seat N. */
  seats?: readonly number[];
}): CouncilEvent {
  return {
    type: "VoteOpened",
    data: {
      meetingId: MEETING,
      voteId: overrides.voteId ?? VOTE,
      itemId: ITEM2,
      round: overrides.round ?? 1,
      method: "ELECTRONIC",
      question: QUESTION,
      yesProposalId: overrides.yesProposalId ?? `${ITEM2}-a`,
      noProposalId: overrides.noProposalId ?? `${ITEM2}-b`,
      majority: "SIMPLE",
      eligible: overrides.eligible,
      seats: overrides.seats ?? overrides.eligible.map((id) => Number(id.replace("member-", ""))),
      present: overrides.present,
      chairMemberId: overrides.chairMemberId === undefined ? CHAIR : overrides.chairMemberId,
    },
  };
}

const ANY_RESULT: VoteResultRecord = { outcome: "YES", decidedBy: "MAJORITY", yes: 1, no: 0, abstain: 0, absent: 44 };

// --- Commands -----------------------------------------------------------------------------------

function setAttendance(memberId: string, present: boolean, meetingId: string = MEETING): CouncilCommand {
  return { type: "SetAttendance", data: { meetingId, memberId, present } };
}

function assignSubstitute(seat: number, substituteId: string | null, meetingId: string = MEETING): CouncilCommand {
  return { type: "AssignSubstitute", data: { meetingId, seat, substituteId } };
}

function setCurrentItem(itemId: string, meetingId: string = MEETING): CouncilCommand {
  return { type: "SetCurrentItem", data: { meetingId, itemId } };
}

type OpenVoteData = Extract<CouncilCommand, { type: "OpenVote" }>["data"];

function openVote(overrides: Partial<OpenVoteData> = {}): CouncilCommand {
  return {
    type: "OpenVote",
    data: {
      voteId: VOTE,
      itemId: ITEM2,
      method: "ELECTRONIC",
      question: QUESTION,
      yesProposalId: `${ITEM2}-a`,
      noProposalId: `${ITEM2}-b`,
      majority: "SIMPLE",
      ...overrides,
    },
  };
}

function castBallot(choice: Choice, idempotencyKey: string, voteId: string = VOTE): CouncilCommand {
  return { type: "CastBallot", data: { voteId, choice, idempotencyKey } };
}

function recordBallot(memberId: string, choice: Choice, idempotencyKey: string, voteId: string = VOTE): CouncilCommand {
  return { type: "RecordBallot", data: { voteId, memberId, choice, idempotencyKey } };
}

function closeVote(voteId: string = VOTE): CouncilCommand {
  return { type: "CloseVote", data: { voteId } };
}

function recordDecision(text: string, itemId: string = ITEM2): CouncilCommand {
  return { type: "RecordDecision", data: { itemId, text } };
}

function closeMeeting(meetingId: string = MEETING): CouncilCommand {
  return { type: "CloseMeeting", data: { meetingId } };
}

// --- Reading the state --------------------------------------------------------------------------

function meetingIn(state: CouncilState): MeetingState {
  const meeting = state.meetings.get(MEETING);
  assert.ok(meeting, "the meeting exists");
  return meeting;
}

function voteIn(state: CouncilState, voteId: string = VOTE): VoteState {
  const vote = state.votes.get(voteId);
  assert.ok(vote, `vote ${voteId} exists`);
  return vote;
}

function seatIn(seats: readonly SeatState[], number: number): SeatState {
  const seat = seats.find((s) => s.number === number);
  assert.ok(seat, `seat ${number} exists`);
  return seat;
}

// --- Tests --------------------------------------------------------------------------------------

describe("RegisterAssembly", () => {
  describe("when nothing is registered", () => {
    it("registers the assembly as given", () => {
      given([]).when(register).then([{ type: "AssemblyRegistered", data: register.data }]);
    });

    it("is refused to anyone but the installation itself or an admin", () => {
      given([]).when(register, "admin").thenRefused("FORBIDDEN", /Only an admin creates an assembly/);
    });

    it("refuses a seat count of zero", () => {
      given([])
        .when({ type: "RegisterAssembly", data: { ...register.data, seatCount: 0 } })
        .thenRefused("BAD_INPUT", /seat count must be a whole number from 1 to 1000/);
    });

    it("refuses a fractional seat count", () => {
      given([])
        .when({ type: "RegisterAssembly", data: { ...register.data, seatCount: 44.5 } })
        .thenRefused("BAD_INPUT", /seat count must be a whole number from 1 to 1000/);
    });

    it("refuses a seat with no ordinary member", () => {
      const members = register.data.members.filter((m) => m.id !== member(45));
      given([])
        .when({ type: "RegisterAssembly", data: { ...register.data, members } })
        .thenRefused("BAD_INPUT", /Seat 45 has no ordinary member: every seat 1-45 needs one/);
    });

    it("refuses two ordinary members in one seat", () => {
      const members = register.data.members.map((m) => (m.id === member(45) ? { ...m, seat: 44 } : m));
      given([])
        .when({ type: "RegisterAssembly", data: { ...register.data, members } })
        .thenRefused("BAD_INPUT", /Seat 44 is held by both .* and /);
    });
  });

  describe("when the assembly is registered", () => {
    it("refuses to register it again", () => {
      given(registered()).when(register).thenRefused("CONFLICT", /Assembly kf is already registered/);
    });
  });
});

describe("ScheduleMeeting", () => {
  describe("when nothing is registered", () => {
    it("refuses a meeting of an unknown assembly", () => {
      given([]).when(schedule).thenRefused("NOT_FOUND", /Assembly kf was not found/);
    });
  });

  describe("when the assembly is registered", () => {
    it("schedules the meeting as given", () => {
      given(registered()).when(schedule).then([{ type: "MeetingScheduled", data: schedule.data }]);
    });

    it("is refused to anyone but the installation itself, a clerk or an admin", () => {
      given(registered()).when(schedule, CHAIR).thenRefused("FORBIDDEN", /Only a clerk or an admin schedules a meeting/);
    });

    it("refuses a blank title", () => {
      given(registered())
        .when({ type: "ScheduleMeeting", data: { ...schedule.data, title: "   " } })
        .thenRefused("BAD_INPUT", /A meeting needs a title/);
    });
  });

  describe("when the meeting is scheduled", () => {
    it("refuses the same meeting id again", () => {
      given(scheduled()).when(schedule).thenRefused("CONFLICT", /Meeting kf-2026-12-14 already exists/);
    });
  });
});

describe("OpenMeeting", () => {
  const command: CouncilCommand = { type: "OpenMeeting", data: { meetingId: MEETING } };

  describe("when the meeting is scheduled", () => {
    it("the chair opens it", () => {
      given(scheduled()).when(command, CHAIR).then([{ type: "MeetingOpened", data: { meetingId: MEETING } }]);
    });

    it("is refused to a clerk", () => {
      given(scheduled()).when(command, CLERK).thenRefused("FORBIDDEN", /Only the chair opens the meeting/);
    });

    it("is refused to an ordinary member", () => {
      given(scheduled()).when(command, member(2)).thenRefused("FORBIDDEN", /Only the chair opens the meeting/);
    });

    it("refuses an unknown meeting", () => {
      given(scheduled())
        .when({ type: "OpenMeeting", data: { meetingId: "kf-1999-01-01" } }, CHAIR)
        .thenRefused("NOT_FOUND", /Meeting kf-1999-01-01 was not found/);
    });
  });

  describe("when the meeting is open", () => {
    it("refuses to open it again", () => {
      given(opened()).when(command, CHAIR).thenRefused("CONFLICT", /already open/);
    });
  });

  describe("when the meeting is closed", () => {
    it("refuses to open it again", () => {
      given(closed()).when(command, CHAIR).thenRefused("CONFLICT", /closed and cannot be opened again/);
    });
  });
});

describe("SetAttendance", () => {
  describe("when the meeting is open", () => {
    it("a clerk records a member present", () => {
      given(opened())
        .when(setAttendance(member(5), true), CLERK)
        .then([{ type: "AttendanceRecorded", data: { meetingId: MEETING, memberId: member(5), present: true } }]);
    });

    it("the chair records a member absent", () => {
      given(opened())
        .when(setAttendance(member(5), false), CHAIR)
        .then([{ type: "AttendanceRecorded", data: { meetingId: MEETING, memberId: member(5), present: false } }]);
    });

    it("with no item current yet, the change takes effect at once", () => {
      const meeting = meetingIn(given(opened()).when(setAttendance(member(5), true), CLERK).thenState());
      assert.equal(seatIn(meeting.attendance.seats, 5).holderPresent, true);
      assert.equal(seatIn(meeting.recordedAttendance.seats, 5).holderPresent, true);
    });

    for (const actor of [member(2), "observer", "admin"]) {
      it(`is refused to ${actor}`, () => {
        given(opened())
          .when(setAttendance(member(5), true), actor)
          .thenRefused("FORBIDDEN", /Only the chair or a clerk records attendance/);
      });
    }

    it("refuses an unknown meeting", () => {
      given(opened())
        .when(setAttendance(member(5), true, "kf-1999-01-01"), CLERK)
        .thenRefused("NOT_FOUND", /Meeting kf-1999-01-01 was not found/);
    });

    it("refuses an unknown member", () => {
      given(opened())
        .when(setAttendance(member(46), true), CLERK)
        .thenRefused("NOT_FOUND", /Member member-46 of Exempelstads kommunfullmäktige was not found/);
    });
  });

  describe("when an item is current", () => {
    it("a member leaving is recorded at once but takes effect only from the next item", () => {
      const meeting = meetingIn(given(onItem()).when(setAttendance(member(5), false), CLERK).thenState());
      assert.equal(seatIn(meeting.recordedAttendance.seats, 5).holderPresent, false);
      assert.equal(seatIn(meeting.attendance.seats, 5).holderPresent, true);
    });

    it("a member arriving late serves from the next item", () => {
      const meeting = meetingIn(given(onItem([7])).when(setAttendance(member(7), true), CLERK).thenState());
      assert.equal(seatIn(meeting.recordedAttendance.seats, 7).holderPresent, true);
      assert.equal(seatIn(meeting.attendance.seats, 7).holderPresent, false);

      const next = meetingIn(
        given([...onItem([7]), attendanceRecorded(member(7), true)]).when(setCurrentItem(ITEM3), CHAIR).thenState(),
      );
      assert.equal(seatIn(next.attendance.seats, 7).holderPresent, true);
      assert.deepEqual(next.attendance, next.recordedAttendance);
    });

    it("a vote opened on the same item still counts the member who left", () => {
      given([...onItem(), attendanceRecorded(member(5), false)])
        .when(openVote(), CHAIR)
        .then([voteOpenedEvent({ eligible: callOrder(), present: 45 })]);
    });
  });

  describe("when the meeting is scheduled", () => {
    it("is refused: the meeting is not open yet", () => {
      given(scheduled()).when(setAttendance(member(5), true), CLERK).thenRefused("CONFLICT", /The meeting is not open yet/);
    });
  });

  describe("when the vote is open", () => {
    it("is refused: attendance does not change during a vote", () => {
      given(voteOpen())
        .when(setAttendance(member(5), false), CLERK)
        .thenRefused("CONFLICT", /A vote is open: attendance cannot change until it closes/);
    });
  });

  describe("when the meeting is closed", () => {
    it("is refused", () => {
      given(closed()).when(setAttendance(member(5), true), CLERK).thenRefused("CONFLICT", /The meeting is closed/);
    });
  });
});

describe("AssignSubstitute", () => {
  describe("when a holder is recorded absent", () => {
    const history = (): Given[] => [...opened(), ...rollCall([5])];

    it("a clerk seats a substitute of the holder's party", () => {
      given(history())
        .when(assignSubstitute(5, "sub-S-1"), CLERK)
        .then([{ type: "SubstituteAssigned", data: { meetingId: MEETING, seat: 5, substituteId: "sub-S-1" } }]);
    });

    it("the substitute serves in the seat and is present", () => {
      const meeting = meetingIn(given(history()).when(assignSubstitute(5, "sub-S-1"), CHAIR).thenState());
      assert.equal(seatIn(meeting.attendance.seats, 5).substituteId, "sub-S-1");
      assert.equal(seatIn(meeting.attendance.seats, 5).holderPresent, false);
      assert.deepEqual([...meeting.attendance.presentSubstitutes], ["sub-S-1"]);
    });

    it("refuses a substitute of another party", () => {
      given(history())
        .when(assignSubstitute(5, "sub-M-1"), CLERK)
        .thenRefused("BAD_INPUT", /\(M\) cannot serve in seat 5: a substitute serves only for a member of the same party \(S\)/);
    });

    it("refuses an ordinary member as a substitute", () => {
      given(history())
        .when(assignSubstitute(5, member(6)), CLERK)
        .thenRefused("BAD_INPUT", /is an ordinary member, not a substitute/);
    });

    it("refuses a seat that does not exist", () => {
      given(history())
        .when(assignSubstitute(46, "sub-S-1"), CLERK)
        .thenRefused("BAD_INPUT", /There is no seat 46: seats are numbered 1-45/);
    });

    it("refuses an unknown substitute", () => {
      given(history())
        .when(assignSubstitute(5, "sub-S-9"), CLERK)
        .thenRefused("NOT_FOUND", /Member sub-S-9 of Exempelstads kommunfullmäktige was not found/);
    });

    it("refuses an unknown meeting", () => {
      given(history())
        .when(assignSubstitute(5, "sub-S-1", "kf-1999-01-01"), CLERK)
        .thenRefused("NOT_FOUND", /Meeting kf-1999-01-01 was not found/);
    });

    for (const actor of [member(2), "observer"]) {
      it(`is refused to ${actor}`, () => {
        given(history())
          .when(assignSubstitute(5, "sub-S-1"), actor)
          .thenRefused("FORBIDDEN", /Only the chair or a clerk seats a substitute/);
      });
    }
  });

  describe("when the holder is present", () => {
    it("refuses a substitute in their seat", () => {
      given([...opened(), ...rollCall()])
        .when(assignSubstitute(5, "sub-S-1"), CLERK)
        .thenRefused("CONFLICT", /is present in seat 5; record them absent before a substitute steps in/);
    });
  });

  describe("when the substitute already serves in another seat", () => {
    it("refuses them in a second seat", () => {
      given([...opened(), ...rollCall([5, 6]), substituteAssigned(5, "sub-S-1")])
        .when(assignSubstitute(6, "sub-S-1"), CLERK)
        .thenRefused("CONFLICT", /That substitute already serves in seat 5/);
    });

    it("another substitute of the party may take the second seat", () => {
      given([...opened(), ...rollCall([5, 6]), substituteAssigned(5, "sub-S-1")])
        .when(assignSubstitute(6, "sub-S-2"), CLERK)
        .then([{ type: "SubstituteAssigned", data: { meetingId: MEETING, seat: 6, substituteId: "sub-S-2" } }]);
    });
  });

  describe("when a substitute serves", () => {
    it("null gives the seat back to the holder", () => {
      const history = [...opened(), ...rollCall([5]), substituteAssigned(5, "sub-S-1")];
      given(history)
        .when(assignSubstitute(5, null), CLERK)
        .then([{ type: "SubstituteAssigned", data: { meetingId: MEETING, seat: 5, substituteId: null } }]);
      const seat = seatIn(meetingIn(given(history).when(assignSubstitute(5, null), CLERK).thenState()).attendance.seats, 5);
      assert.deepEqual(seat, { number: 5, holderId: member(5), holderPresent: true, substituteId: null });
    });
  });

  describe("when an item is current", () => {
    it("the substitute serves only from the next item", () => {
      const history = [...onItem(), attendanceRecorded(member(5), false)];
      const meeting = meetingIn(given(history).when(assignSubstitute(5, "sub-S-1"), CLERK).thenState());
      assert.equal(seatIn(meeting.recordedAttendance.seats, 5).substituteId, "sub-S-1");
      assert.deepEqual(seatIn(meeting.attendance.seats, 5), { number: 5, holderId: member(5), holderPresent: true, substituteId: null });
    });
  });

  describe("when the meeting is scheduled", () => {
    it("is refused", () => {
      given(scheduled()).when(assignSubstitute(5, "sub-S-1"), CLERK).thenRefused("CONFLICT", /The meeting is not open yet/);
    });
  });

  describe("when the vote is open", () => {
    it("is refused", () => {
      given(voteOpen({ absentSeats: [5] }))
        .when(assignSubstitute(5, "sub-S-1"), CLERK)
        .thenRefused("CONFLICT", /A vote is open: attendance cannot change/);
    });
  });

  describe("when the meeting is closed", () => {
    it("is refused", () => {
      given(closed()).when(assignSubstitute(5, "sub-S-1"), CLERK).thenRefused("CONFLICT", /The meeting is closed/);
    });
  });
});

describe("SetCurrentItem", () => {
  describe("when the meeting is open", () => {
    it("the chair moves to an item", () => {
      given(opened())
        .when(setCurrentItem(ITEM1), CHAIR)
        .then([{ type: "CurrentItemSet", data: { meetingId: MEETING, itemId: ITEM1 } }]);
    });

    it("is refused to a clerk", () => {
      given(opened()).when(setCurrentItem(ITEM1), CLERK).thenRefused("FORBIDDEN", /Only the chair moves between agenda items/);
    });

    it("refuses an item not on the agenda", () => {
      given(opened())
        .when(setCurrentItem(`${MEETING}-99`), CHAIR)
        .thenRefused("NOT_FOUND", /Agenda item kf-2026-12-14-99 of this meeting was not found/);
    });

    it("refuses an unknown meeting", () => {
      given(opened())
        .when(setCurrentItem(ITEM1, "kf-1999-01-01"), CHAIR)
        .thenRefused("NOT_FOUND", /Meeting kf-1999-01-01 was not found/);
    });
  });

  describe("when an item is current", () => {
    it("the attendance recorded during it takes effect on the next item", () => {
      const history = [
        ...onItem(),
        attendanceRecorded(member(5), false),
        attendanceRecorded(member(6), false),
        substituteAssigned(6, "sub-S-1"),
      ];
      const meeting = meetingIn(given(history).when(setCurrentItem(ITEM3), CHAIR).thenState());
      assert.equal(meeting.currentItemId, ITEM3);
      assert.deepEqual(seatIn(meeting.attendance.seats, 5), { number: 5, holderId: member(5), holderPresent: false, substituteId: null });
      assert.deepEqual(seatIn(meeting.attendance.seats, 6), {
        number: 6,
        holderId: member(6),
        holderPresent: false,
        substituteId: "sub-S-1",
      });
      assert.deepEqual(meeting.attendance, meeting.recordedAttendance);
    });
  });

  describe("when the meeting is scheduled", () => {
    it("is refused", () => {
      given(scheduled()).when(setCurrentItem(ITEM1), CHAIR).thenRefused("CONFLICT", /The meeting is not open yet/);
    });
  });

  describe("when the vote is open", () => {
    it("is refused until the vote closes", () => {
      given(voteOpen())
        .when(setCurrentItem(ITEM3), CHAIR)
        .thenRefused("CONFLICT", /A vote is open: close it before moving to another item/);
    });
  });

  describe("when the meeting is closed", () => {
    it("is refused", () => {
      given(closed()).when(setCurrentItem(ITEM1), CHAIR).thenRefused("CONFLICT", /The meeting is closed/);
    });
  });
});

describe("OpenVote", () => {
  describe("when an item is current and every seat is served", () => {
    it("the chair opens a vote: everyone eligible, the chair last", () => {
      given(onItem()).when(openVote(), CHAIR).then([voteOpenedEvent({ eligible: callOrder(), present: 45 })]);
    });

    it("trims the question and keeps method and majority", () => {
      given(onItem())
        .when(openVote({ question: `  ${QUESTION}\n`, method: "ROLL_CALL", majority: "TWO_THIRDS_OF_PRESENT", noProposalId: null }), CHAIR)
        .then([
          {
            type: "VoteOpened",
            data: {
              meetingId: MEETING,
              voteId: VOTE,
              itemId: ITEM2,
              round: 1,
              method: "ROLL_CALL",
              question: QUESTION,
              yesProposalId: `${ITEM2}-a`,
              noProposalId: null,
              majority: "TWO_THIRDS_OF_PRESENT",
              eligible: callOrder(),
              seats: [...seatNumbers(2, SEATS), 1],
              present: 45,
              chairMemberId: CHAIR,
            },
          },
        ]);
    });

    it("is refused to a clerk", () => {
      given(onItem()).when(openVote(), CLERK).thenRefused("FORBIDDEN", /Only the chair opens a vote/);
    });

    it("is refused to an ordinary member", () => {
      given(onItem()).when(openVote(), member(2)).thenRefused("FORBIDDEN", /Only the chair opens a vote/);
    });

    it("refuses an unknown item", () => {
      given(onItem())
        .when(openVote({ itemId: `${MEETING}-99` }), CHAIR)
        .thenRefused("NOT_FOUND", /Agenda item kf-2026-12-14-99 was not found/);
    });

    it("refuses a blank question", () => {
      given(onItem()).when(openVote({ question: " \t " }), CHAIR).thenRefused("BAD_INPUT", /A vote needs a question/);
    });

    it("refuses a question longer than 1000 characters", () => {
      given(onItem()).when(openVote({ question: "x".repeat(1001) }), CHAIR).thenRefused("BAD_INPUT", /longer than 1000 characters/);
    });

    it("accepts a question of exactly 1000 characters", () => {
      const vote = voteIn(given(onItem()).when(openVote({ question: "x".repeat(1000) }), CHAIR).thenState());
      assert.equal(vote.question, "x".repeat(1000));
    });

    it("refuses a hand count", () => {
      given(onItem()).when(openVote({ method: "HAND_COUNT" }), CHAIR).thenRefused("BAD_INPUT", /A hand count is not opened/);
    });

    it("refuses a Ja proposal of another item", () => {
      given(onItem())
        .when(openVote({ yesProposalId: `${ITEM3}-a` }), CHAIR)
        .thenRefused("BAD_INPUT", /Proposal kf-2026-12-14-3-a is not on this item/);
    });

    it("refuses a Nej proposal that does not exist", () => {
      given(onItem())
        .when(openVote({ noProposalId: `${ITEM2}-z` }), CHAIR)
        .thenRefused("BAD_INPUT", /Proposal kf-2026-12-14-2-z is not on this item/);
    });

    it("refuses the same proposal on both sides", () => {
      given(onItem())
        .when(openVote({ yesProposalId: `${ITEM2}-b`, noProposalId: `${ITEM2}-b` }), CHAIR)
        .thenRefused("BAD_INPUT", /The Ja and Nej sides must be different proposals/);
    });

    it("refuses an item that is not the current one", () => {
      given(onItem([], ITEM1)).when(openVote(), CHAIR).thenRefused("CONFLICT", /Item §2 is not the current item/);
    });
  });

  describe("when the eligible list is frozen", () => {
    it("lists the serving members in seat order (numeric), absentees left out, the chair last", () => {
      const state = given(onItem([3, 10])).when(openVote(), CHAIR).thenState();
      const vote = voteIn(state);
      assert.equal(vote.eligible.length, 43);
      assert.equal(vote.present, 43);
      assert.deepEqual(vote.eligible.slice(0, 9), [
        "member-2", "member-4", "member-5", "member-6", "member-7", "member-8", "member-9", "member-11", "member-12",
      ]);
      assert.deepEqual(vote.eligible.slice(-3), ["member-44", "member-45", "member-1"]);
      assert.equal(vote.chairMemberId, CHAIR);
    });

    it("puts a serving substitute in the place of the seat they serve", () => {
      const history = [...opened(), ...rollCall([5]), substituteAssigned(5, "sub-S-1"), currentItemSet()];
      const vote = voteIn(given(history).when(openVote(), CHAIR).thenState());
      assert.deepEqual(vote.eligible.slice(0, 5), ["member-2", "member-3", "member-4", "sub-S-1", "member-6"]);
      assert.equal(vote.eligible.length, 45);
      assert.equal(vote.present, 45);
    });

    it("has no chair when the chair's seat is served by a substitute", () => {
      const history = [...opened(), ...rollCall([1]), substituteAssigned(1, "sub-S-1"), currentItemSet()];
      const eligible = ["sub-S-1", ...seatNumbers(2, SEATS).map(member)];
      given(history).when(openVote(), CHAIR).then([voteOpenedEvent({ eligible, seats: seatNumbers(1, SEATS), present: 45, chairMemberId: null })]);
    });
  });

  describe("when quorum is at the edge (45 seats: 23 needed)", () => {
    it("is refused with 22 seats served", () => {
      given(onItem(seatNumbers(23, 45)))
        .when(openVote(), CHAIR)
        .thenRefused("CONFLICT", /The meeting is not quorate: 22 seats are served, 23 are needed/);
    });

    it("opens with 23 seats served", () => {
      const absent = seatNumbers(24, 45);
      given(onItem(absent)).when(openVote(), CHAIR).then([voteOpenedEvent({ eligible: callOrder(absent), present: 23 })]);
    });

    it("counts a serving substitute towards quorum", () => {
      const history = [...opened(), ...rollCall(seatNumbers(23, 45)), substituteAssigned(23, "sub-SD-1"), currentItemSet()];
      const eligible = [...seatNumbers(2, 22).map(member), "sub-SD-1", CHAIR];
      given(history).when(openVote(), CHAIR).then([voteOpenedEvent({ eligible, seats: [...seatNumbers(2, 23), 1], present: 23 })]);
    });

    it("counts the attendance in effect: a member leaving during the item still counts on it", () => {
      const history = [...onItem(seatNumbers(24, 45)), attendanceRecorded(member(23), false)];
      const vote = voteIn(given(history).when(openVote(), CHAIR).thenState());
      assert.equal(vote.present, 23);
      assert.ok(vote.eligible.includes(member(23)));
    });

    it("the member who left is gone from the next item, and with them quorum", () => {
      const history = [...onItem(seatNumbers(24, 45)), attendanceRecorded(member(23), false), currentItemSet(ITEM3)];
      given(history)
        .when(openVote({ itemId: ITEM3, yesProposalId: `${ITEM3}-a`, noProposalId: `${ITEM3}-b` }), CHAIR)
        .thenRefused("CONFLICT", /22 seats are served, 23 are needed/);
    });
  });

  describe("when the vote is open", () => {
    it("refuses another vote", () => {
      given(voteOpen()).when(openVote({ voteId: "vote-2" }), CHAIR).thenRefused("CONFLICT", /Another vote is open: close it first/);
    });
  });

  describe("when the vote is closed", () => {
    it("a second vote on the item is round 2, between the proposals still in play", () => {
      // Round 1 put -a (Ja) against -b (Nej); whatever ANY_RESULT says, one of them is out now.
      const history = [...voteOpen(), voteClosed(ANY_RESULT)];
      const loser = ANY_RESULT.outcome === "YES" ? `${ITEM2}-b` : `${ITEM2}-a`;
      const winner = loser === `${ITEM2}-a` ? `${ITEM2}-b` : `${ITEM2}-a`;
      given(history)
        .when(openVote({ voteId: "vote-2", yesProposalId: winner, noProposalId: `${ITEM2}-c` }), CHAIR)
        .then([voteOpenedEvent({ voteId: "vote-2", round: 2, yesProposalId: winner, noProposalId: `${ITEM2}-c`, eligible: callOrder(), present: 45 })]);
      given(history)
        .when(openVote({ voteId: "vote-2", yesProposalId: loser, noProposalId: `${ITEM2}-c` }), CHAIR)
        .thenRefused("CONFLICT", /lost an earlier round and is out of play/);
    });

    it("refuses an existing vote id", () => {
      given([...voteOpen(), voteClosed(ANY_RESULT)])
        .when(openVote({ yesProposalId: null, noProposalId: null }), CHAIR)
        .thenRefused("CONFLICT", /Vote vote-1 already exists/);
    });
  });

  describe("when the item is decided", () => {
    it("refuses a vote", () => {
      const history = [...onItem(), by(CLERK, { type: "DecisionRecorded", data: { meetingId: MEETING, itemId: ITEM2, text: "Bifall." } })];
      given(history).when(openVote(), CHAIR).thenRefused("CONFLICT", /Item §2 is already decided/);
    });
  });

  describe("when the meeting is scheduled", () => {
    it("is refused", () => {
      given(scheduled()).when(openVote(), CHAIR).thenRefused("CONFLICT", /The meeting is not open yet/);
    });
  });

  describe("when the meeting is closed", () => {
    it("is refused", () => {
      given([...onItem(), by(CHAIR, { type: "MeetingClosed", data: { meetingId: MEETING } })])
        .when(openVote(), CHAIR)
        .thenRefused("CONFLICT", /The meeting is closed/);
    });
  });
});

describe("CastBallot", () => {
  describe("when the vote is open", () => {
    it("a serving member answers from their device", () => {
      given(voteOpen())
        .when(castBallot("YES", "k1"), member(2))
        .then([
          {
            type: "BallotCast",
            data: { meetingId: MEETING, voteId: VOTE, memberId: member(2), choice: "YES", source: "DEVICE", idempotencyKey: "k1" },
          },
        ]);
    });

    it("the chair answers too", () => {
      const vote = voteIn(given(voteOpen()).when(castBallot("NO", "c1"), CHAIR).thenState());
      assert.equal(vote.ballots.get(CHAIR)?.choice, "NO");
      assert.deepEqual(vote.counts, { yes: 0, no: 1, abstain: 0 });
    });

    it("a serving substitute answers for the seat", () => {
      const history = [...opened(), ...rollCall([5]), substituteAssigned(5, "sub-S-1"), currentItemSet()];
      const eligible = [...seatNumbers(2, 4).map(member), "sub-S-1", ...seatNumbers(6, SEATS).map(member), CHAIR];
      given([...history, by(CHAIR, voteOpenedEvent({ eligible, present: 45 }))])
        .when(castBallot("ABSTAIN", "s1"), "sub-S-1")
        .then([
          {
            type: "BallotCast",
            data: { meetingId: MEETING, voteId: VOTE, memberId: "sub-S-1", choice: "ABSTAIN", source: "DEVICE", idempotencyKey: "s1" },
          },
        ]);
    });

    it("refuses a member who does not serve in a seat", () => {
      given(voteOpen({ absentSeats: [7] }))
        .when(castBallot("YES", "k1"), member(7))
        .thenRefused("FORBIDDEN", /You are not serving in a seat in this vote/);
    });

    it("refuses a member who arrived during the item: they serve from the next one", () => {
      const history = [...onItem([7]), attendanceRecorded(member(7), true), voteOpened({ absentSeats: [7] })];
      given(history).when(castBallot("YES", "k1"), member(7)).thenRefused("FORBIDDEN", /not serving in a seat in this vote/);
    });

    it("refuses a substitute who is present but not serving", () => {
      given([...opened(), ...rollCall(), attendanceRecorded("sub-S-1", true), currentItemSet(), voteOpened()])
        .when(castBallot("YES", "k1"), "sub-S-1")
        .thenRefused("FORBIDDEN", /not serving in a seat/);
    });

    for (const actor of [CLERK, "observer", "someone-unknown"]) {
      it(`refuses ${actor}, who is not a member`, () => {
        given(voteOpen()).when(castBallot("YES", "k1"), actor).thenRefused("FORBIDDEN", /Only members vote/);
      });
    }

    it("refuses an unknown vote", () => {
      given(voteOpen()).when(castBallot("YES", "k1", "vote-9"), member(2)).thenRefused("NOT_FOUND", /Vote vote-9 was not found/);
    });

    it("refuses a blank idempotency key", () => {
      given(voteOpen()).when(castBallot("YES", "  "), member(2)).thenRefused("BAD_INPUT", /idempotency key must be 1-200 characters/);
    });

    it("refuses an idempotency key longer than 200 characters", () => {
      given(voteOpen())
        .when(castBallot("YES", "k".repeat(201)), member(2))
        .thenRefused("BAD_INPUT", /idempotency key must be 1-200 characters/);
    });

    it("scopes idempotency keys by user: another member's same key is a new ballot", () => {
      given([...voteOpen(), ballotCast(member(2), "YES", "k1")])
        .when(castBallot("NO", "k1"), member(3))
        .then([
          {
            type: "BallotCast",
            data: { meetingId: MEETING, voteId: VOTE, memberId: member(3), choice: "NO", source: "DEVICE", idempotencyKey: "k1" },
          },
        ]);
    });
  });

  describe("when the member has answered", () => {
    const answered = (): Given[] => [...voteOpen(), ballotCast(member(2), "YES", "k1")];

    it("a retry with the same key and answer appends nothing", () => {
      given(answered()).when(castBallot("YES", "k1"), member(2)).then([]);
    });

    it("the same key with another answer is refused", () => {
      given(answered())
        .when(castBallot("NO", "k1"), member(2))
        .thenRefused("CONFLICT", /This idempotency key was already used for a different answer/);
    });

    it("a changed answer with a new key is appended", () => {
      given(answered())
        .when(castBallot("NO", "k2"), member(2))
        .then([
          {
            type: "BallotCast",
            data: { meetingId: MEETING, voteId: VOTE, memberId: member(2), choice: "NO", source: "DEVICE", idempotencyKey: "k2" },
          },
        ]);
    });

    it("the tally counts only the last answer", () => {
      const history = [...answered(), ...ballots([3, 4], "YES")];
      const vote = voteIn(given(history).when(castBallot("NO", "k2"), member(2)).thenState());
      assert.deepEqual(vote.counts, { yes: 2, no: 1, abstain: 0 });
      assert.equal(vote.ballots.get(member(2))?.choice, "NO");
      assert.equal(vote.ballots.size, 3);
    });

    it("the result counts only the last answer", () => {
      given([...answered(), ballotCast(member(2), "ABSTAIN", "k2"), ballotCast(member(3), "NO", "k3")])
        .when(closeVote(), CHAIR)
        .then([
          {
            type: "VoteClosed",
            data: {
              meetingId: MEETING,
              voteId: VOTE,
              result: { outcome: "NO", decidedBy: "MAJORITY", yes: 0, no: 1, abstain: 1, absent: 43 },
            },
          },
        ]);
    });
  });

  describe("when the vote is closed", () => {
    const closedVote = (): Given[] => [...voteOpen(), ballotCast(member(2), "YES", "k1"), voteClosed(ANY_RESULT)];

    it("a new answer is refused", () => {
      given(closedVote()).when(castBallot("NO", "k2"), member(2)).thenRefused("CONFLICT", /The vote is closed/);
    });

    it("a first answer is refused", () => {
      given(closedVote()).when(castBallot("YES", "k3"), member(3)).thenRefused("CONFLICT", /The vote is closed/);
    });

    it("a late retry of an answer already counted appends nothing", () => {
      given(closedVote()).when(castBallot("YES", "k1"), member(2)).then([]);
    });
  });
});

describe("RecordBallot", () => {
  describe("when the vote is open", () => {
    it("a clerk records a member's answer, marked as recorded by the clerk", () => {
      given(voteOpen())
        .when(recordBallot(member(9), "NO", "paper-9"), CLERK)
        .then([
          {
            type: "BallotCast",
            data: { meetingId: MEETING, voteId: VOTE, memberId: member(9), choice: "NO", source: "CLERK", idempotencyKey: "paper-9" },
          },
        ]);
    });

    it("the ballot keeps who recorded it", () => {
      const ballot = voteIn(given(voteOpen()).when(recordBallot(member(9), "NO", "paper-9"), CLERK).thenState()).ballots.get(member(9));
      assert.equal(ballot?.source, "CLERK");
      assert.equal(ballot?.recordedBy, CLERK);
    });

    it("the chair may record an answer", () => {
      given(voteOpen())
        .when(recordBallot(member(9), "YES", "roll-9"), CHAIR)
        .then([
          {
            type: "BallotCast",
            data: { meetingId: MEETING, voteId: VOTE, memberId: member(9), choice: "YES", source: "CLERK", idempotencyKey: "roll-9" },
          },
        ]);
    });

    for (const actor of [member(2), "observer", "admin"]) {
      it(`is refused to ${actor}`, () => {
        given(voteOpen())
          .when(recordBallot(member(9), "YES", "k"), actor)
          .thenRefused("FORBIDDEN", /Only the chair or a clerk records a member's answer/);
      });
    }

    it("refuses an unknown vote", () => {
      given(voteOpen()).when(recordBallot(member(9), "YES", "k", "vote-9"), CLERK).thenRefused("NOT_FOUND", /Vote vote-9 was not found/);
    });

    it("refuses an unknown member", () => {
      given(voteOpen())
        .when(recordBallot("member-99", "YES", "k"), CLERK)
        .thenRefused("NOT_FOUND", /Member member-99 of Exempelstads kommunfullmäktige was not found/);
    });

    it("refuses a blank idempotency key", () => {
      given(voteOpen())
        .when(recordBallot(member(9), "YES", ""), CLERK)
        .thenRefused("BAD_INPUT", /idempotency key must be 1-200 characters/);
    });

    it("refuses a member who is not eligible", () => {
      given(voteOpen({ absentSeats: [9] }))
        .when(recordBallot(member(9), "YES", "k"), CLERK)
        .thenRefused("CONFLICT", /is not eligible in this vote/);
    });
  });

  describe("when the clerk has recorded an answer", () => {
    const recorded = (): Given[] => [...voteOpen(), ballotCast(member(9), "NO", "paper-9", CLERK)];

    it("a retry with the same key appends nothing", () => {
      given(recorded()).when(recordBallot(member(9), "NO", "paper-9"), CLERK).then([]);
    });

    it("the same key for another answer is refused", () => {
      given(recorded())
        .when(recordBallot(member(9), "YES", "paper-9"), CLERK)
        .thenRefused("CONFLICT", /already used for a different answer/);
    });

    it("the same key for another member is refused", () => {
      given(recorded())
        .when(recordBallot(member(10), "NO", "paper-9"), CLERK)
        .thenRefused("CONFLICT", /already used for a different answer/);
    });

    it("another clerk's same key is a new ballot", () => {
      given(recorded())
        .when(recordBallot(member(9), "YES", "paper-9"), "clerk-2")
        .then([
          {
            type: "BallotCast",
            data: { meetingId: MEETING, voteId: VOTE, memberId: member(9), choice: "YES", source: "CLERK", idempotencyKey: "paper-9" },
          },
        ]);
    });
  });

  describe("when the vote is closed", () => {
    it("is refused", () => {
      given([...voteOpen(), voteClosed(ANY_RESULT)])
        .when(recordBallot(member(9), "YES", "k"), CLERK)
        .thenRefused("CONFLICT", /The vote is closed/);
    });
  });
});

describe("CloseVote", () => {
  const closedWith = (result: VoteResultRecord): CouncilEvent[] => [
    { type: "VoteClosed", data: { meetingId: MEETING, voteId: VOTE, result } },
  ];

  describe("when the vote is open", () => {
    it("more Ja than Nej: YES by majority, the silent counted absent", () => {
      given([...voteOpen(), ...ballots([2, 3, 4], "YES"), ...ballots([5, 6], "NO"), ...ballots([7], "ABSTAIN")])
        .when(closeVote(), CHAIR)
        .then(closedWith({ outcome: "YES", decidedBy: "MAJORITY", yes: 3, no: 2, abstain: 1, absent: 39 }));
    });

    it("more Nej than Ja: NO by majority", () => {
      given([...voteOpen(), ...ballots([2], "YES"), ...ballots([5, 6], "NO")])
        .when(closeVote(), CHAIR)
        .then(closedWith({ outcome: "NO", decidedBy: "MAJORITY", yes: 1, no: 2, abstain: 0, absent: 42 }));
    });

    it("a tie with the chair on Ja: YES by casting vote", () => {
      given([...voteOpen(), ballotCast(CHAIR, "YES", "c1"), ...ballots([5], "NO")])
        .when(closeVote(), CHAIR)
        .then(closedWith({ outcome: "YES", decidedBy: "CASTING_VOTE", yes: 1, no: 1, abstain: 0, absent: 43 }));
    });

    it("a tie with the chair on Nej: NO by casting vote", () => {
      given([...voteOpen(), ballotCast(CHAIR, "NO", "c1"), ...ballots([5], "YES")])
        .when(closeVote(), CHAIR)
        .then(closedWith({ outcome: "NO", decidedBy: "CASTING_VOTE", yes: 1, no: 1, abstain: 0, absent: 43 }));
    });

    it("a tie with the chair abstaining: TIE", () => {
      given([...voteOpen(), ballotCast(CHAIR, "ABSTAIN", "c1"), ...ballots([4], "YES"), ...ballots([5], "NO")])
        .when(closeVote(), CHAIR)
        .then(closedWith({ outcome: "TIE", decidedBy: null, yes: 1, no: 1, abstain: 1, absent: 42 }));
    });

    it("a tie without the chair's answer: TIE", () => {
      given([...voteOpen(), ...ballots([4], "YES"), ...ballots([5], "NO")])
        .when(closeVote(), CHAIR)
        .then(closedWith({ outcome: "TIE", decidedBy: null, yes: 1, no: 1, abstain: 0, absent: 43 }));
    });

    it("the chair's changed answer is the one that breaks the tie", () => {
      given([...voteOpen(), ballotCast(CHAIR, "YES", "c1"), ballotCast(CHAIR, "NO", "c2"), ...ballots([5], "YES")])
        .when(closeVote(), CHAIR)
        .then(closedWith({ outcome: "NO", decidedBy: "CASTING_VOTE", yes: 1, no: 1, abstain: 0, absent: 43 }));
    });

    it("two thirds of 45 present: 29 Ja is NO", () => {
      given([...voteOpen({ majority: "TWO_THIRDS_OF_PRESENT" }), ...ballots(seatNumbers(2, 30), "YES"), ...ballots([31], "NO")])
        .when(closeVote(), CHAIR)
        .then(closedWith({ outcome: "NO", decidedBy: "MAJORITY", yes: 29, no: 1, abstain: 0, absent: 15 }));
    });

    it("two thirds of 45 present: 30 Ja is YES", () => {
      given([...voteOpen({ majority: "TWO_THIRDS_OF_PRESENT" }), ...ballots(seatNumbers(2, 31), "YES")])
        .when(closeVote(), CHAIR)
        .then(closedWith({ outcome: "YES", decidedBy: "MAJORITY", yes: 30, no: 0, abstain: 0, absent: 15 }));
    });

    it("two thirds of 44 present: 29 Ja is NO", () => {
      given([...voteOpen({ majority: "TWO_THIRDS_OF_PRESENT", absentSeats: [45] }), ...ballots(seatNumbers(2, 30), "YES")])
        .when(closeVote(), CHAIR)
        .then(closedWith({ outcome: "NO", decidedBy: "MAJORITY", yes: 29, no: 0, abstain: 0, absent: 15 }));
    });

    it("marks the vote closed and frees the meeting", () => {
      const state = given([...voteOpen(), ...ballots([2], "YES")]).when(closeVote(), CHAIR).thenState();
      assert.equal(voteIn(state).status, "CLOSED");
      assert.equal(voteIn(state).result?.outcome, "YES");
      assert.equal(meetingIn(state).openVoteId, null);
    });

    it("is refused to a clerk", () => {
      given(voteOpen()).when(closeVote(), CLERK).thenRefused("FORBIDDEN", /Only the chair closes a vote/);
    });

    it("refuses an unknown vote", () => {
      given(voteOpen()).when(closeVote("vote-9"), CHAIR).thenRefused("NOT_FOUND", /Vote vote-9 was not found/);
    });
  });

  describe("when the vote is closed", () => {
    it("refuses to close it again", () => {
      given([...voteOpen(), voteClosed(ANY_RESULT)]).when(closeVote(), CHAIR).thenRefused("CONFLICT", /The vote is closed/);
    });
  });
});

describe("RecordDecision", () => {
  describe("when an item is current", () => {
    it("a clerk records the decision, trimmed", () => {
      given(onItem())
        .when(recordDecision("  Fullmäktige fastställer budget 2027.  "), CLERK)
        .then([{ type: "DecisionRecorded", data: { meetingId: MEETING, itemId: ITEM2, text: "Fullmäktige fastställer budget 2027." } }]);
    });

    it("the chair records a decision on another item", () => {
      given(onItem())
        .when(recordDecision("Bifall.", ITEM1), CHAIR)
        .then([{ type: "DecisionRecorded", data: { meetingId: MEETING, itemId: ITEM1, text: "Bifall." } }]);
    });

    it("the item carries the decision", () => {
      const item = meetingIn(given(onItem()).when(recordDecision("Bifall."), CLERK).thenState()).items.get(ITEM2);
      assert.equal(item?.decision, "Bifall.");
    });

    for (const actor of [member(2), "observer"]) {
      it(`is refused to ${actor}`, () => {
        given(onItem()).when(recordDecision("Bifall."), actor).thenRefused("FORBIDDEN", /Only the chair or a clerk records a decision/);
      });
    }

    it("refuses an unknown item", () => {
      given(onItem())
        .when(recordDecision("Bifall.", `${MEETING}-99`), CLERK)
        .thenRefused("NOT_FOUND", /Agenda item kf-2026-12-14-99 was not found/);
    });

    it("refuses a blank text", () => {
      given(onItem()).when(recordDecision(" \n "), CLERK).thenRefused("BAD_INPUT", /The decision needs a text/);
    });

    it("refuses a text longer than 20000 characters", () => {
      given(onItem()).when(recordDecision("x".repeat(20_001)), CLERK).thenRefused("BAD_INPUT", /longer than 20000 characters/);
    });
  });

  describe("when the vote is open", () => {
    it("refuses a decision on the item voted on", () => {
      given(voteOpen())
        .when(recordDecision("Bifall."), CLERK)
        .thenRefused("CONFLICT", /A vote on this item is open: close it before recording the decision/);
    });
  });

  describe("when the vote is closed", () => {
    it("records the decision", () => {
      given([...voteOpen(), voteClosed(ANY_RESULT)])
        .when(recordDecision("Bifall till kommunstyrelsens förslag."), CHAIR)
        .then([{ type: "DecisionRecorded", data: { meetingId: MEETING, itemId: ITEM2, text: "Bifall till kommunstyrelsens förslag." } }]);
    });
  });

  describe("when the meeting is scheduled", () => {
    it("is refused", () => {
      given(scheduled()).when(recordDecision("Bifall."), CLERK).thenRefused("CONFLICT", /The meeting is not open yet/);
    });
  });

  describe("when the meeting is closed", () => {
    it("is refused", () => {
      given(closed()).when(recordDecision("Bifall."), CLERK).thenRefused("CONFLICT", /The meeting is closed/);
    });
  });
});

describe("CloseMeeting", () => {
  describe("when the meeting is open", () => {
    it("the chair closes it", () => {
      given(onItem()).when(closeMeeting(), CHAIR).then([{ type: "MeetingClosed", data: { meetingId: MEETING } }]);
    });

    it("is refused to a clerk", () => {
      given(opened()).when(closeMeeting(), CLERK).thenRefused("FORBIDDEN", /Only the chair closes the meeting/);
    });

    it("refuses an unknown meeting", () => {
      given(opened()).when(closeMeeting("kf-1999-01-01"), CHAIR).thenRefused("NOT_FOUND", /Meeting kf-1999-01-01 was not found/);
    });
  });

  describe("when the vote is open", () => {
    it("is refused until the vote closes", () => {
      given(voteOpen()).when(closeMeeting(), CHAIR).thenRefused("CONFLICT", /A vote is open: close it before closing the meeting/);
    });
  });

  describe("when the meeting is scheduled", () => {
    it("is refused", () => {
      given(scheduled()).when(closeMeeting(), CHAIR).thenRefused("CONFLICT", /The meeting is not open yet/);
    });
  });

  describe("when the meeting is closed", () => {
    it("refuses to close it again", () => {
      given(closed()).when(closeMeeting(), CHAIR).thenRefused("CONFLICT", /The meeting is closed/);
    });
  });
});
