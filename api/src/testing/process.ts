import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The real server as its own process (`api/src/main.ts`, as `npm start` runs it), for tests that
 * must kill it (SIGKILL: no shutdown, no flush) and start it again on the same data, and for the
 * browser tests. In-process tests use startTestServer (server.ts).
 */

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

const STARTUP_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
/** Enough of the server's output to explain a failed start. */
const OUTPUT_LIMIT = 16 * 1024;

/** A GraphQL response as a client sees it. */
export interface GqlResult<T = Record<string, unknown>> {
  readonly status: number;
  readonly data: T | null;
  readonly errors: ReadonlyArray<{ message: string; extensions?: { code?: string } }>;
}

export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** A demo token from GET /dev/token (cached per user; the key is in DATA_DIR, so it outlives restarts). */
  token(userId: string): Promise<string>;
  /** POST /graphql as `userId` (null: without a token). */
  gql<T = Record<string, unknown>>(userId: string | null, query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
  /** SIGKILLs the process and waits until it is gone; the data stays. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and data (killing it first if it runs); resolves when it serves. */
  restart(): Promise<void>;
  /** SIGTERM (SIGKILL after 5 s), then removes the data folder unless it was given. */
  stop(): Promise<void>;
  /** The latest process's output (its last 16 KB). */
  output(): string;
}

export interface ProcessOptions {
  /** A data folder of the caller's (kept on stop); default a fresh temporary one (removed on stop). */
  readonly dataDir?: string;
  /** More environment for the server (e.g. RATE_LIMIT_BURST). */
  readonly env?: Readonly<Record<string, string>>;
}

interface Launched {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  output(): string;
}

function launch(port: number, dataDir: string, env: Readonly<Record<string, string>>): Launched {
  const child = spawn(process.execPath, ["--import", "tsx", "api/src/main.ts"], {
    cwd: REPO_ROOT,
    // Demo mode is any NODE_ENV but production: leave it unset whatever the caller's shell says.
    env: { ...process.env, NODE_ENV: undefined, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.once("error", (error) => keep(Buffer.from(`spawn failed: ${error.message}\n`)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return { child, exited, output: () => output };
}

/** Starts `api/src/main.ts` in demo mode on a free port and waits for /healthz. */
export async function startServerProcess(options: ProcessOptions = {}): Promise<ServerProcess> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "council-process-")));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = options.env ?? {};
  let running = launch(port, dataDir, env);

  const stop = async (): Promise<void> => {
    await terminate(running.child, running.exited);
    if (ownDir) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, running);
  } catch (error) {
    await stop();
    throw error;
  }

  const kill = async (): Promise<void> => {
    if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill("SIGKILL");
    await running.exited;
  };
  const restart = async (): Promise<void> => {
    await kill();
    running = launch(port, dataDir, env);
    await waitForHealth(url, running);
  };

  const tokens = new Map<string, string>();
  const token = async (userId: string): Promise<string> => {
    const known = tokens.get(userId);
    if (known) return known;
    const res = await fetch(`${url}/dev/token?user=${encodeURIComponent(userId)}`);
    const body: unknown = await res.json();
    if (!res.ok || !isRecord(body) || typeof body["token"] !== "string") {
      throw new Error(`GET /dev/token?user=${userId} answered ${res.status}: ${JSON.stringify(body)}`);
    }
    tokens.set(userId, body["token"]);
    return body["token"];
  };

  const gql = async <T = Record<string, unknown>>(userId: string | null, query: string, variables: Record<string, unknown> = {}): Promise<GqlResult<T>> => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (userId !== null) headers["authorization"] = `Bearer ${await token(userId)}`;
    const res = await fetch(`${url}/graphql`, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
    // The body is the server's JSON, typed by the caller's query: the one place a test trusts the shape.
    const body = (await res.json()) as { data?: T | null; errors?: GqlResult["errors"] };
    return { status: res.status, data: body.data ?? null, errors: body.errors ?? [] };
  };

  return { url, port, dataDir, token, gql, kill, restart, stop, output: () => running.output() };
}

/** A port nobody is listening on right now (the server binds it a moment later). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

async function waitForHealth(url: string, running: Launched): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    const { child } = running;
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The server exited (${child.exitCode ?? child.signalCode}) before answering /healthz. Its output:\n${running.output()}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`The server did not answer ${url}/healthz within ${STARTUP_TIMEOUT_MS / 1000} s. Its output:\n${running.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  // No pid: it never started, and will never emit "exit".
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const grace = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), STOP_GRACE_MS).unref());
  if ((await Promise.race([exited, grace])) === "timeout") {
    child.kill("SIGKILL");
    await exited;
  }
}

/**
 * Runs `api/src/main.ts` once on `dataDir` expecting it NOT to start: resolves with its exit code
 * and output once it exits (rejects if it serves within the timeout).
 */
export async function expectRefusedStart(dataDir: string, env: Readonly<Record<string, string>> = {}): Promise<{ code: number | null; output: string }> {
  const port = await freePort();
  const running = launch(port, dataDir, env);
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), STARTUP_TIMEOUT_MS).unref());
  if ((await Promise.race([running.exited, timeout])) === "timeout") {
    await terminate(running.child, running.exited);
    throw new Error(`The server did not refuse to start on ${dataDir}. Its output:\n${running.output()}`);
  }
  return { code: running.child.exitCode, output: running.output() };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
