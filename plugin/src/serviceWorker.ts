/**
 * Keeps the tab's app shell in the browser, so a page reloaded while the network or the server is
 * down still opens (with the meeting as last seen and the clerk's queued entries, which the page
 * keeps in localStorage). Only the shell: the page routes and the built assets. The API (/graphql),
 * documents and everything else always go to the network.
 *
 * - The screens (/, /member, /chair, /clerk, /stage, /config, /minutes, /admin): network first (a deployed update is
 *   seen at once), the cached shell when it fails. Other pages (/privacy, /graphql, /paper-kit) are
 *   never answered from here.
 * - /assets/*: cache first (their names carry a content hash, so a cached file never goes stale).
 * - On install, and whenever a page route is fetched, the build's list of files
 *   (/shell-manifest.json, written by the build) is cached and files of older builds are dropped.
 */

// This file runs in the service worker's global scope, not a window: the few types it uses.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
interface WorkerScope {
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
  readonly location: Location;
}
declare const self: WorkerScope;

const CACHE = "council-vote-shell-v1";
/** The tab's screens: each is served the shell (index.html). Nothing else is kept or answered here. */
const SCREENS = /^\/(member|chair|clerk|stage|config|minutes|admin)?\/?$/;
const SHELL = "/index.html";
const MANIFEST = "/shell-manifest.json";

interface ShellManifest {
  readonly files: readonly string[];
}

/** Caches the current build's files and drops the assets of older builds. */
async function refreshShell(): Promise<void> {
  const response = await fetch(MANIFEST, { cache: "no-store" });
  if (!response.ok) return;
  const { files } = (await response.json()) as ShellManifest;
  const cache = await caches.open(CACHE);
  const wanted = new Set(files.map((f) => new URL(f, self.location.origin).href));
  for (const href of wanted) {
    if (!(await cache.match(href))) await cache.add(new Request(href, { cache: "no-store" }));
  }
  for (const request of await cache.keys()) {
    if (new URL(request.url).pathname.startsWith("/assets/") && !wanted.has(request.url)) await cache.delete(request);
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(refreshShell().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

/** A page route: the server's page when it answers, else the shell as last cached. */
async function page(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok && (response.headers.get("content-type") ?? "").startsWith("text/html")) {
      const cache = await caches.open(CACHE);
      await cache.put(SHELL, response.clone());
      void refreshShell().catch(() => undefined);
    }
    return response;
  } catch (error) {
    const cached = await caches.match(SHELL);
    if (cached) return cached;
    throw error;
  }
}

/** A built asset: from the cache, else from the network (and kept). */
async function asset(request: Request): Promise<Response> {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && SCREENS.test(url.pathname)) {
    event.respondWith(page(request));
  } else if (url.pathname.startsWith("/assets/")) {
    event.respondWith(asset(request));
  }
});
