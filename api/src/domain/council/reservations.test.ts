import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DEMO_MEETING_ID } from "../../demo/council.js";
import type { CouncilCommand } from "./commands.js";
import { AT, Script, demoCommands, given, type Given } from "./testing.js";

/**
 * Reservations (RULES.md 17; KL 4:27): a member who took part in a decision may reserve against it.
 * The chair or a clerk enters it, once the decision is recorded and before the meeting closes. The
 * council is the demo council: S 1-12, M 13-22, ...; member-1 chairs; substitutes sub-<party>-<rank>.
 */

const { register, schedule } = demoCommands();

const MEETING = DEMO_MEETING_ID;
const CHAIR = "member-1";
const CLERK = "clerk-1";
const ITEM2 = `${MEETING}-2`;
const ITEM3 = `${MEETING}-3`;
const VOTE = "vote-1";
const member = (seat: number): string => `member-${seat}`;
const nameOf = (id: string): string => register.data.members.find((m) => m.id === id)?.name ?? id;

/** Seat 3 (S): its holder absent, the party's first substitute serving. */
const ABSENT = member(3);
const SERVING_SUBSTITUTE = "sub-S-1";
/** Present at the meeting, serving nowhere (every M holder is present). */
const IDLE_SUBSTITUTE = "sub-M-1";
/** Jäv on item 2: the party's next present substitute stands in for them on it. */
const RECUSED = member(5);
const STAND_IN = "sub-S-2";
/** Answered Avstår in the vote that decided item 2. */
const ABSTAINED = member(21);
/** Eligible in that vote, but did not answer. */
const SILENT = member(30);
const TEXT = "Jag reserverar mig mot beslutet till förmån för Moderaternas förslag.";

function reserve(memberId: string, text: string | null = TEXT, itemId: string = ITEM2): CouncilCommand {
  return { type: "RecordReservation", data: { itemId, memberId, text } };
}

/** Open, roll-called (seat 3 absent, its substitute serving, two more present), jäv on item 2, item 2 current. */
function onItem2(): Script {
  const script = new Script([
    { type: "AssemblyRegistered", data: register.data },
    { type: "MeetingScheduled", data: schedule.data },
  ]).run({ type: "OpenMeeting", data: { meetingId: MEETING } }, CHAIR);
  for (let seat = 1; seat <= 45; seat += 1) {
    script.run({ type: "SetAttendance", data: { meetingId: MEETING, memberId: member(seat), present: seat !== 3 } }, CLERK);
  }
  return script
    .run({ type: "AssignSubstitute", data: { meetingId: MEETING, seat: 3, substituteId: SERVING_SUBSTITUTE } }, CLERK)
    .run({ type: "SetAttendance", data: { meetingId: MEETING, memberId: STAND_IN, present: true } }, CLERK)
    .run({ type: "SetAttendance", data: { meetingId: MEETING, memberId: IDLE_SUBSTITUTE, present: true } }, CLERK)
    .run({ type: "DeclareRecusal", data: { itemId: ITEM2, memberId: RECUSED } }, CLERK)
    .run({ type: "SetCurrentItem", data: { meetingId: MEETING, itemId: ITEM2 } }, CHAIR);
}

/** A vote on item 2 held and closed: Ja for the board's proposal, 9-5, one abstaining, the others silent. */
function voted(script: Script = onItem2()): Script {
  script.run(
    {
      type: "OpenVote",
      data: {
        voteId: VOTE,
        itemId: ITEM2,
        method: "ELECTRONIC",
        question: "Ja för kommunstyrelsens förslag, nej för Moderaternas förslag",
        yesProposalId: `${ITEM2}-a`,
        noProposalId: `${ITEM2}-b`,
        majority: "SIMPLE",
      },
    },
    CHAIR,
  );
  const answers: ReadonlyArray<readonly [string, "YES" | "NO" | "ABSTAIN"]> = [
    [member(2), "YES"],
    [CHAIR, "YES"],
    ...[6, 7, 8, 9, 10, 11, 12].map((seat) => [member(seat), "YES"] as const),
    [member(13), "NO"],
    [member(14), "NO"],
    [member(20), "NO"],
    [SERVING_SUBSTITUTE, "NO"],
    [STAND_IN, "NO"],
    [ABSTAINED, "ABSTAIN"],
  ];
  for (const [id, choice] of answers) script.run({ type: "CastBallot", data: { voteId: VOTE, choice, idempotencyKey: "k" } }, id);
  return script.run({ type: "CloseVote", data: { voteId: VOTE } }, CHAIR);
}

