import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEMO_MEETING_ID } from "../demo/council.js";
import type { CouncilEvent } from "../domain/council/events.js";
import { AT, demoCommands, given, stateOf, type Given } from "../domain/council/testing.js";
import { DomainError } from "../domain/errors.js";
import { renderPaperKit } from "./paperKit.js";

/**
 * The paper kit (issue 6) of the demo council: 45 seats, member-1 (seat 1) chairs, substitutes
 * sub-<party>-<rank>. What a clerk would see on the printed sheets, read back from the HTML.
 */

const { register, schedule } = demoCommands();
const MEETING = DEMO_MEETING_ID;
const CHAIR = "member-1";
const CLERK = "clerk-1";
const GENERATED = "2026-12-10T13:03:00.000Z";
const ITEMS = schedule.data.agenda.length;
const nameOf = (id: string): string => {
  const member = register.data.members.find((m) => m.id === id);
  assert.ok(member, `demo member ${id}`);
  return member.name;
};

const by = (actor: string, event: CouncilEvent): Given => ({ event, actor });
const scheduled: Given[] = [
  { type: "AssemblyRegistered", data: register.data },
  { type: "MeetingScheduled", data: schedule.data },
];
const item = (n: number): string => `${MEETING}-${n}`;

/** Open, every holder present except `absentSeats`, then `changes`, then on item `current`. */
function inSession(absentSeats: readonly number[], changes: readonly Given[], current: number): Given[] {
  return [
    ...scheduled,
    by(CHAIR, { type: "MeetingOpened", data: { meetingId: MEETING } }),
    ...Array.from({ length: 45 }, (_, i) =>
      by(CLERK, { type: "AttendanceRecorded", data: { meetingId: MEETING, memberId: `member-${i + 1}`, present: !absentSeats.includes(i + 1) } }),
    ),
    ...changes,
    by(CHAIR, { type: "CurrentItemSet", data: { meetingId: MEETING, itemId: item(current) } }),
  ];
}

interface Sheet {
  readonly kind: string;
  readonly html: string;
}

/** The kit's sheets, in print order. */
function sheetsOf(html: string): Sheet[] {
  return html
    .split('<section class="sheet ')
    .slice(1)
    .map((part) => ({ kind: part.slice(0, part.indexOf('"')), html: part }));
}

/** The seat numbers of a sheet's rows, top to bottom. */
const seatsOf = (sheet: Sheet): number[] => [...sheet.html.matchAll(/<tr data-seat="(\d+)">/g)].map((m) => Number(m[1]));

/** A roll-call row's cells' text (tags dropped). */
function rowOf(sheet: Sheet, seat: number): string[] {
  const row = new RegExp(`<tr data-seat="${seat}">(.*?)</tr>`).exec(sheet.html)?.[1];
  assert.ok(row, `a row for seat ${seat}`);
  return [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => (m[1] ?? "").replace(/<span class="vh">.*?<\/span>/g, "").replace(/<[^>]+>/g, "").trim());
}

const rollCalls = (html: string): Sheet[] => sheetsOf(html).filter((s) => s.kind === "roll-call");

