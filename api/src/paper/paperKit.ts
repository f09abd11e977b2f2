import { notFound } from "../domain/errors.js";
import { getMeeting } from "../domain/council/decide.js";
import { assemblyOfMeeting, presidingMemberOf } from "../domain/council/rosters.js";
import type { MemberRecord } from "../domain/council/events.js";
import { seatViews, substitutesOf } from "../domain/council/procedure.js";
import { quorumRequired } from "../domain/council/result.js";
import type { AssemblyState, CouncilState, ItemState, MeetingState } from "../domain/council/state.js";

/**
 * The paper kit (issue 6): one self-contained HTML document to print before a meeting, for voting on
 * paper while the system is down (RULES.md 14). Inline CSS only: no script, no external asset, so it
 * opens and prints from disk with no network. Pure: time comes in as `generatedAt`.
 */

export type PaperLang = "sv" | "en";

const TEXT = {
  sv: {
    documentTitle: "Pappersunderlag",
    purpose:
      "Underlag för omröstning på papper när systemet inte kan användas. Rösterna förs in i systemet i efterhand, med den tid då de räknades.",
    scheduled: "Sammanträde",
    generated: "Underlaget skapat",
    agenda: "Föredragningslista",
    item: "Ärende",
    caseNumber: "Diarienummer",
    attendance: "Närvarolista",
    presentTotal: "Närvarande totalt",
    quorumNote: "beslutsfört med minst {n} tjänstgörande",
    seat: "Plats",
    member: "Ledamot",
    party: "Parti",
    present: "Närvarande",
    servingSubstitute: "Tjänstgörande ersättare",
    substitutes: "Ersättare",
    rank: "Ordning",
    name: "Namn",
    noSubstitutes: "Inga ersättare.",
    rollCall: "Omröstning – namnupprop",
    voteNumber: "Omröstning nr",
    yesProposition: "Ja-proposition",
    noProposition: "Nej-proposition",
    callNumber: "#",
    callNumberLong: "Uppropsordning",
    serving: "Tjänstgör",
    yes: "Ja",
    no: "Nej",
    abstain: "Avstår",
    sum: "Summa",
    countedAt: "Räknad kl.",
    reason: "Skäl till handuppräkning",
    clerk: "Sekreterare",
    approved: "Justeras",
    chair: "ordf.",
    chairLong: "ordförande",
    recused: "jäv",
    tickBox: "kryssruta",
    writeIn: "fyll i",
  },
  en: {
    documentTitle: "Paper kit",
    purpose:
      "For voting on paper when the system cannot be used. The votes are entered into the system afterwards, with the time they were counted.",
    scheduled: "Meeting",
    generated: "Kit generated",
    agenda: "Agenda",
    item: "Item",
    caseNumber: "Case number",
    attendance: "Attendance",
    presentTotal: "Present in total",
    quorumNote: "quorate with at least {n} serving",
    seat: "Seat",
    member: "Member",
    party: "Party",
    present: "Present",
    servingSubstitute: "Serving substitute",
    substitutes: "Substitutes",
    rank: "Rank",
    name: "Name",
    noSubstitutes: "No substitutes.",
    rollCall: "Roll-call vote",
    voteNumber: "Vote no.",
    yesProposition: "Yes proposition",
    noProposition: "No proposition",
    callNumber: "#",
    callNumberLong: "Call order",
    serving: "Serving",
    yes: "Yes",
    no: "No",
    abstain: "Abstain",
    sum: "Total",
    countedAt: "Counted at",
    reason: "Reason for the hand count",
    clerk: "Clerk",
    approved: "Approved (minutes checkers)",
    chair: "chair",
    chairLong: "chair",
    recused: "jäv (conflict of interest)",
    tickBox: "tick box",
    writeIn: "write in",
  },
} as const satisfies Record<PaperLang, Record<string, string>>;

type Strings = (typeof TEXT)[PaperLang];

/** One line of a roll-call sheet: a seat, in roll-call order. */
export interface RollCallLine {
  readonly callNumber: number;
  readonly seat: number;
  readonly holder: MemberRecord | null;
  /** The substitute serving in the seat now (for this item: jäv stand-ins included), if any. */
  readonly substitute: MemberRecord | null;
  /** The member with jäv on the item who would otherwise serve in the seat. */
  readonly recused: MemberRecord | null;
  readonly isChair: boolean;
}

