import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DomainError } from "../domain/errors.js";
import { demoCommands, Script } from "../domain/council/testing.js";
import { minutesOf, type Minutes, type MinutesItem, type MinutesVote, type Person } from "./minutes.js";
import { CHAIR, CLERK, MEETING, PAPER_COUNTED_AT, RESERVATION_TEXT, SERVING_AT_ITEM_2, VOTES, at, item, member, wholeMeeting } from "./testing.js";

/**
 * The minutes of a whole meeting (RULES.md 17), made from the state its history builds: exactly the
 * ballots cast, who served in each seat at each item, and where that changed.
 */

const { register, schedule } = demoCommands();
const HEAD = { seq: 1234, hash: "ab".repeat(32) };
const GENERATED = "2026-12-14T19:00:00.000Z";

function played(close = false): Script {
  const meeting = wholeMeeting();
  const script = new Script([
    { type: "AssemblyRegistered", data: register.data },
    { type: "MeetingScheduled", data: schedule.data },
  ]);
  for (const step of close ? [...meeting.steps, meeting.close] : meeting.steps) script.run(step.command, step.actor, step.at);
  return script;
}

const people = new Map(register.data.members.map((m) => [m.id, { id: m.id, name: m.name, party: m.party, kind: m.kind }]));
function person(id: string): Person {
  const p = people.get(id);
  assert.ok(p, `the demo roster has ${id}`);
  return p;
}

function itemIn(minutes: Minutes, n: number): MinutesItem {
  const found = minutes.items.find((i) => i.number === n);
  assert.ok(found, `§ ${n} is in the minutes`);
  return found;
}

function voteIn(minutes: Minutes, voteId: string): MinutesVote {
  const found = minutes.items.flatMap((i) => i.votes).find((v) => v.id === voteId);
  assert.ok(found, `vote ${voteId} is in the minutes`);
  return found;
}

/** Who served in each seat: the holder unless `except` says otherwise (null: nobody). */
function servedBy(except: Record<number, string | null>): Array<string | null> {
  return Array.from({ length: 45 }, (_, i) => (i + 1 in except ? (except[i + 1] ?? null) : member(i + 1)));
}