describe("the paper kit", () => {
  describe("when the meeting is scheduled", () => {
    const html = renderPaperKit(stateOf(scheduled), MEETING, "sv", GENERATED);

    it("has one attendance sheet, then one roll-call sheet per agenda item", () => {
      assert.deepEqual(
        sheetsOf(html).map((s) => s.kind),
        ["attendance", ...Array.from({ length: ITEMS }, () => "roll-call")],
      );
      assert.equal(ITEMS, 10);
      const titles = rollCalls(html).map((s) => /<h2 id="[^"]+">§&nbsp;(\d+) /.exec(s.html)?.[1]);
      assert.deepEqual(titles, schedule.data.agenda.map((a) => String(a.number)));
    });

    it("lists all 45 seats on every roll-call sheet, seat order with the chair's seat last", () => {
      const expected = [...Array.from({ length: 44 }, (_, i) => i + 2), 1];
      for (const sheet of rollCalls(html)) {
        assert.deepEqual(seatsOf(sheet), expected);
        assert.deepEqual(rowOf(sheet, 1).slice(0, 4), ["45", "1", `${nameOf(CHAIR)} (ordf.)`, "S"]);
        assert.deepEqual(rowOf(sheet, 2).slice(0, 4), ["1", "2", nameOf("member-2"), "S"]);
      }
    });

    it("leaves every Tjänstgör cell to be written in when nobody is seated yet", () => {
      for (const sheet of rollCalls(html)) for (let seat = 1; seat <= 45; seat += 1) assert.equal(rowOf(sheet, seat)[4], "");
    });

    it("lists every seat on the attendance sheet, and the substitutes by party in rank order", () => {
      const [attendance] = sheetsOf(html);
      assert.ok(attendance);
      for (const m of register.data.members) assert.ok(attendance.html.includes(`<td>${m.name}</td>`), m.name);
      const substitutes = [...attendance.html.matchAll(/<tr><td>(\w+)<\/td><td class="num">(\d+)<\/td>/g)].map((m) => `${m[1]}-${m[2]}`);
      assert.deepEqual(
        substitutes,
        register.data.members.filter((m) => m.kind === "SUBSTITUTE").map((m) => `${m.party}-${m.substituteRank}`),
      );
      assert.match(attendance.html, /beslutsfört med minst 23 tjänstgörande/);
    });

    it("dates the meeting in Swedish time and says when it was made", () => {
      assert.match(html, /måndag 14 december 2026 kl\. 18:00/);
      assert.match(html, /Underlaget skapat: torsdag 10 december 2026 kl\. 14:03/);
    });

    it("is one self-contained document: no script, nothing fetched", () => {
      assert.doesNotMatch(html, /<script|<link|<img|<iframe|\ssrc=|\shref=|url\(|@import|https?:/i);
      assert.match(html, /<style>[\s\S]*@page \{ size: A4; margin: 12mm; \}/);
    });
  });

  describe("when the meeting is in session", () => {
    // Seat 2 (S) absent, sub-S-1 serving; member-5 (S) has jäv on item 3, sub-S-2 stands in.
    const history = inSession(
      [2],
      [
        by(CLERK, { type: "SubstituteAssigned", data: { meetingId: MEETING, seat: 2, substituteId: "sub-S-1" } }),
        by(CLERK, { type: "AttendanceRecorded", data: { meetingId: MEETING, memberId: "sub-S-2", present: true } }),
        by(CLERK, { type: "RecusalDeclared", data: { meetingId: MEETING, itemId: item(3), memberId: "member-5" } }),
      ],
      2,
    );
    const state = stateOf(history);
    const html = renderPaperKit(state, MEETING, "sv", GENERATED);

    it("pre-fills the substitute serving in a seat", () => {
      for (const sheet of rollCalls(html)) {
        assert.deepEqual(rowOf(sheet, 2).slice(1, 5), ["2", nameOf("member-2"), "S", nameOf("sub-S-1")]);
        assert.equal(rowOf(sheet, 3)[4], "");
      }
    });

    it("pre-fills the jäv stand-in on the item with the jäv only", () => {
      const sheets = rollCalls(html);
      const [, , onItem3] = sheets;
      assert.ok(onItem3);
      assert.equal(rowOf(onItem3, 5)[4], `${nameOf("sub-S-2")} (jäv: ${nameOf("member-5")})`);
      for (const sheet of sheets.filter((s) => s !== onItem3)) assert.equal(rowOf(sheet, 5)[4], "");
    });

    it("calls the seats in the order the domain calls them when a vote opens", () => {
      const question = "Ja för kommunstyrelsens förslag, nej för Moderaternas yrkande";
      const onItem3 = given([...history, by(CHAIR, { type: "CurrentItemSet", data: { meetingId: MEETING, itemId: item(3) } })])
        .when(
          {
            type: "OpenVote",
            data: { voteId: "v1", itemId: item(3), method: "ROLL_CALL", question, yesProposalId: `${item(3)}-a`, noProposalId: `${item(3)}-b`, majority: "SIMPLE" },
          },
          CHAIR,
        )
        .thenState();
      const vote = onItem3.votes.get("v1");
      assert.ok(vote);
      assert.equal(vote.seats.length, 45);
      const [, , sheet] = rollCalls(renderPaperKit(onItem3, MEETING, "sv", AT));
      assert.ok(sheet);
      assert.deepEqual(seatsOf(sheet), vote.seats);
    });
  });

  it("escapes what the record says: a title with <script> is text", () => {
    const hostile = '<script>alert("x")</script> & \'q\'';
    const html = renderPaperKit(
      stateOf([
        { type: "AssemblyRegistered", data: { ...register.data, name: `KF ${hostile}` } },
        {
          type: "MeetingScheduled",
          data: { ...schedule.data, title: `Möte ${hostile}`, agenda: schedule.data.agenda.map((a) => ({ ...a, title: `${a.title} ${hostile}`, caseNumber: hostile })) },
        },
      ]),
      MEETING,
      "sv",
      GENERATED,
    );
    assert.doesNotMatch(html, /<script|"x"\)/);
    assert.ok(html.includes("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;q&#39;"));
    assert.ok(html.includes(`<title>Pappersunderlag – Möte &#60;script&#62;`));
  });

  it("speaks Swedish or English", () => {
    const state = stateOf(scheduled);
    const sv = renderPaperKit(state, MEETING, "sv", GENERATED);
    const en = renderPaperKit(state, MEETING, "en", GENERATED);
    assert.match(sv, /^<!DOCTYPE html>\n<html lang="sv">/);
    assert.match(en, /^<!DOCTYPE html>\n<html lang="en">/);
    const headers = (html: string) => [...(rollCalls(html)[0]?.html ?? "").matchAll(/<th scope="col">(?:<abbr[^>]*>)?([^<]*)/g)].map((m) => m[1]);
    assert.deepEqual(headers(sv), ["#", "Plats", "Ledamot", "Parti", "Tjänstgör", "Ja", "Nej", "Avstår"]);
    assert.deepEqual(headers(en), ["#", "Seat", "Member", "Party", "Serving", "Yes", "No", "Abstain"]);
    for (const words of ["Närvarolista", "Ersättare", "Summa", "Räknad kl.", "Skäl till handuppräkning", "Sekreterare", "Justeras", "Ja-proposition", "Omröstning nr"]) {
      assert.ok(sv.includes(words), words);
    }
    for (const words of ["Attendance", "Substitutes", "Total", "Counted at", "Reason for the hand count", "Clerk", "Yes proposition", "Vote no."]) {
      assert.ok(en.includes(words), words);
    }
    assert.match(en, /Monday,? 14 December 2026,? (at )?18:00/);
  });

  it("refuses an unknown meeting with NOT_FOUND", () => {
    assert.throws(
      () => renderPaperKit(stateOf(scheduled), "no-such-meeting", "sv", GENERATED),
      (error: unknown) => error instanceof DomainError && error.code === "NOT_FOUND",
    );
  });
});