/**
 * Every seat in roll-call order for an item (RULES.md 9): seat order, the chair last. The chair is
 * found as the domain finds it when a vote opens: the member called for the seat (whoever serves,
 * else the holder) who holds the assembly's CHAIR role.
 */
export function rollCallLines(state: CouncilState, meeting: MeetingState, assembly: AssemblyState, itemId: string | null): RollCallLine[] {
  const member = (id: string | null): MemberRecord | null => (id === null ? null : (assembly.members.get(id) ?? null));
  const seats = seatViews(meeting, assembly, itemId);
  // Like the domain: the seat of whoever presides is called last.
  const presiding = presidingMemberOf(state, meeting);
  const chairSeat = seats.find((seat) => (seat.servedBy ?? seat.holderId) === presiding)?.number ?? null;
  const lines = seats.map((seat) => ({
    seat: seat.number,
    holder: member(seat.holderId),
    substitute: seat.servedBy !== null && seat.servedBy !== seat.holderId ? member(seat.servedBy) : null,
    recused: member(seat.recusedId),
    isChair: seat.number === chairSeat,
  }));
  const ordered = [...lines.filter((l) => !l.isChair), ...lines.filter((l) => l.isChair)];
  return ordered.map((line, i) => ({ ...line, callNumber: i + 1 }));
}

