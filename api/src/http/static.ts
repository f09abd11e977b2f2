import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Mode } from "../config.js";

export const PLUGIN_DIST = fileURLToPath(new URL("../../../plugin/dist", import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

/**
 * Teams frames the tab: CSP frame-ancestors must allow the Teams hosts, and nothing may forbid
 * framing (no X-Frame-Options). Demo mode also allows a host page on this machine (the e2e harness).
 */
export function framingHeaders(mode: Mode): Record<string, string> {
  const teams = "https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft https://*.skype.com";
  const local = mode === "demo" ? " http://localhost:* http://127.0.0.1:*" : "";
  return {
    "content-security-policy": `frame-ancestors 'self' ${teams}${local}`,
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
  };
}

/** Serves the built tab: files from plugin/dist, and index.html for the page routes (/member, /chair ...). */
export async function serveTab(req: IncomingMessage, res: ServerResponse, mode: Mode, dist = PLUGIN_DIST): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD" }).end();
    return;
  }
  const path = decodeURIComponent((req.url ?? "/").split("?")[0] ?? "/");
  const file = normalize(join(dist, path));
  if (!file.startsWith(dist + sep) && file !== dist) {
    res.writeHead(404).end();
    return;
  }
  const asset = extname(path) !== "" ? await fileAt(file) : null;
  if (extname(path) !== "" && asset === null) {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found");
    return;
  }
  // A page of its own (/privacy -> privacy.html), else the app for the screen routes.
  const page = extname(path) === "" && path !== "/" ? await fileAt(`${file}.html`) : null;
  const target = asset ?? page ?? (await fileAt(join(dist, "index.html")));
  if (target === null) {
    res
      .writeHead(503, { "content-type": "text/plain; charset=utf-8" })
      .end("The tab is not built yet: run `npm run build:plugin` (npm start does it for you).");
    return;
  }
  const hashed = path.startsWith("/assets/");
  res.writeHead(200, {
    "content-type": TYPES[extname(target)] ?? "application/octet-stream",
    // Built assets carry a content hash; the page itself must always be fresh.
    "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
    ...framingHeaders(mode),
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  createReadStream(target).pipe(res);
}

async function fileAt(path: string): Promise<string | null> {
  try {
    return (await stat(path)).isFile() ? path : null;
  } catch {
    return null;
  }
}
