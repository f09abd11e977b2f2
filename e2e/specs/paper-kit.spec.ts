import { readFile } from "node:fs/promises";
import type { Browser, Page } from "@playwright/test";
import { expect, expectNoSeriousA11yViolations, must, test, type E2EServer } from "../fixtures.js";

/**
 * Journey: before the meeting the clerk downloads the paper kit (issue 6), the fallback for days
 * when the system is down, and prints it from the browser: clean A4 pages, the attendance sheet
 * first, then exactly one page per agenda item with every member on it.
 */

const MEETING = "kf-2026-12-14";
/** Where the kit is opened: a made-up address, so that any other request the page makes shows. */
const KIT_URL = "http://paper-kit.invalid/kit.html";
/** CSS pixels per millimetre, the unit of the kit's @page rule. */
const PX_PER_MM = 96 / 25.4;
/** A4 less the kit's 12 mm margins: the box each page's content has. */
const PRINTABLE = { width: (210 - 2 * 12) * PX_PER_MM, height: (297 - 2 * 12) * PX_PER_MM };

interface MeetingData {
  readonly meeting: {
    readonly assembly: { readonly members: ReadonlyArray<{ readonly name: string; readonly kind: string }> };
    readonly agenda: ReadonlyArray<{ readonly id: string }>;
  } | null;
}

async function downloadKit(server: E2EServer, user: string, lang: "sv" | "en"): Promise<string> {
  const res = await fetch(`${server.url}/paper-kit?meeting=${MEETING}&lang=${lang}`, { headers: { authorization: `Bearer ${await server.token(user)}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
  return res.text();
}

/** The kit in a page of its own the width of the printed page; every other request is refused and noted. */
async function openKit(browser: Browser, html: string): Promise<{ page: Page; requests: string[] }> {
  const context = await browser.newContext({ viewport: { width: Math.floor(PRINTABLE.width), height: Math.floor(PRINTABLE.height) } });
  const requests: string[] = [];
  await context.route("**/*", async (route) => {
    if (route.request().url() === KIT_URL) return route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html });
    requests.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  await page.goto(KIT_URL);
  return { page, requests };
}

/** Pages in a PDF: its page objects (`/Type /Page`, not the `/Type /Pages` tree nodes). */
function pdfPageCount(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

const printPdf = (page: Page): Promise<Buffer> => page.pdf({ format: "A4", preferCSSPageSize: true });

const TITLE = { sv: /^Pappersunderlag – Kommunfullmäktige 14 december 2026/, en: /^Paper kit – Kommunfullmäktige 14 december 2026/ };

for (const lang of ["sv", "en"] as const) {
  test(`a clerk downloads the paper kit (${lang}), and it prints as clean A4 pages: attendance first, then one page per item`, async ({ server, browser }) => {
    const html = await downloadKit(server, "clerk-1", lang);
    const data = await must<MeetingData>(server, "clerk-1", `query($m: ID!) { meeting(id: $m) { assembly { members { name kind } } agenda { id } } }`, { m: MEETING });
    const members = (data.meeting?.assembly.members ?? []).filter((m) => m.kind === "ORDINARY").map((m) => m.name);
    const items = data.meeting?.agenda.length ?? 0;
    expect(members).toHaveLength(45);
    expect(items).toBe(10);

    const { page, requests } = await openKit(browser, html);
    await expect(page).toHaveTitle(TITLE[lang]);

    // Printed whole, and the attendance sheet printed alone: the difference is the roll-call sheets.
    const pages = pdfPageCount(await printPdf(page));
    const alone = await openKit(browser, html);
    await alone.page.locator(".sheet.roll-call").evaluateAll((sheets) => sheets.forEach((s) => s.remove()));
    const attendancePages = pdfPageCount(await printPdf(alone.page));
    expect(attendancePages, "the attendance sheet takes one or two pages").toBeGreaterThanOrEqual(1);
    expect(attendancePages).toBeLessThanOrEqual(2);
    expect(pages, "attendance pages plus exactly one page per agenda item").toBe(attendancePages + items);

    // As printed: no sheet runs over its page, and every roll-call sheet lists every member.
    await page.emulateMedia({ media: "print" });
    const sheets = await page.locator(".sheet").evaluateAll((els) =>
      els.map((el) => ({
        kind: el.classList.contains("roll-call") ? "roll-call" : "attendance",
        height: el.getBoundingClientRect().height,
        overflowsSideways: el.scrollWidth > el.clientWidth + 1,
        text: el instanceof HTMLElement ? el.innerText : "",
        rows: el.querySelectorAll("tbody tr[data-seat]").length,
      })),
    );
    const rollCalls = sheets.filter((s) => s.kind === "roll-call");
    expect(rollCalls).toHaveLength(items);
    for (const [i, sheet] of sheets.entries()) {
      expect(sheet.overflowsSideways, `sheet ${i + 1} is wider than the page`).toBe(false);
      const room = (sheet.kind === "roll-call" ? 1 : attendancePages) * PRINTABLE.height;
      expect(sheet.height, `sheet ${i + 1} (${sheet.kind}) is taller than its page(s)`).toBeLessThanOrEqual(room);
    }
    for (const [i, sheet] of rollCalls.entries()) {
      expect(sheet.rows, `§ ${i + 1}: one row per seat`).toBe(45);
      const missing = members.filter((name) => !sheet.text.includes(name));
      expect(missing, `§ ${i + 1}: members missing from the roll-call sheet`).toEqual([]);
    }
    const spare = Math.min(...rollCalls.map((s) => PRINTABLE.height - s.height)) / PX_PER_MM;
    test.info().annotations.push(
      { type: "printed pages", description: `${pages} (attendance ${attendancePages}, then ${items} roll-call sheets)` },
      { type: "spare height on the fullest roll-call sheet", description: `${spare.toFixed(1)} mm` },
    );

    // Self-contained: the page asked for nothing but itself.
    expect(requests).toEqual([]);

    await page.emulateMedia({ media: "screen" });
    await expectNoSeriousA11yViolations(page);
    await page.context().close();
    await alone.page.context().close();
  });
}

test("the paper kit is only for the chair, the clerks and admins", async ({ server }) => {
  const res = await fetch(`${server.url}/paper-kit?meeting=${MEETING}`, { headers: { authorization: `Bearer ${await server.token("member-2")}` } });
  expect(res.status).toBe(403);
  expect((await fetch(`${server.url}/paper-kit?meeting=${MEETING}`)).status).toBe(401);
});

test("the clerk's page downloads the paper kit as a file to keep, the same document the server renders", async ({ server, pageAs }) => {
  const clerk = await pageAs("clerk-1", { viewport: { width: 1024, height: 768 } });
  await clerk.goto(`${server.url}/clerk?lang=sv&user=clerk-1`);
  const [download] = await Promise.all([clerk.waitForEvent("download"), clerk.getByRole("button", { name: "Ladda ner pappersunderlag" }).click()]);
  expect(download.suggestedFilename()).toBe(`pappersunderlag-${MEETING}.html`);
  const path = await download.path();
  const saved = await readFile(path, "utf8");
  // When it was made (the attendance sheet's small print) differs between two renderings; the rest is the same.
  const withoutTime = (html: string) => html.replace(/<p class="small">[^<]*<\/p>/, "");
  expect(withoutTime(saved)).toBe(withoutTime(await downloadKit(server, "clerk-1", "sv")));
});
