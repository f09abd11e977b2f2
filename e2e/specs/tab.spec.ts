import { expect, expectNoSeriousA11yViolations, screenshot, test, type E2EServer, must } from "../fixtures.js";
import type { Page } from "@playwright/test";
import { BUDGET, MEETING, meetingWithOpenVote } from "../support/meeting.js";

/** The tab's four screens against the real server, in Debian's Chromium, outside Teams (demo sign-in). */

const SIDE_PANEL = { width: 320, height: 800 };
const TABLET = { width: 1024, height: 768 };

/** Opens a screen in Swedish (the browser's own locale would pick English). */
async function open(page: Page, server: E2EServer, path: string, params = ""): Promise<void> {
  await page.goto(`${server.url}${path}?lang=sv&${params}`);
}

test.describe("a vote cast on the member page", () => {
  test("is recorded only when the server confirms it, and shows on the chair's and the stage's pages", async ({ freshServer, pageAs }) => {
    const voteId = await meetingWithOpenVote(freshServer);
    const member = await pageAs("member-7", { server: freshServer, viewport: TABLET });
    const chair = await pageAs("member-1", { server: freshServer, viewport: TABLET });
    const stage = await pageAs("observer", { server: freshServer, viewport: TABLET });
    await open(member, freshServer, "/member", "user=member-7");
    await open(chair, freshServer, "/chair", "user=member-1");
    await open(stage, freshServer, "/stage", "user=observer");

    await expect(member.getByText("Budget 2027 och flerårsplan 2028–2029").first()).toBeVisible();
    const ja = member.getByRole("button", { name: "Ja", exact: true });
    await expect(ja).toBeVisible();
    const box = await ja.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(48);
    await ja.click();
    await expect(member.getByText("Registrerat: Ja")).toBeVisible();
    await expect(ja).toHaveAttribute("aria-pressed", "true");

    // The stage shows only the counts while the vote is open.
    await expect(stage.getByText("1 av 44 har röstat")).toBeVisible();
    await expect(chair.getByText("1 av 44 har röstat").or(chair.getByText(/43/)).first()).toBeVisible();

    // The member changes the answer; the last answer counts.
    await member.getByRole("button", { name: "Nej", exact: true }).click();
    await expect(member.getByText("Registrerat: Nej")).toBeVisible();

    await must(freshServer, "member-1", `mutation($v: ID!) { closeVote(voteId: $v) { id } }`, { v: voteId });
    await expect(stage.getByRole("img", { name: /Plats 7, .*: Nej/ })).toBeVisible();
    await expect(stage.getByRole("img", { name: /Plats 12, .*: Frånvarande/ })).toBeVisible();
    await expect(member.getByText("Nej-sidan vann")).toBeVisible();
  });

  test("an absent member sees why they cannot vote", async ({ freshServer, pageAs }) => {
    await meetingWithOpenVote(freshServer);
    const page = await pageAs("member-12", { server: freshServer, viewport: SIDE_PANEL });
    await open(page, freshServer, "/member", "user=member-12");
    await expect(page.getByText("Du är antecknad som frånvarande och kan inte rösta.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Ja", exact: true })).toHaveCount(0);
  });
});

