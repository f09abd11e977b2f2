import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import type { Clock } from "../app/council.js";
import { DEFAULT_RATE_LIMIT } from "../app/rateLimit.js";
import type { Config } from "../config.js";
import { startServer, type RunningServer } from "../http/server.js";

/** A GraphQL response as a client sees it. */
export interface GqlResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly data: T | null;
  readonly errors: ReadonlyArray<{ message: string; extensions?: { code?: string } }>;
}

export interface TestServer {
  readonly server: RunningServer;
  readonly dataDir: string;
  readonly url: string;
  token(userId: string): Promise<string>;
  /** POSTs a document as `userId` (null: no token; a string starting "Bearer " is sent as the header). */
  gql<T = Record<string, unknown>>(userId: string | null, query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>>;
  /** Stops the server; the data folder stays until `dispose`. */
  stop(): Promise<void>;
  /** Starts a new server on the same data folder (a restart). */
  restart(): Promise<TestServer>;
  dispose(): Promise<void>;
}

export function testConfig(dataDir: string, overrides: Partial<Config> = {}): Config {
  return {
    mode: "demo",
    port: 0,
    host: "127.0.0.1",
    dataDir,
    logLevel: "silent",
    entra: null,
    rateLimit: DEFAULT_RATE_LIMIT,
    ...overrides,
  };
}

/** The real server on a free port with a fresh DATA_DIR (or a given one), in demo mode; the system clock unless given one. */
export async function startTestServer(dataDir?: string, options: { readonly clock?: Clock } = {}): Promise<TestServer> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), "council-test-")));
  const server = await startServer(testConfig(dir), { log: pino({ level: "silent" }), ...(options.clock ? { clock: options.clock } : {}) });
  const tokens = new Map<string, string>();
  const token = async (userId: string): Promise<string> => {
    const known = tokens.get(userId);
    if (known) return known;
    if (!server.issuer) throw new Error("no local issuer");
    const fresh = await server.issuer.sign(userId);
    tokens.set(userId, fresh);
    return fresh;
  };
  const self: TestServer = {
    server,
    dataDir: dir,
    url: server.url,
    token,
    async gql<T>(userId: string | null, query: string, variables: Record<string, unknown> = {}) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (userId !== null) headers["authorization"] = userId.startsWith("Bearer ") ? userId : `Bearer ${await token(userId)}`;
      const res = await fetch(`${server.url}/graphql`, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: T | null; errors?: GqlResponse["errors"] };
      return { status: res.status, data: body.data ?? null, errors: body.errors ?? [] };
    },
    stop: () => server.close(),
    async restart() {
      await server.close();
      return startTestServer(dir, options);
    },
    async dispose() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return self;
}

/** The error codes of a response, in order. */
export const codes = (response: GqlResponse): string[] => response.errors.map((e) => e.extensions?.code ?? "(none)");

/** Data or a thrown error naming what the server said. */
export function dataOf<T>(response: GqlResponse<T>): T {
  if (response.errors.length > 0 || response.data === null) {
    throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}

/**
 * A GraphQL-over-SSE subscription as a browser client makes it (fetch POST, bearer header).
 * `next(predicate)` waits for an event whose data satisfies it.
 */
/** One SSE block's data lines joined ("" when it has none). */
export function sseData(block: string): string {
  return block
    .split("\n")
    .filter((l) => l.startsWith("data:"))
    .map((l) => l.slice(5).trim())
    .join("");
}

/**
 * Subscribes over Server-Sent Events (as a browser does) and reads the whole stream a refusal gives:
 * exactly one "next" event with the errors, then "complete". Returns the status and that event's JSON.
 */
export async function refusedSubscription(
  url: string,
  authorization: string | null,
  operation: { readonly query: string; readonly variables?: Record<string, unknown> },
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "text/event-stream" };
  if (authorization !== null) headers["authorization"] = authorization;
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers,
    body: JSON.stringify({ query: operation.query, variables: operation.variables }),
    signal: AbortSignal.timeout(5_000),
  });
  const blocks = (await res.text()).split("\n\n");
  const next = blocks.filter((b) => b.split("\n").includes("event: next")).map(sseData);
  assert.equal(next.length, 1, `one event: ${JSON.stringify(blocks)}`);
  assert.ok(blocks.some((b) => b.split("\n").includes("event: complete")), "the stream completes");
  return { status: res.status, body: JSON.parse(next[0] ?? "null") };
}

export async function subscribe<T>(url: string, token: string, query: string, variables: Record<string, unknown>) {
  const controller = new AbortController();
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  if (!res.body) throw new Error("no event stream");
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const received: T[] = [];
  let buffer = "";
  const waiters: Array<() => void> = [];
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const data = sseData(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
          if (data) {
            const parsed = JSON.parse(data) as { data?: T };
            if (parsed.data) received.push(parsed.data);
            waiters.splice(0).forEach((w) => w());
          }
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    status: res.status,
    received,
    async next(predicate: (data: T) => boolean, timeoutMs = 10_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = received.find(predicate);
        if (hit) return hit;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching event in ${timeoutMs} ms; got ${JSON.stringify(received.slice(-3))}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}