/** The kit: an attendance sheet, then one roll-call sheet per agenda item. Unknown meeting: NOT_FOUND. */
export function renderPaperKit(state: CouncilState, meetingId: string, lang: PaperLang, generatedAt: string): string {
  const meeting = getMeeting(state, meetingId);
  const assembly = assemblyOfMeeting(state, meeting);
  if (!assembly) throw notFound(`Assembly ${meeting.assemblyId}`);
  const t = TEXT[lang];
  const items = [...meeting.items.values()].sort((a, b) => a.number - b.number);
  const when = formatTime(meeting.scheduledAt, lang);
  const sheets = [
    attendanceSheet(t, meeting, assembly, items, when, formatTime(generatedAt, lang)),
    ...items.map((item) => rollCallSheet(t, rollCallLines(state, meeting, assembly, item.id), meeting, assembly, item, when)),
  ];
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${esc(`${t.documentTitle} – ${meeting.title} – ${assembly.name}`)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${sheets.join("\n")}
</main>
</body>
</html>
`;
}

function attendanceSheet(t: Strings, meeting: MeetingState, assembly: AssemblyState, items: readonly ItemState[], when: string, generated: string): string {
  const holders = meeting.attendance.seats.map((seat) => ({ seat: seat.number, member: assembly.members.get(seat.holderId) }));
  const parties = [...new Set(holders.flatMap((h) => (h.member ? [h.member.party] : [])))];
  const substitutes = parties.flatMap((party) =>
    substitutesOf(assembly, party).flatMap((id) => {
      const m = assembly.members.get(id);
      return m ? [m] : [];
    }),
  );
  const agendaRows = items
    .map((item) => `<tr><td class="num">§&nbsp;${item.number}</td><td>${esc(item.title)}</td><td>${esc(item.caseNumber ?? "")}</td></tr>`)
    .join("\n");
  const attendanceRows = holders
    .map(
      (h) =>
        `<tr><td class="num">${h.seat}</td><td>${esc(h.member?.name ?? "")}</td><td>${esc(h.member?.party ?? "")}</td>` +
        `<td class="tick">${box(t)}</td><td>${writeIn(t)}</td></tr>`,
    )
    .join("\n");
  const substituteRows = substitutes
    .map(
      (m) =>
        `<tr><td>${esc(m.party)}</td><td class="num">${m.substituteRank ?? ""}</td><td>${esc(m.name)}</td><td class="tick">${box(t)}</td></tr>`,
    )
    .join("\n");
  return `<section class="sheet attendance" aria-labelledby="sheet-title">
<header class="head">
<p class="kicker">${esc(assembly.name)}</p>
<h1 id="sheet-title">${esc(`${t.documentTitle}: ${meeting.title}`)}</h1>
<p>${esc(t.scheduled)}: ${esc(when)}</p>
<p class="small">${esc(t.generated)}: ${esc(generated)}. ${esc(t.purpose)}</p>
</header>
<h2>${esc(t.agenda)}</h2>
<table class="agenda">
<colgroup><col class="w-para"><col><col class="w-case"></colgroup>
<thead><tr><th scope="col">§</th><th scope="col">${esc(t.item)}</th><th scope="col">${esc(t.caseNumber)}</th></tr></thead>
<tbody>
${agendaRows}
</tbody>
</table>
<h2>${esc(t.attendance)}</h2>
<p class="field"><span>${esc(t.presentTotal)}</span><span class="blank short"></span><span class="small">(${esc(t.quorumNote.replace("{n}", String(quorumRequired(assembly.seatCount))))})</span></p>
<table class="grid">
<colgroup><col class="w-seat"><col><col class="w-party"><col class="w-box-wide"><col></colgroup>
<thead><tr><th scope="col">${esc(t.seat)}</th><th scope="col">${esc(t.member)}</th><th scope="col">${esc(t.party)}</th><th scope="col">${esc(t.present)}</th><th scope="col">${esc(t.servingSubstitute)}</th></tr></thead>
<tbody>
${attendanceRows}
</tbody>
</table>
<h2>${esc(t.substitutes)}</h2>
${
  substitutes.length === 0
    ? `<p>${esc(t.noSubstitutes)}</p>`
    : `<table class="grid substitutes">
<colgroup><col class="w-party"><col class="w-rank"><col><col class="w-box-wide"></colgroup>
<thead><tr><th scope="col">${esc(t.party)}</th><th scope="col">${esc(t.rank)}</th><th scope="col">${esc(t.name)}</th><th scope="col">${esc(t.present)}</th></tr></thead>
<tbody>
${substituteRows}
</tbody>
</table>`
}
</section>`;
}

function rollCallSheet(t: Strings, lines: readonly RollCallLine[], meeting: MeetingState, assembly: AssemblyState, item: ItemState, when: string): string {
  const titleId = `item-${item.number}`;
  const rows = lines
    .map((line) => {
      const name = esc(line.holder?.name ?? "");
      const chair = line.isChair ? ` <abbr class="small" title="${esc(t.chairLong)}">(${esc(t.chair)})</abbr>` : "";
      const recusedNote = line.recused ? ` <span class="small">(${esc(t.recused)}: ${esc(line.recused.name)})</span>` : "";
      const serving = line.substitute ? esc(line.substitute.name) : writeIn(t);
      return (
        `<tr data-seat="${line.seat}"><td class="num">${line.callNumber}</td><td class="num">${line.seat}</td>` +
        `<td>${name}${chair}</td><td>${esc(line.holder?.party ?? "")}</td><td>${serving}${recusedNote}</td>` +
        `<td class="tick">${box(t)}</td><td class="tick">${box(t)}</td><td class="tick">${box(t)}</td></tr>`
      );
    })
    .join("\n");
  return `<section class="sheet roll-call" data-item="${esc(item.id)}" aria-labelledby="${titleId}">
<header class="head row">
<div>
<p class="kicker">${esc(assembly.name)} · ${esc(meeting.title)} · ${esc(when)}</p>
<h2 id="${titleId}">§&nbsp;${item.number} ${esc(item.title)}</h2>
<p class="small">${esc(t.rollCall)}${item.caseNumber ? ` · ${esc(t.caseNumber)} ${esc(item.caseNumber)}` : ""}</p>
</div>
<p class="field vote-no"><span>${esc(t.voteNumber)}</span><span class="blank"></span></p>
</header>
<p class="field"><span>${esc(t.yesProposition)}</span><span class="blank"></span></p>
<p class="field"><span>${esc(t.noProposition)}</span><span class="blank"></span></p>
<table class="grid roll">
<colgroup><col class="w-call"><col class="w-seat"><col><col class="w-party"><col><col class="w-box"><col class="w-box"><col class="w-box"></colgroup>
<thead><tr><th scope="col"><abbr title="${esc(t.callNumberLong)}">${esc(t.callNumber)}</abbr></th><th scope="col">${esc(t.seat)}</th><th scope="col">${esc(t.member)}</th><th scope="col">${esc(t.party)}</th><th scope="col">${esc(t.serving)}</th><th scope="col">${esc(t.yes)}</th><th scope="col">${esc(t.no)}</th><th scope="col">${esc(t.abstain)}</th></tr></thead>
<tbody>
${rows}
<tr class="sum"><th scope="row" colspan="5">${esc(t.sum)}</th><td>${writeIn(t)}</td><td>${writeIn(t)}</td><td>${writeIn(t)}</td></tr>
</tbody>
</table>
<div class="sign">
<p class="field"><span>${esc(t.countedAt)}</span><span class="blank short"></span><span>${esc(t.reason)}</span><span class="blank"></span></p>
<p class="field"><span>${esc(t.clerk)}</span><span class="blank"></span><span>${esc(t.approved)}</span><span class="blank"></span></p>
</div>
</section>`;
}

/** An empty bordered box to tick, which a screen reader names. */
const box = (t: Strings): string => `<span class="box"><span class="vh">${esc(t.tickBox)}</span></span>`;
/** An empty cell to write in, which a screen reader names. */
const writeIn = (t: Strings): string => `<span class="vh">${esc(t.writeIn)}</span>`;

/** Date and time in Sweden, whatever the server's time zone. */
function formatTime(iso: string, lang: PaperLang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === "sv" ? "sv-SE" : "en-GB", {
    timeZone: "Europe/Stockholm",
    dateStyle: "full",
    timeStyle: "short",
  }).format(date);
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Sized so that a 45-seat roll-call sheet fits one A4 page with room to spare (e2e/specs/paper-kit.spec.ts measures it).
const CSS = `
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #d9d9d9; color: #000; font-family: Arial, "Liberation Sans", "Helvetica Neue", Helvetica, sans-serif; font-size: 10pt; line-height: 1.25; }
main { padding: 8mm 0; }
.sheet { background: #fff; width: 210mm; max-width: 100%; min-height: 297mm; margin: 0 auto 8mm; padding: 12mm; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.35); break-after: page; }
.sheet:last-child { break-after: auto; margin-bottom: 0; }
h1, h2, p { margin: 0; }
h1 { font-size: 15pt; line-height: 1.2; }
h2 { font-size: 12pt; line-height: 1.2; margin: 4mm 0 1.5mm; break-after: avoid; }
.head h2 { margin: 0; font-size: 11pt; }
.head { margin-bottom: 3mm; }
.head.row { display: flex; justify-content: space-between; align-items: flex-end; gap: 6mm; margin-bottom: 2mm; }
.head.row > div { flex: 1; min-width: 0; }
.kicker { font-size: 9pt; }
.small { font-size: 8.5pt; }
abbr { text-decoration: none; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 9pt; line-height: 1.1; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.75pt solid #000; padding: 0.25mm 1.2mm; text-align: left; vertical-align: middle; overflow-wrap: anywhere; }
thead th { border-bottom-width: 1.5pt; font-weight: bold; }
.grid tbody tr { height: 4.3mm; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.tick { text-align: center; padding: 0; }
.box { display: inline-block; width: 3.2mm; height: 3.2mm; border: 0.75pt solid #000; vertical-align: middle; }
.roll th:nth-child(n+6) { text-align: center; }
.roll .sum th, .roll .sum td { height: 6mm; border-top-width: 1.5pt; font-weight: bold; }
.agenda td, .agenda th { border-left: none; border-right: none; }
col.w-para { width: 14mm; } col.w-case { width: 30mm; }
col.w-call { width: 8mm; } col.w-seat { width: 11mm; } col.w-party { width: 13mm; } col.w-rank { width: 17mm; }
col.w-box { width: 13mm; } col.w-box-wide { width: 22mm; }
.field { display: flex; align-items: flex-end; gap: 2mm; margin: 0 0 1mm; min-height: 5.5mm; }
.field > span:not(.blank) { white-space: nowrap; }
.blank { flex: 1; border-bottom: 0.75pt solid #000; min-width: 10mm; height: 5mm; }
.blank.short { flex: 0 0 24mm; }
.vote-no { flex: 0 0 42mm; margin: 0; }
.sign { margin-top: 2mm; break-inside: avoid; }
.sign .field { min-height: 7.5mm; margin: 0; }
.vh { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
@media screen and (max-width: 220mm) { main { padding: 0; } .sheet { min-height: 0; margin-bottom: 4mm; } }
@media print {
  body { background: #fff; }
  main { padding: 0; }
  .sheet { width: auto; max-width: none; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
}
`;
