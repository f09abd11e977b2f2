import type { Browser, BrowserContext, FrameLocator, Page, Request, Route } from "@playwright/test";
import type { E2EServer } from "./server.js";

/**
 * A stand-in for the Microsoft Teams client, for browser tests of the tab inside Teams.
 *
 * The host page frames the built tab (`${server.url}${path}?inTeams=1`) and speaks the host side of
 * the teams-js 2.58 postMessage protocol:
 * - the tab posts `{ id, uuidAsString, func, args, apiVersionTag, timestamp, ... }` to its parent;
 * - the host answers a request by posting `{ id, uuidAsString, args }` to the tab's window, with the
 *   tab's origin as target. teams-js matches the answer to its request by `uuidAsString` (by the
 *   numeric `id` only when there is no uuid) and treats any message with a numeric `id` as an
 *   answer, so pushed events (`themeChange`, `settings.save`) carry no `id`;
 * - teams-js accepts a message only from its parent window and from its own origin, the Teams
 *   origins (https only), or an origin passed to `app.initialize([...])`. The tab passes its
 *   referrer's origin when the referrer is on localhost or 127.0.0.1, so by default the host page is
 *   served cross-origin, from `http://localhost:<port>` while the tab is on `http://127.0.0.1:<port>`
 *   (as in Teams, where the host is another origin than the tab). The server's demo-mode CSP allows
 *   `frame-ancestors http://localhost:*`. Chromium's Local Network Access checks take a page that
 *   Playwright fulfils for another origin for a public one, and refuse to let it frame 127.0.0.1
 *   (net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS, an empty iframe) unless the context has the
 *   "local-network-access" permission: the harness grants it, as a user would to a local host.
 * - until the host's first answer teams-js queues every request after `initialize`: it learns the
 *   host's origin from that answer.
 *
 * The host page is never served by the real server: `context.route` fulfils it.
 */

export type FrameContext = "sidePanel" | "meetingStage" | "settings" | "content";
export type TeamsTheme = "default" | "dark" | "contrast";
export type TeamsLocale = "sv-se" | "en-us";
export type BrowserLocale = "sv-SE" | "en-GB";

export interface TeamsHostOptions {
  /** The demo user the host signs in: getAuthToken answers with this user's token from GET /dev/token. */
  readonly userId: string;
  readonly frameContext: FrameContext;
  /** The Teams theme in the context (default "default", Teams' light theme). */
  readonly theme?: TeamsTheme;
  /** The Teams client's locale (default "sv-se"). */
  readonly locale?: TeamsLocale;
  /** The Teams meeting the tab is shown in (context.meeting.id); none: a tab outside a meeting. */
  readonly teamsMeetingId?: string;
  /** The tab's page path, as in the manifest's URLs (default "/"); `inTeams=1` is added. */
  readonly path?: string;
  readonly viewport?: { readonly width: number; readonly height: number };
  /**
   * The browser's own language (navigator.language). By default the other one than the Teams
   * locale, so a test sees that the tab follows Teams and not the browser.
   */
  readonly browserLocale?: BrowserLocale;
  /** Serve the host page from the tab's own origin instead of another localhost origin. */
  readonly sameOrigin?: boolean;
}

/** A message the host received from the tab. */
export interface HostMessage {
  readonly func: string;
  readonly args: readonly unknown[];
  /** The legacy numeric id; null for a message that is not a request. */
  readonly id: number | null;
  readonly uuid: string | null;
  readonly apiVersionTag: string | null;
  /** The origin the message came from (always the tab's: the host drops any other). */
  readonly origin: string;
}

/** A GraphQL request the tab sent to the API. */
export interface ApiRequest {
  readonly query: string;
  readonly variables: Readonly<Record<string, unknown>>;
  /** The Authorization header, e.g. "Bearer <token>"; null without one. */
  readonly authorization: string | null;
}

export interface TeamsHostPage {
  /** The host page (what a screenshot of Teams would show: the tab fills it). */
  readonly page: Page;
  readonly context: BrowserContext;
  /** The tab. */
  readonly frame: FrameLocator;
  readonly hostUrl: string;
  readonly tabUrl: string;
  /** The token getAuthToken answers with. */
  readonly token: string;
  /** Pushes a theme change, as Teams does when the user switches theme. */
  setTheme(theme: TeamsTheme): Promise<void>;
  /** The user presses Save in the configuration dialog: resolves with the tab's answer. */
  save(): Promise<"success" | "failure">;
  /** Every message the host has received from the tab, oldest first. */
  received(): Promise<HostMessage[]>;
  /** The messages received with this `func`. */
  messages(func: string): Promise<HostMessage[]>;
  /** The tab's GraphQL requests so far (queries, mutations and subscriptions). */
  apiRequests(): readonly ApiRequest[];
  close(): Promise<void>;
}

