import { defineConfig, type ReporterDescription } from "@playwright/test";

/** Debian's Chromium (installed by scripts/pretest.mjs): Playwright cannot download its own browser here. */
export const CHROMIUM = "/usr/bin/chromium";

/** Offline and in a container: no sandbox, no GPU, nothing that phones home. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// scripts/test.mjs asks for a JSON report to count the results into its one total line.
const jsonReport = process.env["E2E_JSON_REPORT"];
const reporter: ReporterDescription[] = [["list"], ...(jsonReport ? [["json", { outputFile: jsonReport }] satisfies ReporterDescription] : [])];

export default defineConfig({
  testDir: "specs",
  outputDir: "test-results",
  retries: 0,
  // Each worker starts its own server; this machine has two cores.
  workers: 2,
  fullyParallel: false,
  forbidOnly: Boolean(process.env["CI"]),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter,
  use: {
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    // An action on a control that never appears fails with its locator, not as a test timeout.
    actionTimeout: 30_000,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "chromium", use: { browserName: "chromium" }, grepInvert: /@crowd/ },
    // A whole council's pages at once (45 browser contexts): one such test at a time on two cores.
    { name: "crowd", use: { browserName: "chromium" }, grep: /@crowd/, workers: 1 },
  ],
});