describe("minutesOf: a whole meeting", () => {
  const meeting = wholeMeeting();
  const minutes = minutesOf(played().state, MEETING, HEAD, GENERATED);

  it("names the format, the head and time it was made from, the assembly and the meeting", () => {
    assert.equal(minutes.format, "council-minutes/1");
    assert.deepEqual(minutes.ledgerHead, HEAD);
    assert.equal(minutes.generatedAt, GENERATED);
    assert.deepEqual(minutes.assembly, { id: "kf", name: "Exempelstads kommunfullmäktige", seatCount: 45 });
    assert.deepEqual(minutes.meeting, {
      id: MEETING,
      title: "Kommunfullmäktige 14 december 2026",
      scheduledAt: "2026-12-14T17:00:00.000Z",
      status: "OPEN",
      openedAt: at(0),
      closedAt: null,
      rosterVersion: 1,
      // The presidium's chair (the demo's member-1) presides from the opening.
      presiding: [{ member: people.get("member-1"), from: at(0) }],
    });
    assert.deepEqual(
      minutes.items.map((i) => [i.number, i.takenUp]),
      schedule.data.agenda.map((a) => [a.number, a.number <= 5]),
    );
  });

  it("is plain JSON: written and read back it is the same", () => {
    assert.deepEqual(JSON.parse(JSON.stringify(minutes)), minutes);
  });

  it("holds exactly the ballots cast: each eligible member's last answer, who entered it, nothing more", () => {
    for (const voteId of [VOTES.contra, VOTES.main, VOTES.tax]) {
      const expected = meeting.answers.get(voteId);
      assert.ok(expected);
      const vote = voteIn(minutes, voteId);
      const answered = vote.votingList.filter((l) => l.answer !== null);
      assert.equal(answered.length, expected.size, `${voteId}: as many answers as members answered`);
      for (const line of vote.votingList) {
        const want = expected.get(line.member.id);
        assert.deepEqual(
          { answer: line.answer, recordedBy: line.recordedBy },
          want ? { answer: want.answer, recordedBy: want.recordedBy } : { answer: null, recordedBy: null },
          `${voteId}: ${line.member.id}`,
        );
      }
    }
  });

  it("lists every eligible member with their seat: by seat, a roll-call in call order with the chair last", () => {
    const contra = voteIn(minutes, VOTES.contra);
    assert.deepEqual(
      contra.votingList.map((l) => [l.seat, l.member.id]),
      SERVING_AT_ITEM_2.map((id, i) => [i + 1, id]),
    );
    assert.deepEqual(contra.votingList[2]?.member, person("sub-S-1"));
    const main = voteIn(minutes, VOTES.main);
    assert.deepEqual(
      main.votingList.map((l) => [l.seat, l.member.id]),
      [...SERVING_AT_ITEM_2.slice(1).map((id, i) => [i + 2, id]), [1, CHAIR]],
    );
    // The recused member is not eligible; the substitute standing in is, in their seat.
    assert.ok(!main.votingList.some((l) => l.member.id === member(5)));
    assert.deepEqual(main.votingList.find((l) => l.seat === 5)?.member, person("sub-S-2"));
  });

  it("shows the votes of § 2 in the order held: the contra-proposition round, then the main vote", () => {
    const budget = itemIn(minutes, 2);
    assert.deepEqual(
      budget.votes.map((v) => [v.round, v.id, v.method, v.yesProposal?.label, v.noProposal?.label, v.status]),
      [
        [1, VOTES.contra, "ELECTRONIC", "Moderaternas förslag", "Sverigedemokraternas förslag", "CLOSED"],
        [2, VOTES.main, "ROLL_CALL", "Kommunstyrelsens förslag", "Moderaternas förslag", "CLOSED"],
      ],
    );
    assert.deepEqual(budget.votes[0]?.result, { outcome: "YES", decidedBy: "MAJORITY", yes: 14, no: 8, abstain: 1, absent: 22 });
    assert.deepEqual(budget.votes[1]?.result, { outcome: "YES", decidedBy: "MAJORITY", yes: 21, no: 20, abstain: 3, absent: 1 });
    assert.deepEqual(budget.votes[0]?.openedAt, at(10));
    assert.deepEqual(budget.votes[0]?.closedAt, at(14));
    assert.equal(budget.votes[1]?.majority, "SIMPLE");
    assert.deepEqual(
      budget.proposals.map((p) => p.id),
      [`${item(2)}-a`, `${item(2)}-b`, `${item(2)}-c`],
    );
    assert.deepEqual(budget.adoptedProposal, { id: `${item(2)}-a`, label: "Kommunstyrelsens förslag" });
    assert.match(budget.decision ?? "", /enligt kommunstyrelsens förslag/);
    assert.deepEqual(budget.recusals, [person(member(5))]);
  });

  it("shows the corrected answer with its correction, and the attendance correction", () => {
    const main = voteIn(minutes, VOTES.main);
    assert.deepEqual(main.votingList.find((l) => l.member.id === member(20)), {
      seat: 20,
      member: person(member(20)),
      answer: "NO",
      recordedBy: "CLERK",
      superseded: false,
    });
    assert.equal(main.corrections.length, 1);
    assert.deepEqual({ ...main.corrections[0], seq: 0 }, { memberId: member(20), reason: "Ledamoten svarade nej, inte ja.", seq: 0 });
    assert.ok((main.corrections[0]?.seq ?? 0) > 0, "the correcting entry's seq");
    assert.deepEqual(voteIn(minutes, VOTES.contra).corrections, []);
    assert.deepEqual(
      minutes.attendanceCorrections.map((c) => [c.memberId, c.reason]),
      [[member(45), "Fel ledamot prickades av vid uppropet."]],
    );
  });

  it("shows a hand count that replaced a vote: its count, and the device answers as superseded", () => {
    const tax = voteIn(minutes, VOTES.tax);
    assert.equal(tax.method, "ELECTRONIC");
    assert.deepEqual(tax.handCount, {
      yes: 22,
      no: 19,
      abstain: 2,
      countedAt: at(35),
      reason: "Röstningsanläggningen slutade fungera.",
      enteredBy: CLERK,
      enteredAt: at(36),
    });
    assert.deepEqual(tax.result, { outcome: "YES", decidedBy: "MAJORITY", yes: 22, no: 19, abstain: 2, absent: 1 });
    assert.deepEqual(
      tax.votingList.filter((l) => l.answer !== null).map((l) => [l.member.id, l.answer, l.superseded]),
      [
        [member(2), "YES", true],
        [member(4), "YES", true],
        [member(13), "NO", true],
      ],
    );
    assert.ok(tax.votingList.filter((l) => l.answer === null).every((l) => !l.superseded && l.recordedBy === null));
    // member-10 left during § 2: not eligible on § 3, and seat 10 has nobody in the list.
    assert.equal(tax.votingList.length, 44);
    assert.ok(!tax.votingList.some((l) => l.seat === 10));
  });

  it("shows a vote held on paper, entered afterwards, at the time it was counted, with everyone who served at its item", () => {
    const paper = itemIn(minutes, 4);
    assert.equal(paper.votes.length, 1);
    const vote = paper.votes[0];
    assert.ok(vote);
    assert.equal(vote.id, VOTES.paper);
    assert.equal(vote.method, "HAND_COUNT");
    assert.equal(vote.openedAt, PAPER_COUNTED_AT);
    assert.equal(vote.handCount?.countedAt, PAPER_COUNTED_AT);
    assert.equal(vote.handCount?.enteredAt, at(52));
    assert.deepEqual(vote.result, { outcome: "YES", decidedBy: "MAJORITY", yes: 30, no: 12, abstain: 1, absent: 2 });
    assert.equal(vote.votingList.length, 45);
    assert.ok(vote.votingList.every((l) => l.answer === null && l.recordedBy === null && !l.superseded));
    assert.deepEqual(vote.votingList.find((l) => l.seat === 10)?.member, person("sub-S-3"));
    assert.deepEqual(paper.adoptedProposal, { id: `${item(4)}-a`, label: "Kommunstyrelsens förslag" });
    assert.equal(paper.decision, "Motionen avslås.");
  });

  it("shows who served in each seat at each item taken up, and nothing for the others", () => {
    const expected: Record<number, Array<string | null>> = {
      1: servedBy({ 3: "sub-S-1" }),
      2: servedBy({ 3: "sub-S-1", 5: "sub-S-2" }),
      3: servedBy({ 3: "sub-S-1", 10: null }),
      4: servedBy({ 3: "sub-S-1", 10: "sub-S-3" }),
      // The correction of member-45's attendance during § 5 takes effect from the next item.
      5: servedBy({ 3: "sub-S-1", 10: "sub-S-3" }),
    };
    for (const [n, serving] of Object.entries(expected)) {
      const seating = itemIn(minutes, Number(n)).seating;
      assert.ok(seating, `§ ${n} has its seating`);
      assert.deepEqual(
        seating.map((s) => s.servedBy?.id ?? null),
        serving,
        `§ ${n}`,
      );
      assert.deepEqual(
        seating.map((s) => s.holder.id),
        servedBy({}),
      );
    }
    assert.deepEqual(itemIn(minutes, 2).seating?.[4], { seat: 5, holder: person(member(5)), servedBy: person("sub-S-2"), recused: person(member(5)) });
    assert.ok(itemIn(minutes, 3).seating?.every((s) => s.recused === null));
    for (const n of [6, 7, 8, 9, 10]) {
      const never = itemIn(minutes, n);
      assert.deepEqual([never.takenUp, never.seating, never.changes, never.votes, never.decision], [false, null, [], [], null], `§ ${n}`);
    }
  });

  it("shows where the seating changed: substitutes, jäv, a member leaving and returning", () => {
    const changes = (n: number) => itemIn(minutes, n).changes.map((c) => [c.seat, c.from?.id ?? null, c.to?.id ?? null, c.why]);
    assert.deepEqual(changes(1), [[3, member(3), "sub-S-1", "SUBSTITUTE"]]);
    assert.deepEqual(changes(2), [[5, member(5), "sub-S-2", "RECUSAL"]]);
    assert.deepEqual(changes(3), [
      [5, "sub-S-2", member(5), "RETURNED"],
      [10, member(10), null, "ABSENT"],
    ]);
    assert.deepEqual(changes(4), [[10, null, "sub-S-3", "SUBSTITUTE"]]);
    assert.deepEqual(changes(5), []);
    assert.deepEqual(itemIn(minutes, 1).changes[0]?.from, person(member(3)));
  });

  it("shows the reservations with who entered them and when", () => {
    assert.deepEqual(itemIn(minutes, 2).reservations, [
      { member: person(member(13)), text: RESERVATION_TEXT, recordedBy: CLERK, recordedAt: at(27) },
      { member: person(member(23)), text: null, recordedBy: CHAIR, recordedAt: at(27) },
    ]);
    assert.deepEqual(itemIn(minutes, 3).reservations, []);
  });

  it("shows the meeting closed, with when, once it is", () => {
    const closed = minutesOf(played(true).state, MEETING, HEAD, GENERATED);
    assert.deepEqual([closed.meeting.status, closed.meeting.closedAt], ["CLOSED", at(70)]);
    assert.deepEqual(closed.items, minutes.items);
  });

  it("refuses a meeting it does not have: NOT_FOUND", () => {
    assert.throws(
      () => minutesOf(played().state, "no-such-meeting", HEAD, GENERATED),
      (e: unknown) => e instanceof DomainError && e.code === "NOT_FOUND",
    );
  });
});
