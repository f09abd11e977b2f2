import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expect, expectNoSeriousA11yViolations, must, screenshot, test, type E2EServer } from "../fixtures.js";

/**
 * Journey (issue 8): a meeting with a substitute in an absent member's seat, jäv on the budget, an
 * electronic vote with one answer entered by the clerk, a roll-call vote on the tax rate, and a
 * reservation entered on the minutes page. The clerk opens the minutes: every voting list with each
 * member's answer as cast, the ledger head they were made from, a print that keeps every voting list
 * whole on A4, and the JSON and CSV files the same as the server's.
 */

const MEETING = "kf-2026-12-14";
const BUDGET = `${MEETING}-2`;
const TAX = `${MEETING}-3`;
const FOURTH = `${MEETING}-4`;
const ABSENT_SEAT = 12;
const RECUSED = "member-7";
/** Answered by the clerk on the member's behalf (recordBallot). */
const BY_CLERK = "member-9";
/** Gave no answer in the budget vote: absent from its count. */
const SILENT = ["member-44", "member-45"];
const TABLET = { width: 1024, height: 768 };
/** CSS pixels per millimetre, the unit of the page's @page rule. */
const PX_PER_MM = 96 / 25.4;
/** A4 less the minutes' 15 mm margins: the box each printed page's content has. */
const PRINTABLE = { width: (210 - 2 * 15) * PX_PER_MM, height: (297 - 2 * 15) * PX_PER_MM };

type Choice = "YES" | "NO" | "ABSTAIN";
const ANSWER: Record<Choice, string> = { YES: "Ja", NO: "Nej", ABSTAIN: "Avstår" };

interface Member {
  readonly id: string;
  readonly name: string;
  readonly party: string;
  readonly kind: string;
}
interface VoteRecord {
  readonly id: string;
  readonly round: number;
  readonly method: string;
  readonly eligible: ReadonlyArray<{ readonly id: string }>;
  readonly callOrder: ReadonlyArray<{ readonly id: string }>;
  readonly ballots: ReadonlyArray<{ readonly member: { readonly id: string }; readonly choice: Choice; readonly source: string }>;
}

const gqlChoice = `mutation($v: ID!, $c: Choice!, $k: String!) { castBallot(voteId: $v, choice: $c, idempotencyKey: $k) { choice } }`;
const gqlRecord = `mutation($v: ID!, $id: ID!, $c: Choice!, $k: String!) { recordBallot(voteId: $v, memberId: $id, choice: $c, idempotencyKey: $k) { choice } }`;

async function members(server: E2EServer): Promise<Member[]> {
  const data = await must<{ meeting: { assembly: { members: Member[] } } }>(server, "clerk-1", `{ meeting(id: "${MEETING}") { assembly { members { id name party kind } } } }`);
  return data.meeting.assembly.members;
}

async function votesOn(server: E2EServer): Promise<Array<{ item: number; vote: VoteRecord }>> {
  const data = await must<{ meeting: { agenda: ReadonlyArray<{ number: number; votes: ReadonlyArray<{ id: string }> }> } }>(
    server,
    "clerk-1",
    `{ meeting(id: "${MEETING}") { agenda { number votes { id } } } }`,
  );
  const out: Array<{ item: number; vote: VoteRecord }> = [];
  for (const item of data.meeting.agenda) {
    for (const { id } of item.votes) {
      const { vote } = await must<{ vote: VoteRecord }>(
        server,
        "clerk-1",
        `query($v: ID!) { vote(id: $v) { id round method eligible { id } callOrder { id } ballots { member { id } choice source } } }`,
        { v: id },
      );
      out.push({ item: item.number, vote });
    }
  }
  return out;
}

async function ledgerHead(server: E2EServer): Promise<{ seq: number; hash: string }> {
  const data = await must<{ meeting: { ledgerHead: { seq: number; hash: string } } }>(server, "clerk-1", `{ meeting(id: "${MEETING}") { ledgerHead { seq hash } } }`);
  return data.meeting.ledgerHead;
}

