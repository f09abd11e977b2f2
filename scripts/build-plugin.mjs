#!/usr/bin/env node
// Builds the Teams tab (plugin/dist) when it is missing or older than its sources, so that
// `npm start` and the browser tests always serve the current tab.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const built = join(root, "plugin", "dist", "index.html");

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const sources = ["plugin/src", "plugin/index.html", "plugin/vite.config.ts", "package-lock.json"].map((p) => join(root, p));
const stale = !existsSync(built) || Math.max(...sources.filter(existsSync).map(newest)) > statSync(built).mtimeMs;
if (!stale) {
  console.log("plugin: plugin/dist is up to date");
  process.exit(0);
}
console.log("plugin: building plugin/dist ...");
const vite = join(root, "node_modules", "vite", "bin", "vite.js");
const run = spawnSync(process.execPath, [vite, "build", "--config", join(root, "plugin", "vite.config.ts"), "--logLevel", "warn"], { cwd: root, stdio: "inherit" });
process.exit(run.status ?? 1);
