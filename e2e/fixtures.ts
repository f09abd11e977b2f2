import { test as base, type BrowserContext, type BrowserContextOptions, type Page, type Route } from "@playwright/test";
import { requirePluginBuild, startE2EServer, type E2EServer } from "./support/server.js";

export { expect } from "@playwright/test";
export { expectNoSeriousA11yViolations } from "./support/a11y.js";
export { screenshot, type ScreenshotOptions } from "./support/screenshot.js";
export { must, requirePluginBuild, type E2EServer, type GqlResult } from "./support/server.js";

export interface PageOptions {
  readonly viewport?: { readonly width: number; readonly height: number };
  readonly locale?: "sv-SE" | "en-GB";
  readonly colorScheme?: "light" | "dark";
  /** The browser's time zone (IANA), e.g. for a local date and time the page turns into UTC. */
  readonly timezoneId?: string;
  /** Open the tab on another server than the worker's, e.g. the test's `freshServer`. */
  readonly server?: E2EServer;
}

/** Opens the tab as a demo user, in a browser context of its own. */
export type PageAs = (userId: string, options?: PageOptions) => Promise<Page>;

interface WorkerFixtures {
  /** The real server, one per worker, shared by the worker's tests: read-only use, or use `freshServer`. */
  server: E2EServer;
}

interface TestFixtures {
  /** A server of the test's own with a fresh demo meeting, for specs that change it. */
  freshServer: E2EServer;
  pageAs: PageAs;
}

/** teams-js fetches its list of valid host origins from this CDN, which is unreachable offline. */
const TEAMS_CDN = "https://res.cdn.office.net/**";
/** The shape teams-js validates (`validOrigins`: host names); empty, it falls back to its built-in list. */
const VALID_DOMAINS = JSON.stringify({ validOrigins: [] });

const SERVER_START_TIMEOUT_MS = 45_000;

async function answerTeamsCdn(route: Route): Promise<void> {
  // A cross-origin fetch; Playwright's fulfilled answers pass CORS without an allow-origin header (checked).
  await route.fulfill({ status: 200, contentType: "application/json", body: VALID_DOMAINS });
}

function contextOptions(options: PageOptions): BrowserContextOptions {
  return {
    ...(options.viewport ? { viewport: { width: options.viewport.width, height: options.viewport.height } } : {}),
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.colorScheme ? { colorScheme: options.colorScheme } : {}),
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  };
}

// Playwright reads a fixture's dependencies from its destructuring pattern: this one has none.
async function serve({}: object, use: (server: E2EServer) => Promise<void>): Promise<void> {
  const running = await startE2EServer();
  try {
    await use(running);
  } finally {
    await running.stop();
  }
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  server: [serve, { scope: "worker", timeout: SERVER_START_TIMEOUT_MS }],
  freshServer: [serve, { timeout: SERVER_START_TIMEOUT_MS }],

  pageAs: async ({ browser, server }, use) => {
    requirePluginBuild();
    const contexts: BrowserContext[] = [];
    await use(async (userId, options = {}) => {
      const target = options.server ?? server;
      const context = await browser.newContext(contextOptions(options));
      contexts.push(context);
      await context.route(TEAMS_CDN, answerTeamsCdn);
      const page = await context.newPage();
      // In demo mode the tab signs in as the user named by ?user=.
      await page.goto(`${target.url}/?user=${encodeURIComponent(userId)}`);
      return page;
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});
export { openInTeamsHost, type FrameContext, type HostMessage, type TeamsHostOptions, type TeamsHostPage, type TeamsTheme } from "./support/teamsHost.js";