async function getMinutes(server: E2EServer, path: string): Promise<Response> {
  return fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${await server.token("clerk-1")}` } });
}

/** Opens an electronic or roll-call vote on the current item and returns its id. */
async function openVote(server: E2EServer, itemId: string, method: "ELECTRONIC" | "ROLL_CALL", yes: string, no: string): Promise<string> {
  const data = await must<{ openVote: { id: string } }>(
    server,
    "member-1",
    `mutation($in: OpenVoteInput!) { openVote(input: $in) { id } }`,
    { in: { itemId, method, question: `Ja för ${yes}, nej för ${no}`, yesProposalId: `${itemId}-a`, noProposalId: null } },
  );
  return data.openVote.id;
}

/** Pages in a PDF: its page objects (`/Type /Page`, not the `/Type /Pages` tree nodes). */
function pdfPageCount(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

/** Each page's MediaBox size in points. */
function pdfPageSizes(pdf: Buffer): Array<{ width: number; height: number }> {
  return [...pdf.toString("latin1").matchAll(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => ({
    width: Number(m[3]) - Number(m[1]),
    height: Number(m[4]) - Number(m[2]),
  }));
}

const printPdf = (page: Page): Promise<Buffer> => page.pdf({ format: "A4", preferCSSPageSize: true });

/** A voting list as the page shows it: each row's cells. */
async function votingListRows(page: Page, item: number, round: number): Promise<string[][]> {
  const table = page.getByRole("table", { name: new RegExp(`^Voteringslista, § ${item} votering ${round}\\b`) });
  await expect(table).toHaveCount(1);
  return table.locator("tbody tr").evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => (cell.textContent ?? "").trim())));
}

/**
 * The minutes as printed, laid out the width of an A4 page's content: what is hidden, and for each
 * voting list whether it and every row of it are laid out whole inside that width.
 */
async function printLayout(page: Page) {
  await page.setViewportSize({ width: Math.floor(PRINTABLE.width), height: Math.floor(PRINTABLE.height) });
  await page.emulateMedia({ media: "print" });
  return page.evaluate((width) => {
    const shown = (el: Element) => {
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      return style.display !== "none" && style.visibility !== "hidden" && box.width > 0 && box.height > 0;
    };
    const tables = [...document.querySelectorAll("table")].filter((t) => /^Voteringslista/.test(t.caption?.textContent ?? ""));
    return {
      documentHeight: document.documentElement.scrollHeight,
      sideways: document.documentElement.scrollWidth > Math.ceil(width) + 1,
      visibleButtons: [...document.querySelectorAll("button")].filter(shown).length,
      navShown: [...document.querySelectorAll("nav")].some(shown),
      headerRepeats: tables.every((t) => t.tHead !== null && getComputedStyle(t.tHead).display === "table-header-group"),
      tables: tables.map((t) => {
        const box = t.getBoundingClientRect();
        const rows = [...t.tBodies].flatMap((b) => [...b.rows]);
        return {
          caption: t.caption?.textContent ?? "",
          shown: shown(t),
          rows: rows.length,
          rowsShown: rows.filter(shown).length,
          rowsUnsplittable: rows.every((r) => getComputedStyle(r).breakInside === "avoid"),
          insideWidth: box.left >= -0.5 && box.right <= width + 0.5 && t.scrollWidth <= t.clientWidth + 1,
        };
      }),
    };
  }, PRINTABLE.width);
}

test("the clerk's minutes hold every vote's voting list as cast, print whole on A4, and download as the server's JSON and CSV", async ({ freshServer, pageAs }) => {
  test.setTimeout(180_000);
  const server = freshServer;
  const everyone = await members(server);
  const nameOf = new Map(everyone.map((m) => [m.id, m.name]));
  const idOf = new Map(everyone.map((m) => [m.name, m.id]));
  /** The member on a voting-list row (its second cell: the name, "(ersättare)" after a substitute's). */
  const memberOn = (cells: readonly string[]): string => idOf.get((cells[1] ?? "").replace(/ \(ersättare\)$/, "")) ?? `unknown: ${cells[1]}`;

  // The roll-call: everyone present but seat 12, whose party's first substitute takes the seat.
  await must(server, "member-1", `mutation { openMeeting(meetingId: "${MEETING}") { id } }`);
  for (let seat = 1; seat <= 45; seat += 1) {
    await must(server, "clerk-1", `mutation { setAttendance(meetingId: "${MEETING}", memberId: "member-${seat}", present: ${seat !== ABSENT_SEAT}) { id } }`);
  }
  const { meeting: seats } = await must<{ meeting: { seats: ReadonlyArray<{ number: number; suggestedSubstitute: { id: string } | null }> } }>(
    server,
    "clerk-1",
    `{ meeting(id: "${MEETING}") { seats { number suggestedSubstitute { id } } } }`,
  );
  const substitute = seats.seats.find((s) => s.number === ABSENT_SEAT)?.suggestedSubstitute?.id ?? "";
  expect(substitute).toMatch(/^sub-/);
  await must(server, "clerk-1", `mutation($s: ID) { assignSubstitute(meetingId: "${MEETING}", seat: ${ABSENT_SEAT}, substituteId: $s) { id } }`, { s: substitute });

  // § 2, the budget: jäv for seat 7, an electronic vote; most answer from their devices, the clerk
  // enters one member's answer, two give none.
  await must(server, "clerk-1", `mutation { declareRecusal(itemId: "${BUDGET}", memberId: "${RECUSED}") { id } }`);
  await must(server, "member-1", `mutation { setCurrentItem(meetingId: "${MEETING}", itemId: "${BUDGET}") { id } }`);
  const budgetVote = await openVote(server, BUDGET, "ELECTRONIC", "kommunstyrelsens förslag", "avslag");
  const voters = [...Array.from({ length: 45 }, (_, i) => `member-${i + 1}`), substitute].filter(
    (id) => id !== RECUSED && id !== `member-${ABSENT_SEAT}` && id !== BY_CLERK && !SILENT.includes(id),
  );
  const choiceFor = (i: number): Choice => (i % 5 === 0 ? "ABSTAIN" : i % 3 === 0 ? "NO" : "YES");
  await Promise.all(voters.map((id, i) => must(server, id, gqlChoice, { v: budgetVote, c: choiceFor(i), k: `budget-${id}` })));
  await must(server, "clerk-1", gqlRecord, { v: budgetVote, id: BY_CLERK, c: "NO", k: `budget-${BY_CLERK}` });
  await must(server, "member-1", `mutation { closeVote(voteId: "${budgetVote}") { id } }`);
  await must(server, "clerk-1", `mutation { recordDecision(itemId: "${BUDGET}", text: "Fullmäktige fastställer budget 2027 enligt kommunstyrelsens förslag.") { id } }`);

  // § 3, the tax rate: a roll-call vote, every answer entered by the clerk as the members are called.
  await must(server, "member-1", `mutation { setCurrentItem(meetingId: "${MEETING}", itemId: "${TAX}") { id } }`);
  const taxVote = await openVote(server, TAX, "ROLL_CALL", "kommunstyrelsens förslag", "avslag");
  const { vote: called } = await must<{ vote: { callOrder: ReadonlyArray<{ id: string }> } }>(server, "clerk-1", `query($v: ID!) { vote(id: $v) { callOrder { id } } }`, { v: taxVote });
  for (const [i, { id }] of called.callOrder.entries()) {
    await must(server, "clerk-1", gqlRecord, { v: taxVote, id, c: i % 4 === 0 ? "NO" : "YES", k: `tax-${id}` });
  }
  await must(server, "member-1", `mutation { closeVote(voteId: "${taxVote}") { id } }`);
  await must(server, "clerk-1", `mutation { recordDecision(itemId: "${TAX}", text: "Skattesatsen för 2027 fastställs till 21,89 kronor.") { id } }`);

  // The clerk opens the minutes and records a reservation against the budget decision there.
  const clerk = await pageAs("clerk-1", { server, viewport: TABLET, locale: "sv-SE" });
  await clerk.goto(`${server.url}/minutes?lang=sv&user=clerk-1&meeting=${MEETING}`);
  await expect(clerk.getByRole("tab", { name: "Protokoll" })).toHaveAttribute("aria-selected", "true");
  await expect(clerk.getByRole("heading", { level: 1, name: "Protokollsutdrag – Kommunfullmäktige 14 december 2026" })).toBeVisible();
  const reserving = "member-25";
  const reserverName = nameOf.get(reserving) ?? "";
  const form = clerk.getByRole("form", { name: "Anteckna reservation – § 2" });
  await form.getByRole("combobox", { name: "Ledamot" }).click();
  await clerk.getByRole("option", { name: new RegExp(`^${reserverName} \\(`) }).click();
  await form.getByRole("textbox", { name: "Motivering (valfri)" }).fill("Till förmån för Moderaternas förslag.");
  await form.getByRole("button", { name: "Anteckna reservation" }).click();
  const budgetSection = clerk.getByRole("region", { name: /^§ 2 Budget 2027/ });
  await expect(budgetSection.getByRole("list", { name: "Reservationer" })).toContainText(`${reserverName}`);
  await expect(budgetSection.getByRole("list", { name: "Reservationer" })).toContainText("Till förmån för Moderaternas förslag.");

  // Made from the ledger as it is now: the head the API reports.
  const head = await ledgerHead(server);
  await expect(clerk.getByText(/^Gjord ur liggaren vid post/)).toHaveText(`Gjord ur liggaren vid post ${head.seq}, hash ${head.hash}`);

  // Attendance: the substitute serving in seat 12; on § 2 seat 7 has jäv.
  const substituteName = nameOf.get(substitute) ?? "";
  await expect(clerk.getByRole("table", { name: /^Närvaro vid § / }).getByRole("row").filter({ has: clerk.getByRole("rowheader", { name: String(ABSENT_SEAT), exact: true }) })).toContainText(substituteName);
  await expect(budgetSection).toContainText(`Plats 7: ${nameOf.get(RECUSED) ?? ""} (S) deltar inte (jäv)`);

  // Every vote's voting list, with each eligible member's answer as the API has it.
  const votes = await votesOn(server);
  expect(votes.map((v) => v.vote.id).sort()).toEqual([budgetVote, taxVote].sort());
  for (const { item, vote } of votes) {
    const rows = await votingListRows(clerk, item, vote.round);
    expect(rows, `§ ${item} vote ${vote.round}: one row per eligible member`).toHaveLength(vote.eligible.length);
    const shown = new Map(rows.map((cells) => [memberOn(cells), cells]));
    expect([...shown.keys()].sort()).toEqual(vote.eligible.map((m) => m.id).sort());
    const cast = new Map(vote.ballots.map((b) => [b.member.id, b]));
    for (const { id } of vote.eligible) {
      const ballot = cast.get(id);
      expect(shown.get(id)?.[3], `§ ${item} vote ${vote.round}: ${id}'s answer`).toBe(ballot ? ANSWER[ballot.choice] : "Frånvarande");
      expect(shown.get(id)?.[4], `§ ${item} vote ${vote.round}: who recorded ${id}'s answer`).toBe(ballot ? (ballot.source === "CLERK" ? "Sekreteraren" : "Ledamoten") : "");
    }
    if (vote.method === "ROLL_CALL") {
      expect(rows.map((cells) => memberOn(cells)), "a roll-call vote's list is in call order").toEqual(vote.callOrder.map((m) => m.id));
    }
  }
  const budgetRows = await votingListRows(clerk, 2, 1);
  expect(budgetRows.filter((cells) => cells[3] === "Frånvarande").map((cells) => memberOn(cells))).toEqual(SILENT);
  expect(budgetRows.find((cells) => memberOn(cells) === BY_CLERK)?.slice(3)).toEqual(["Nej", "Sekreteraren"]);
  expect(budgetRows.find((cells) => cells[0] === String(ABSENT_SEAT))?.[1]).toBe(`${substituteName} (ersättare)`);
  expect(budgetRows.some((cells) => memberOn(cells) === RECUSED)).toBe(false);

  // The JSON download: the server's minutes, as made at this ledger head.
  const direct = await getMinutes(server, `/minutes.json?meeting=${MEETING}`);
  expect(direct.status).toBe(200);
  const directJson = (await direct.json()) as { generatedAt: string; ledgerHead: { seq: number; hash: string } };
  expect(directJson.ledgerHead).toEqual(head);
  const [jsonDownload] = await Promise.all([clerk.waitForEvent("download"), clerk.getByRole("button", { name: "Ladda ner JSON" }).click()]);
  const disposition = direct.headers.get("content-disposition");
  const serverName = disposition ? /filename="?([^";]+)"?/.exec(disposition)?.[1] : undefined;
  expect(jsonDownload.suggestedFilename()).toBe(serverName ?? `protokoll-${MEETING}-seq${head.seq}.json`);
  const saved = JSON.parse(await readFile(await jsonDownload.path(), "utf8")) as Record<string, unknown>;
  const withoutTime = ({ generatedAt: _, ...rest }: Record<string, unknown>) => rest;
  expect(withoutTime(saved)).toEqual(withoutTime(directJson));

  // The CSV of the budget vote: a row per eligible member, the server's file.
  const budgetEligible = votes.find((v) => v.vote.id === budgetVote)?.vote.eligible.length ?? 0;
  expect(budgetEligible).toBe(44);
  const [csvDownload] = await Promise.all([clerk.waitForEvent("download"), clerk.getByRole("button", { name: "CSV: voteringslista § 2 votering 1" }).click()]);
  const csv = await readFile(await csvDownload.path(), "utf8");
  const csvDirect = await getMinutes(server, `/minutes/voting-list.csv?meeting=${MEETING}&vote=${budgetVote}`);
  expect(csvDirect.status).toBe(200);
  expect(csv).toBe(await csvDirect.text());
  const csvLines = csv.split(/\r?\n/).filter((line) => line.trim() !== "");
  expect(csvLines.length, "a header and a row per eligible member").toBe(1 + budgetEligible);
  for (const name of budgetRows.map((cells) => (cells[1] ?? "").replace(/ \(ersättare\)$/, ""))) {
    expect(csvLines.filter((line) => line.includes(name)), `${name} on one CSV row`).toHaveLength(1);
  }

  // Accessible in light and dark themes; the picture for the README.
  await expectNoSeriousA11yViolations(clerk);
  await clerk.evaluate(() => window.scrollTo(0, 0));
  // When they were made and the hash differ from run to run.
  await screenshot(clerk, "minutes-light-tablet", { mask: [clerk.getByText(/^Framställd /), clerk.getByText(/^Gjord ur liggaren/)] });
  const dark = await pageAs("clerk-1", { server, viewport: TABLET, locale: "sv-SE", colorScheme: "dark" });
  await dark.goto(`${server.url}/minutes?lang=sv&theme=dark&user=clerk-1&meeting=${MEETING}`);
  await expect(dark.getByRole("table", { name: /^Voteringslista, § 3 votering 1/ })).toBeVisible();
  await expectNoSeriousA11yViolations(dark);

  // As printed: the tab bar and buttons gone, every voting list laid out whole within the A4 width,
  // its header row repeated on each page and no row split across pages.
  const layout = await printLayout(clerk);
  expect(layout.navShown).toBe(false);
  expect(layout.visibleButtons).toBe(0);
  expect(layout.sideways).toBe(false);
  expect(layout.headerRepeats).toBe(true);
  expect(layout.tables.map((t) => t.caption)).toEqual(votes.map(({ item, vote }) => expect.stringMatching(new RegExp(`^Voteringslista, § ${item} votering ${vote.round}\\b`))));
  for (const [i, table] of layout.tables.entries()) {
    const eligible = votes[i]?.vote.eligible.length;
    expect(table, table.caption).toMatchObject({ shown: true, rows: eligible, rowsShown: eligible, rowsUnsplittable: true, insideWidth: true });
  }
  const pdf = await printPdf(clerk);
  const pages = pdfPageCount(pdf);
  const sizes = pdfPageSizes(pdf);
  expect(sizes.length).toBeGreaterThan(0);
  for (const size of sizes) {
    expect(Math.abs(size.width - 595.3), "A4 width in points").toBeLessThan(2);
    expect(Math.abs(size.height - 841.9), "A4 height in points").toBeLessThan(2);
  }
  // At least as many pages as the content is tall; a voting list kept whole on a page of its own
  // may leave the rest of the page before it blank, so at most one more page per voting list.
  const least = Math.ceil(layout.documentHeight / PRINTABLE.height);
  expect(pages).toBeGreaterThan(1);
  expect(pages).toBeGreaterThanOrEqual(least);
  expect(pages).toBeLessThanOrEqual(least + layout.tables.length);

  // One more vote (on § 4) makes the printed minutes longer by its voting list.
  await must(server, "member-1", `mutation { setCurrentItem(meetingId: "${MEETING}", itemId: "${FOURTH}") { id } }`);
  const fourthVote = await openVote(server, FOURTH, "ELECTRONIC", "förslaget", "avslag");
  await Promise.all(voters.map((id, i) => must(server, id, gqlChoice, { v: fourthVote, c: choiceFor(i + 1), k: `fourth-${id}` })));
  await must(server, "member-1", `mutation { closeVote(voteId: "${fourthVote}") { id } }`);
  await clerk.emulateMedia({ media: "screen" });
  await clerk.reload();
  await expect(clerk.getByRole("table", { name: /^Voteringslista, § 4 votering 1\b/ })).toBeVisible();
  const longer = await printLayout(clerk);
  expect(longer.tables).toHaveLength(3);
  expect(longer.tables.every((t) => t.shown && t.rowsShown === t.rows && t.insideWidth)).toBe(true);
  const pagesAfter = pdfPageCount(await printPdf(clerk));
  expect(pagesAfter).toBeGreaterThan(pages);
  test.info().annotations.push(
    { type: "printed pages", description: `${pages} with 2 votes (content ${Math.round(layout.documentHeight / PX_PER_MM)} mm high), ${pagesAfter} with a third` },
  );
});

test("the minutes of a meeting not yet closed are only for the chair, the clerks and admins", async ({ server }) => {
  const member = await fetch(`${server.url}/minutes.json?meeting=${MEETING}`, { headers: { authorization: `Bearer ${await server.token("member-2")}` } });
  expect(member.status).toBe(403);
  expect((await fetch(`${server.url}/minutes.json?meeting=${MEETING}`)).status).toBe(401);
});