function decided(script: Script, itemId: string = ITEM2): Script {
  return script.run({ type: "RecordDecision", data: { itemId, text: "Fullmäktige fastställer budget 2027 enligt kommunstyrelsens förslag." } }, CLERK);
}

const reservationRecorded = (memberId: string, text: string | null = TEXT, itemId: string = ITEM2) => ({
  type: "ReservationRecorded" as const,
  data: { meetingId: MEETING, itemId, memberId, text },
});

describe("RecordReservation", () => {
  describe("when the item's decision is recorded after a vote", () => {
    const history: readonly Given[] = decided(voted()).history;

    it("records a clerk's entry for a member who voted against it, with the text trimmed", () => {
      given(history).when(reserve(member(13), `  ${TEXT}\n`), CLERK).then([reservationRecorded(member(13))]);
    });

    it("records the chair's entry too, and a reservation without a text (null, also for a blank one)", () => {
      given(history).when(reserve(member(13), null), CHAIR).then([reservationRecorded(member(13), null)]);
      given(history).when(reserve(member(13), " \n\t "), CHAIR).then([reservationRecorded(member(13), null)]);
    });

    it("takes a member who voted Nej, a substitute serving in a seat and one standing in for a member with jäv, who both voted", () => {
      for (const id of [member(20), SERVING_SUBSTITUTE, STAND_IN]) given(history).when(reserve(id), CLERK).then([reservationRecorded(id)]);
    });

    it("keeps who entered it and when on the item, in the order recorded", () => {
      const state = new Script(history).run(reserve(member(13)), CLERK, "2026-12-14T18:00:00.000Z").run(reserve(member(14), null), CHAIR).state;
      assert.deepEqual(state.meetings.get(MEETING)?.items.get(ITEM2)?.reservations, [
        { memberId: member(13), text: TEXT, recordedBy: CLERK, recordedAt: "2026-12-14T18:00:00.000Z" },
        { memberId: member(14), text: null, recordedBy: CHAIR, recordedAt: AT },
      ]);
    });

    it("accepts a text of exactly 2000 characters", () => {
      const text = "x".repeat(2000);
      given(history).when(reserve(member(13), text), CLERK).then([reservationRecorded(member(13), text)]);
    });

    describe("refuses, appending nothing", () => {
      it("NOT_FOUND: an unknown item, and an unknown member", () => {
        given(history).when(reserve(member(13), TEXT, "no-such-item"), CLERK).thenRefused("NOT_FOUND", /Agenda item no-such-item/);
        given(history).when(reserve("member-99"), CLERK).thenRefused("NOT_FOUND", /Member member-99/);
      });

      it("FORBIDDEN: a member (even the one reserving), an admin, an observer", () => {
        for (const actor of [member(13), "admin", "observer", "stranger"]) {
          given(history).when(reserve(member(13)), actor).thenRefused("FORBIDDEN", /Only the chair or a clerk records a reservation/);
        }
      });

      it("BAD_INPUT: a text longer than 2000 characters", () => {
        given(history).when(reserve(member(13), "x".repeat(2001)), CLERK).thenRefused("BAD_INPUT", /longer than 2000 characters/);
      });

      it("CONFLICT: a member with jäv on the item", () => {
        given(history)
          .when(reserve(RECUSED), CLERK)
          .thenRefused("CONFLICT", new RegExp(`${nameOf(RECUSED)} declared jäv on §2 and took no part in its decision`));
      });

      it("CONFLICT: a holder who was absent (a substitute served in the seat) and a substitute who served nowhere", () => {
        for (const id of [ABSENT, IDLE_SUBSTITUTE]) {
          given(history).when(reserve(id), CLERK).thenRefused("CONFLICT", new RegExp(`${nameOf(id)} did not serve in a seat when §2 was decided`));
        }
      });

      it("CONFLICT: a member who abstained or did not answer in the vote that decided it took no part (KL 4:27)", () => {
        for (const id of [ABSTAINED, SILENT]) {
          given(history)
            .when(reserve(id), CLERK)
            .thenRefused("CONFLICT", new RegExp(`${nameOf(id)} did not vote Ja or Nej in the vote that decided §2 \\(abstained or did not answer\\)`));
        }
      });

      it("CONFLICT: the same member twice on the item", () => {
        given(new Script(history).run(reserve(member(13)), CLERK).history)
          .when(reserve(member(13), "En gång till."), CHAIR)
          .thenRefused("CONFLICT", new RegExp(`${nameOf(member(13))} has already reserved against the decision on §2`));
      });

      it("in the domain's order: NOT_FOUND before FORBIDDEN before BAD_INPUT before CONFLICT", () => {
        given(history).when(reserve(RECUSED, "x".repeat(2001), "no-such-item"), member(13)).thenRefused("NOT_FOUND");
        given(history).when(reserve(RECUSED, "x".repeat(2001)), member(13)).thenRefused("FORBIDDEN");
        given(history).when(reserve(RECUSED, "x".repeat(2001)), CLERK).thenRefused("BAD_INPUT");
      });
    });
  });

  describe("when the item has no decision yet", () => {
    it("CONFLICT: a reservation is against a decision (even after a vote)", () => {
      given(voted().history).when(reserve(member(13)), CLERK).thenRefused("CONFLICT", /a reservation is against a decision/);
      given(onItem2().history).when(reserve(member(13)), CLERK).thenRefused("CONFLICT", /§2 has no decision yet/);
    });
  });

  describe("when the meeting is closed", () => {
    it("CONFLICT, for a member who took part", () => {
      const closed = decided(voted()).run({ type: "CloseMeeting", data: { meetingId: MEETING } }, CHAIR);
      given(closed.history).when(reserve(member(13)), CLERK).thenRefused("CONFLICT", /The meeting is closed: reservations are recorded before it closes/);
    });
  });

  describe("when the item was decided without a vote (acklamation)", () => {
    const history = decided(onItem2()).history;

    it("takes a member serving in a seat at the item, a substitute in a seat and a stand-in for jäv", () => {
      for (const id of [member(13), SERVING_SUBSTITUTE, STAND_IN]) given(history).when(reserve(id), CLERK).then([reservationRecorded(id)]);
    });

    it("refuses the absent holder, an idle substitute and the member with jäv", () => {
      given(history).when(reserve(ABSENT), CLERK).thenRefused("CONFLICT", /did not serve in a seat when §2 was decided/);
      given(history).when(reserve(IDLE_SUBSTITUTE), CLERK).thenRefused("CONFLICT", /did not serve in a seat/);
      given(history).when(reserve(RECUSED), CLERK).thenRefused("CONFLICT", /declared jäv/);
    });

    it("judges by the seating the item was held with, not the meeting's now", () => {
      // member-13 leaves during item 2 (from item 3 on), the chair moves on, and then the decision on item 2 is recorded.
      const moved = onItem2()
        .run({ type: "SetAttendance", data: { meetingId: MEETING, memberId: member(13), present: false } }, CLERK)
        .run({ type: "SetCurrentItem", data: { meetingId: MEETING, itemId: ITEM3 } }, CHAIR);
      const history = decided(moved).history;
      given(history).when(reserve(member(13)), CLERK).then([reservationRecorded(member(13))]);
      // On item 3 member-13 no longer served.
      given(decided(moved, ITEM3).history).when(reserve(member(13), TEXT, ITEM3), CLERK).thenRefused("CONFLICT", /did not serve in a seat when §3 was decided/);
    });

    it("refuses when the item was never taken up: who served at it is not known", () => {
      const history = decided(onItem2(), ITEM3).history;
      given(history).when(reserve(member(13), TEXT, ITEM3), CLERK).thenRefused("CONFLICT", /§3 was decided without a vote and never taken up/);
    });
  });

  describe("when the item's votes were held with a seating it no longer has", () => {
    it("judges by the votes' frozen eligible lists: a member who voted and then left still took part", () => {
      // member-13 votes on item 2, leaves; the chair moves on and comes back to item 2 without them.
      const script = voted()
        .run({ type: "SetAttendance", data: { meetingId: MEETING, memberId: member(13), present: false } }, CLERK)
        .run({ type: "SetCurrentItem", data: { meetingId: MEETING, itemId: ITEM3 } }, CHAIR)
        .run({ type: "SetCurrentItem", data: { meetingId: MEETING, itemId: ITEM2 } }, CHAIR);
      given(decided(script).history).when(reserve(member(13)), CLERK).then([reservationRecorded(member(13))]);
    });

    it("a cancelled vote decides nothing: the item's seating counts", () => {
      const script = onItem2().run(
        {
          type: "OpenVote",
          data: { voteId: VOTE, itemId: ITEM2, method: "ELECTRONIC", question: "Fel fråga", yesProposalId: null, noProposalId: null, majority: "SIMPLE" },
        },
        CHAIR,
      );
      script.run({ type: "CancelVote", data: { voteId: VOTE, reason: "Fel fråga ställd." } }, CHAIR);
      const history = decided(script).history;
      given(history).when(reserve(member(13)), CLERK).then([reservationRecorded(member(13))]);
      given(history).when(reserve(ABSENT), CLERK).thenRefused("CONFLICT", /did not serve in a seat/);
    });
  });
});