/** teams-js fetches its list of valid host origins from this CDN, which is unreachable offline. */
const TEAMS_CDN = "https://res.cdn.office.net/**";
const VALID_DOMAINS = JSON.stringify({ validOrigins: [] });
const HOST_PATH = "/__teams-host";
/** The teams-js version the host claims to support (initialize's 4th answer). */
const HOST_SDK_VERSION = "2.58.0";
/** What this host supports: teams-js refuses, e.g., pages.config calls unless the runtime lists them. */
const RUNTIME = { apiVersion: 4, supports: { appInitialization: {}, authentication: {}, meeting: {}, pages: { config: {} } } };
/** How long save() waits for settings.save.success or .failure. */
const SAVE_TIMEOUT_MS = 10_000;
const TENANT_ID = "8f0c6e2a-0000-4000-8000-00000000e2e0";

const VIEWPORTS: Readonly<Record<FrameContext, { width: number; height: number }>> = {
  sidePanel: { width: 320, height: 800 },
  meetingStage: { width: 1280, height: 720 },
  settings: { width: 1024, height: 768 },
  content: { width: 1024, height: 768 },
};

/** Opens the tab inside a Teams host page, in a browser context of its own, signed in as `options.userId`. */
export async function openInTeamsHost(browser: Browser, server: E2EServer, options: TeamsHostOptions): Promise<TeamsHostPage> {
  const locale = options.locale ?? "sv-se";
  const theme = options.theme ?? "default";
  const tabBase = new URL(server.url);
  const tabOrigin = tabBase.origin;
  const hostOrigin = options.sameOrigin ? tabOrigin : otherLocalOrigin(tabBase);
  const hostUrl = `${hostOrigin}${HOST_PATH}`;
  const path = options.path ?? "/";
  const tabUrl = `${tabOrigin}${path}${path.includes("?") ? "&" : "?"}inTeams=1`;
  const token = await server.token(options.userId);

  const meetingId = options.teamsMeetingId ?? null;
  const context = {
    frameContext: options.frameContext,
    theme,
    locale,
    hostName: "Teams",
    hostClientType: "web",
    userObjectId: userObjectId(options.userId),
    userPrincipalName: `${options.userId}@exempelstad.example`,
    loginHint: `${options.userId}@exempelstad.example`,
    tid: TENANT_ID,
    appSessionId: `e2e-session-${options.userId}`,
    ...(meetingId === null ? {} : { meetingId, chatId: `19:meeting_${encodeURIComponent(meetingId)}@thread.v2` }),
  };
  const html = hostPage({ tabUrl, tabOrigin, frameContext: options.frameContext, runtime: RUNTIME, sdkVersion: HOST_SDK_VERSION, context, token });

  const browserContext = await browser.newContext({
    viewport: options.viewport ?? VIEWPORTS[options.frameContext],
    locale: options.browserLocale ?? (locale === "sv-se" ? "en-GB" : "sv-SE"),
  });
  const apiRequests: ApiRequest[] = [];
  try {
    if (hostOrigin !== tabOrigin) await browserContext.grantPermissions(["local-network-access"]);
    await browserContext.route(TEAMS_CDN, answerTeamsCdn);
    await browserContext.route(hostUrl, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
    browserContext.on("request", (request) => {
      const recorded = apiRequestOf(request, `${tabOrigin}/graphql`);
      if (recorded) apiRequests.push(recorded);
    });
    const page = await browserContext.newPage();
    await page.goto(hostUrl);

    const received = async (): Promise<HostMessage[]> => parseReceived(await page.evaluate("window.__received"));
    return {
      page,
      context: browserContext,
      frame: page.frameLocator("iframe#tab"),
      hostUrl,
      tabUrl,
      token,
      setTheme: async (next) => {
        await page.evaluate(`window.__teamsHost.setTheme(${JSON.stringify(next)})`);
      },
      save: async () => {
        const answer: unknown = await page.evaluate(`window.__teamsHost.save(${SAVE_TIMEOUT_MS})`);
        if (answer !== "success" && answer !== "failure") throw new Error(`The host page's save() resolved with ${JSON.stringify(answer)}`);
        return answer;
      },
      received,
      messages: async (func) => (await received()).filter((m) => m.func === func),
      apiRequests: () => [...apiRequests],
      close: () => browserContext.close(),
    };
  } catch (error) {
    await browserContext.close();
    throw error;
  }
}

async function answerTeamsCdn(route: Route): Promise<void> {
  await route.fulfill({ status: 200, contentType: "application/json", body: VALID_DOMAINS });
}

/** The same port on the other loopback name: another origin (and site) than the tab's. */
function otherLocalOrigin(tab: URL): string {
  const host = tab.hostname === "localhost" ? "127.0.0.1" : "localhost";
  return `${tab.protocol}//${host}${tab.port ? `:${tab.port}` : ""}`;
}

/** A stable GUID-shaped Entra object id per demo user. */
function userObjectId(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (Math.imul(hash, 31) + (char.codePointAt(0) ?? 0)) >>> 0;
  return `00000000-0000-4000-8000-${hash.toString(16).padStart(12, "0")}`;
}

function apiRequestOf(request: Request, endpoint: string): ApiRequest | null {
  if (request.method() !== "POST" || request.url() !== endpoint) return null;
  let body: unknown;
  try {
    body = request.postDataJSON();
  } catch {
    return null;
  }
  if (!isRecord(body) || typeof body["query"] !== "string") return null;
  const variables = isRecord(body["variables"]) ? body["variables"] : {};
  return { query: body["query"], variables, authorization: request.headers()["authorization"] ?? null };
}

function parseReceived(value: unknown): HostMessage[] {
  if (!Array.isArray(value)) throw new Error(`window.__received is not a list: ${JSON.stringify(value)}`);
  return value.map((entry: unknown): HostMessage => {
    if (!isRecord(entry) || typeof entry["func"] !== "string" || !Array.isArray(entry["args"]) || typeof entry["origin"] !== "string") {
      throw new Error(`Unexpected entry in window.__received: ${JSON.stringify(entry)}`);
    }
    const args: unknown[] = entry["args"];
    return {
      func: entry["func"],
      args,
      id: typeof entry["id"] === "number" ? entry["id"] : null,
      uuid: typeof entry["uuid"] === "string" ? entry["uuid"] : null,
      apiVersionTag: typeof entry["apiVersionTag"] === "string" ? entry["apiVersionTag"] : null,
      origin: entry["origin"],
    };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

interface HostConfig {
  readonly tabUrl: string;
  readonly tabOrigin: string;
  readonly frameContext: FrameContext;
  readonly runtime: object;
  readonly sdkVersion: string;
  /** The legacy (flat) context Teams sends; teams-js turns it into app.Context. */
  readonly context: Readonly<Record<string, string>>;
  readonly token: string;
}

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/** The host page: the tab in an iframe filling the window, and the host side of the protocol. */
function hostPage(config: HostConfig): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Teams host (e2e)</title>
<style>html, body { margin: 0; height: 100%; overflow: hidden; } iframe { display: block; border: 0; width: 100vw; height: 100vh; }</style>
<script>
"use strict";
(() => {
  const config = ${scriptJson(config)};
  // Listening starts before the iframe exists: no message from the tab can come too early.
  const tab = () => document.getElementById("tab")?.contentWindow ?? null;
  /** Every message from the tab, for the test's assertions. */
  const received = [];
  window.__received = received;
  let theme = config.context.theme;
  let settings = null;
  /** save() calls waiting for the tab's settings.save.success / .failure, oldest first. */
  const saves = [];

  const post = (message) => tab().postMessage(message, config.tabOrigin);
  /** An answer to a request: teams-js matches it by uuidAsString (legacy: by id). */
  const answer = (request, args) => post({ id: request.id, uuidAsString: request.uuidAsString, args });
  /** An event from the host: no id, or teams-js would take it for an answer. */
  const push = (func, args) => post({ func, args });
  const settle = (result) => {
    const waiting = saves.shift();
    if (waiting) waiting(result);
  };

  window.addEventListener("message", (event) => {
    // Only the framed tab talks to this host.
    if (event.source === null || event.source !== tab() || event.origin !== config.tabOrigin) return;
    const message = event.data;
    if (!message || typeof message !== "object" || typeof message.func !== "string") return;
    received.push({
      func: message.func,
      args: Array.isArray(message.args) ? message.args : [],
      id: typeof message.id === "number" ? message.id : null,
      uuid: typeof message.uuidAsString === "string" ? message.uuidAsString : null,
      apiVersionTag: typeof message.apiVersionTag === "string" ? message.apiVersionTag : null,
      origin: event.origin,
    });
    switch (message.func) {
      case "initialize":
        answer(message, [config.frameContext, "web", JSON.stringify(config.runtime), config.sdkVersion]);
        break;
      case "getContext":
        answer(message, [{ ...config.context, theme }]);
        break;
      case "authentication.getAuthToken":
        answer(message, [true, config.token]);
        break;
      case "settings.setSettings":
        // pages.config.setConfig waits for [wasSuccessful, reason].
        settings = message.args[0] ?? null;
        answer(message, [true]);
        break;
      case "settings.getSettings":
        answer(message, [settings]);
        break;
      case "settings.save.success":
        settle("success");
        break;
      case "settings.save.failure":
        settle("failure");
        break;
      default:
        // registerHandler, appInitialization.*, settings.setValidityState: one-way messages.
        break;
    }
  });

  window.__teamsHost = {
    setTheme(next) {
      theme = next;
      push("themeChange", [next]);
    },
    save(timeoutMs) {
      return new Promise((resolve, reject) => {
        const waiting = (result) => {
          clearTimeout(timer);
          resolve(result);
        };
        const timer = setTimeout(() => {
          saves.splice(saves.indexOf(waiting), 1);
          reject(new Error("The tab answered settings.save with neither settings.save.success nor settings.save.failure within " + timeoutMs + " ms"));
        }, timeoutMs);
        saves.push(waiting);
        push("settings.save", [{}]);
      });
    },
  };
})();
</script>
</head>
<body>
<iframe id="tab" title="Council Vote tab" src="${escapeAttribute(config.tabUrl)}"></iframe>
</body>
</html>
`;
}