test.describe("every screen", () => {
  test("renders real data in light and dark themes at side-panel and tablet sizes, with no serious accessibility violations", async ({ freshServer, pageAs }) => {
    test.setTimeout(180_000);
    const voteId = await meetingWithOpenVote(freshServer);
    for (const [member, choice] of [["member-2", "YES"], ["member-13", "NO"], ["member-23", "ABSTAIN"]] as const) {
      await must(freshServer, member, `mutation($v: ID!) { castBallot(voteId: $v, choice: ${choice}, idempotencyKey: "k-${member}") { choice } }`, { v: voteId });
    }
    const screens = [
      { name: "member", user: "member-7", ready: "Ja" },
      { name: "chair", user: "member-1", ready: "Budget 2027" },
      { name: "clerk", user: "clerk-1", ready: "Budget 2027" },
      { name: "stage", user: "observer", ready: "3 av 44 har röstat" },
    ] as const;
    for (const theme of ["light", "dark"] as const) {
      for (const screen of screens) {
        for (const [size, viewport] of [["side-panel", SIDE_PANEL], ["tablet", TABLET]] as const) {
          const page = await pageAs(screen.user, { server: freshServer, viewport });
          await open(page, freshServer, `/${screen.name}`, `user=${screen.user}&theme=${theme}`);
          await expect(page.getByText(screen.ready).first()).toBeVisible();
          await expect(page.locator(`[data-theme="${theme}"]`)).toHaveCount(1);
          // The hand-count form's time defaults to now: masked, so the picture is the same every run.
          await screenshot(page, `${screen.name}-${theme}-${size}`, { mask: [page.locator('input[type="datetime-local"]')] });
          if (size === "tablet") await expectNoSeriousA11yViolations(page);
          await page.context().close();
        }
      }
    }
  });
});

test.describe("outside a meeting's screens", () => {
  test("the demo sign-in and the configuration page render in both languages with no serious accessibility violations", async ({ server, browser }) => {
    for (const lang of ["sv", "en"] as const) {
      const context = await browser.newContext({ viewport: TABLET });
      const page = await context.newPage();
      await page.goto(`${server.url}/?lang=${lang}`);
      await expect(page.getByRole("button", { name: lang === "sv" ? "Logga in" : "Sign in" })).toBeVisible();
      await screenshot(page, `sign-in-${lang}`);
      await expectNoSeriousA11yViolations(page);
      await page.goto(`${server.url}/config?lang=${lang}&user=clerk-1`);
      await expect(page.getByText("Kommunfullmäktige 14 december 2026").first()).toBeVisible();
      await screenshot(page, `config-${lang}`);
      await expectNoSeriousA11yViolations(page);
      await context.close();
    }
  });

  test("framed with the Teams hint but no Teams host, the tab runs as a plain page within a few seconds", async ({ server, browser }) => {
    const context = await browser.newContext({ viewport: TABLET });
    await context.route("https://res.cdn.office.net/**", (route) => route.fulfill({ status: 200, contentType: "application/json", body: '{"validOrigins":[]}' }));
    const page = await context.newPage();
    // A host page on the same machine that never answers teams-js.
    await page.route(`${server.url}/silent-host`, (route) =>
      route.fulfill({ status: 200, contentType: "text/html", body: `<iframe title="tab" src="${server.url}/member?inTeams=1&lang=sv&user=member-7" style="width:1000px;height:700px"></iframe>` }),
    );
    const started = Date.now();
    await page.goto(`${server.url}/silent-host`);
    const tab = page.frameLocator('iframe[title="tab"]');
    await expect(tab.getByText("Kommunfullmäktige 14 december 2026").first()).toBeVisible({ timeout: 8000 });
    expect(Date.now() - started).toBeLessThan(8000);
    await context.close();
  });
});

test.describe("the live connection", () => {
  test("a lost connection is shown, and the page reconnects by itself and catches up", async ({ freshServer, pageAs }) => {
    const voteId = await meetingWithOpenVote(freshServer);
    const stage = await pageAs("observer", { server: freshServer, viewport: TABLET });
    await open(stage, freshServer, "/stage", "user=observer");
    await expect(stage.getByText("0 av 44 har röstat")).toBeVisible();

    await stage.context().setOffline(true);
    await expect(stage.getByText("Anslutningen bröts – ansluter igen …")).toBeVisible({ timeout: 15_000 });
    // A ballot cast while the page is cut off ...
    await must(freshServer, "member-2", `mutation($v: ID!) { castBallot(voteId: $v, choice: YES, idempotencyKey: "offline-1") { choice } }`, { v: voteId });
    await stage.context().setOffline(false);
    // ... is there once the page is back: the subscription sends the state at once on reconnecting.
    await expect(stage.getByText("1 av 44 har röstat")).toBeVisible({ timeout: 20_000 });
    await expect(stage.getByText("Anslutningen bröts – ansluter igen …")).toHaveCount(0);
  });
});
