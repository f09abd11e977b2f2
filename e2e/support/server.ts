import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PLUGIN_INDEX = join(REPO_ROOT, "plugin", "dist", "index.html");

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

/** The real server, running as its own process, as a spec sees it. */
export interface E2EServer {
  readonly url: string;
  readonly dataDir: string;
  /** A demo token from GET /dev/token (cached per user). */
  token(userId: string): Promise<string>;
  /** POST /graphql as `userId` (null: without a token). */
  gql<T = Record<string, unknown>>(userId: string | null, query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
  /** SIGKILLs the server process and waits for it to be gone (the data stays). */
  kill(): Promise<void>;
  /** Starts the server again on the same port and data after kill() (or kills it first). */
  restart(): Promise<void>;
}

export interface RunningE2EServer extends E2EServer {
  /** SIGTERM, SIGKILL after 5 s; then removes the data folder. */
  stop(): Promise<void>;
}

/** Page specs need the built tab; API-only specs do not, so only page fixtures call this. */
export function requirePluginBuild(): void {
  if (!existsSync(PLUGIN_INDEX)) {
    throw new Error(`The plugin is not built (${PLUGIN_INDEX} is missing): run \`npm run build:plugin\` first.`);
  }
}

/** The server process: its output (for a failed start's message) and its exit. */
interface Launched {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  output(): string;
}

function launch(port: number, dataDir: string): Launched {
  const child = spawn(process.execPath, ["--import", "tsx", "api/src/main.ts"], {
    cwd: REPO_ROOT,
    // Demo mode is any NODE_ENV but production: leave it unset whatever the caller's shell says.
    env: { ...process.env, NODE_ENV: undefined, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "warn" },
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

/** Starts `api/src/main.ts` in demo mode on a free port with a fresh DATA_DIR and waits for /healthz. */
export async function startE2EServer(): Promise<RunningE2EServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "council-e2e-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let running = launch(port, dataDir);

  const stop = async (): Promise<void> => {
    await terminate(running.child, running.exited);
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(url, running.child, running.output);
  } catch (error) {
    await stop();
    throw error;
  }

  /** SIGKILL: no shutdown, no flush, as when the machine dies. */
  const kill = async (): Promise<void> => {
    if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill("SIGKILL");
    await running.exited;
  };
  /** A new process on the same port and the same data, as after a crash; resolves when it serves. */
  const restart = async (): Promise<void> => {
    await kill();
    running = launch(port, dataDir);
    await waitForHealth(url, running.child, running.output);
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

  const gql = async <T = Record<string, unknown>>(
    userId: string | null,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GqlResult<T>> => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (userId !== null) headers["authorization"] = `Bearer ${await token(userId)}`;
    const res = await fetch(`${url}/graphql`, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
    // The body is the server's JSON, typed by the caller's query: the one place a spec trusts the shape.
    const body = (await res.json()) as { data?: T | null; errors?: GqlResult["errors"] };
    return { status: res.status, data: body.data ?? null, errors: body.errors ?? [] };
  };

  return { url, dataDir, token, gql, stop, kill, restart };
}

/** A port nobody is listening on right now (the server binds it a moment later). */
async function freePort(): Promise<number> {
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

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The server exited (${child.exitCode ?? child.signalCode}) before answering /healthz. Its output:\n${output()}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`The server did not answer ${url}/healthz within ${STARTUP_TIMEOUT_MS / 1000} s. Its output:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** The data of a GraphQL request that must succeed (a journey's setup or check); its errors otherwise. */
export async function must<T = Record<string, unknown>>(
  server: E2EServer,
  user: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const result = await server.gql<T>(user, query, variables);
  if (result.errors.length > 0 || result.data === null) throw new Error(`${query}: ${JSON.stringify(result.errors)}`);
  return result.data;
}
