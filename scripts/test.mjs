#!/usr/bin/env node
// Runs every test suite and ends with one line totalling them all: "N passed, N failed".
// Suites: unit and integration (node:test, *.test.ts beside the code), reliability (api/reliability:
// real server processes killed, files tampered with, figures printed), then the browser journeys
// (Playwright, e2e/specs, in Debian's Chromium: scripts/pretest.mjs installs it).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Files under `dir` whose name ends with `suffix` (npm runs scripts with sh, whose globs stop at one level). */
function find(dir, suffix) {
  const found = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...find(path, suffix));
    else if (name.endsWith(suffix)) found.push(path);
  }
  return found.sort();
}

function runNodeTests(name, files) {
  if (files.length === 0) return { name, passed: 0, failed: 0 };
  const scratch = mkdtempSync(join(tmpdir(), "council-tests-"));
  const counts = join(scratch, "counts.json");
  console.log(`\n== ${name}: ${files.length} files ==`);
  const run = spawnSync(
    process.execPath,
    [
      "--import", "tsx",
      "--test",
      "--test-concurrency=2",
      "--test-timeout=120000",
      "--test-reporter=spec", "--test-reporter-destination=stdout",
      `--test-reporter=${join(root, "scripts", "count-reporter.mjs")}`, `--test-reporter-destination=${counts}`,
      ...files.map((f) => relative(root, f)),
    ],
    { cwd: root, stdio: "inherit", env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "silent" } },
  );
  let report = { passed: 0, failed: 0 };
  try {
    report = JSON.parse(readFileSync(counts, "utf8"));
  } catch {
    // no report: the runner itself failed
  }
  rmSync(scratch, { recursive: true, force: true });
  const passed = report.passed;
  let failed = report.failed;
  if (run.status !== 0 && failed === 0) failed = 1; // the runner failed without a test to blame
  return { name, passed, failed };
}

function runPlaywright(name) {
  const scratch = mkdtempSync(join(tmpdir(), "council-e2e-report-"));
  const reportFile = join(scratch, "report.json");
  console.log(`\n== ${name} ==`);
  const cli = createRequire(import.meta.url).resolve("@playwright/test/cli");
  const run = spawnSync(process.execPath, [cli, "test", "-c", "e2e/playwright.config.ts"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, E2E_JSON_REPORT: reportFile },
  });
  let stats = null;
  try {
    stats = JSON.parse(readFileSync(reportFile, "utf8")).stats ?? null;
  } catch {
    // no report: Playwright itself failed (config, browser launch)
  }
  rmSync(scratch, { recursive: true, force: true });
  const passed = stats?.expected ?? 0;
  // retries are 0, so nothing should be flaky; if something is, it did fail once.
  let failed = (stats?.unexpected ?? 0) + (stats?.flaky ?? 0);
  if (run.status !== 0 && failed === 0) failed = 1; // the runner failed without a test to blame
  return { name, passed, failed };
}

const results = [
  runNodeTests("unit and integration (node:test)", ["api/src", "manifest", "plugin/src"].flatMap((dir) => find(join(root, dir), ".test.ts"))),
  // Issue 7: the server killed, the file tampered with, every caller against every mutation ... each prints its figures.
  runNodeTests("reliability (node:test)", find(join(root, "api", "reliability"), ".test.ts")),
  runPlaywright("browser journeys (Playwright)"),
];

console.log("");
for (const r of results) console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
