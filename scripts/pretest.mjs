#!/usr/bin/env node
// Runs before `npm test`: the browser suite needs Debian's Chromium (Playwright cannot download its own here).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = "/usr/bin/chromium";
const INSTALL = "sudo apt-get update && sudo apt-get install -y chromium";

function run(command, args) {
  const result = spawnSync(command, args, {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`pretest: \`${command} ${args.join(" ")}\` failed (exit ${result.status ?? result.signal}).`);
    process.exit(1);
  }
}

if (existsSync(CHROMIUM)) {
  console.log(`pretest: ${CHROMIUM} is installed.`);
  process.exit(0);
}

if (typeof process.getuid !== "function" || process.getuid() !== 0) {
  console.error(`pretest: the browser tests need Chromium at ${CHROMIUM}. Install it with:\n${INSTALL}`);
  process.exit(1);
}

console.log(`pretest: ${CHROMIUM} is missing; installing Debian's chromium package.`);
run("apt-get", ["update"]);
run("apt-get", ["install", "-y", "chromium"]);

const check = spawnSync(CHROMIUM, ["--version"], { encoding: "utf8" });
if (check.status !== 0) {
  console.error(`pretest: ${CHROMIUM} --version failed after the install:\n${check.stderr ?? ""}`);
  process.exit(1);
}
console.log(`pretest: installed ${check.stdout.trim()}.`);
