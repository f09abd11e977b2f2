import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

/** `npm start` as a user runs it: the real process, PORT and DATA_DIR from the environment. */

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });

const children: ChildProcess[] = [];

async function start(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "api/src/main.ts"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 20_000;
  while (!output.includes('"msg":"serving"')) {
    if (child.exitCode !== null) return { child, output: () => output };
    if (Date.now() > deadline) throw new Error(`the server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, output: () => output };
}

/** Logs reach the pipe a moment after the response that follows them: retry an assertion for up to 5 s. */
async function eventually(check: () => void): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

const stopped = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));

async function ask(port: number, token: string, query: string): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return res.json();
}

describe("npm start", () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "council-main-"));
  });
  after(async () => {
    // A failed assertion must not leave a server running (the test process would never end).
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    await rm(dataDir, { recursive: true, force: true });
  });

  it("serves the demo council on PORT from DATA_DIR, stops on SIGTERM, and a second start continues the same ledger", async () => {
    const port = await freePort();
    const env = { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "info" };
    const first = await start(env);
    const { token } = (await (await fetch(`http://127.0.0.1:${port}/dev/token?user=member-1`)).json()) as { token: string };
    assert.deepEqual(await ask(port, token, `mutation { openMeeting(meetingId: "kf-2026-12-14") { status } }`), {
      data: { openMeeting: { status: "OPEN" } },
    });
    await eventually(() => assert.match(first.output(), /"command":"OpenMeeting".*"msg":"ledger append"/, "one log line per ledger append"));
    assert.ok((await stat(join(dataDir, "council.sqlite"))).size > 0);
    first.child.kill("SIGTERM");
    assert.equal(await stopped(first.child), 0);

    const second = await start(env);
    // The same token still works: the demo issuer's key is kept in DATA_DIR.
    assert.deepEqual(await ask(port, token, `{ meeting(id: "kf-2026-12-14") { status ledgerHead { seq } } }`), {
      data: { meeting: { status: "OPEN", ledgerHead: { seq: 3 } } },
    });
    assert.doesNotMatch(second.output(), /demo council created/, "the demo council is created once");
    second.child.kill("SIGTERM");
    assert.equal(await stopped(second.child), 0);
  });

  it("refuses production mode without identity settings, saying what is missing", async () => {
    const run = await start({ NODE_ENV: "production", PORT: String(await freePort()), DATA_DIR: dataDir });
    assert.equal(await stopped(run.child), 1);
    assert.match(run.output(), /Not starting: Production mode .* missing: ENTRA_TENANT_ID, ENTRA_CLIENT_ID, ENTRA_JWKS_URL/);
  });
});
