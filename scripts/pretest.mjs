#!/usr/bin/env node
// Runs before `npm test`: Debian packages the suites need and cannot fetch themselves. The browser
// suite needs Debian's Chromium (Playwright cannot download its own here); the power-cut test
// (api/reliability/powercut.test.ts) mounts a FUSE layer written on python3-fusepy and unmounts it
// with fusermount3 from fuse3.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = "/usr/bin/chromium";
/** Debian's python3-fusepy is installed for the system Python, not for another python3 on PATH. */
const PYTHON = "/usr/bin/python3";

const PACKAGES = [
  { name: "chromium", needed: `the browser tests need Chromium at ${CHROMIUM}`, present: () => existsSync(CHROMIUM) },
  { name: "fuse3", needed: "the power-cut test needs fusermount3", present: () => existsSync("/usr/bin/fusermount3") },
  {
    name: "python3-fusepy",
    needed: `the power-cut test needs fusepy for ${PYTHON}`,
    present: () => spawnSync(PYTHON, ["-c", "import fusepy"], { stdio: "ignore" }).status === 0,
  },
];

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

const missing = PACKAGES.filter((p) => !p.present());
if (missing.length === 0) {
  console.log(`pretest: ${PACKAGES.map((p) => p.name).join(", ")} are installed.`);
  process.exit(0);
}

const names = missing.map((p) => p.name);
const INSTALL = `sudo apt-get update && sudo apt-get install -y ${names.join(" ")}`;
if (typeof process.getuid !== "function" || process.getuid() !== 0) {
  console.error(`pretest: ${missing.map((p) => p.needed).join("; ")}. Install them with:\n${INSTALL}`);
  process.exit(1);
}

console.log(`pretest: ${names.join(", ")} missing; installing Debian's packages.`);
run("apt-get", ["update"]);
run("apt-get", ["install", "-y", ...names]);

const still = missing.filter((p) => !p.present());
if (still.length > 0) {
  console.error(`pretest: still missing after the install: ${still.map((p) => p.needed).join("; ")}.`);
  process.exit(1);
}
if (names.includes("chromium")) {
  const check = spawnSync(CHROMIUM, ["--version"], { encoding: "utf8" });
  if (check.status !== 0) {
    console.error(`pretest: ${CHROMIUM} --version failed after the install:\n${check.stderr ?? ""}`);
    process.exit(1);
  }
  console.log(`pretest: installed ${check.stdout.trim()}.`);
}
console.log(`pretest: installed ${names.join(", ")}.`);
