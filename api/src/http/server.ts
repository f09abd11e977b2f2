import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pino, type Logger } from "pino";
import { Council, systemClock, type Clock } from "../app/council.js";
import { RateLimiter } from "../app/rateLimit.js";
import { EntraVerifier, LocalIssuer, type TokenVerifier } from "../auth/tokens.js";
import { Backups } from "../backup/backups.js";
import { defaultBackupSettings, type Config } from "../config.js";
import { SYSTEM_ACTOR } from "../domain/council/commands.js";
import { demoCouncil } from "../demo/council.js";
import { Ledger, SYNCHRONOUS_FULL } from "../ledger/ledger.js";
import { createApi } from "../graphql/yoga.js";
import { rolesEverywhere } from "../graphql/context.js";
import { serveMinutes, serveVotingList } from "./minutes.js";
import { servePaperKit } from "./paperKit.js";
import type { RouteServices } from "./route.js";
import { serveTab } from "./static.js";

export const LEDGER_FILE = "council.sqlite";
/** A GraphQL request is a document and variables: this is generous for both. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly council: Council;
  readonly ledger: Ledger;
  /** Demo mode only: signs tokens for demo users (tests use it too). */
  readonly issuer: LocalIssuer | null;
  /** Automatic backups (on vote close and on the timer); `request` takes one now. */
  readonly backups: Backups;
  close(): Promise<void>;
}

export interface ServerOptions {
  readonly clock?: Clock;
  readonly log?: Logger;
}

/** Opens the ledger in DATA_DIR, rebuilds the read models, seeds the demo council once, listens. */
export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const log = options.log ?? pino({ level: config.logLevel, redact: ["req.headers.authorization", "token"] });
  await mkdir(config.dataDir, { recursive: true });
  const ledger = await Ledger.open(join(config.dataDir, LEDGER_FILE));
  let backups: Backups | null = null;
  try {
    const clock = options.clock ?? systemClock;
    const council = await Council.load(ledger, clock, log);
    if (config.mode === "demo" && ledger.head.seq === 0) {
      for (const command of demoCouncil()) await council.execute(command, SYSTEM_ACTOR);
      log.info("demo council created");
    }
    // A backup runs beside the server's work on a connection of its own: it never holds up a command.
    const backupSource = { ledgerFile: ledger.file, head: () => council.head, onCommitted: council.onCommitted.bind(council) };
    const running = await Backups.start(backupSource, config.backup ?? defaultBackupSettings(config.dataDir), log);
    backups = running;
    const issuer = config.mode === "demo" ? await LocalIssuer.inDataDir(config.dataDir, log) : null;
    const verifier: TokenVerifier = issuer ?? entraVerifier(config);
    const users = new WeakMap<IncomingMessage, string>();
    const api = createApi({
      council,
      ledger,
      verifier,
      limiter: new RateLimiter(config.rateLimit),
      mode: config.mode,
      log,
      noteUser: (req, userId) => users.set(req, userId),
      demoToken: issuer ? () => issuer.sign("member-1") : undefined,
    });
    const routes: RouteServices = {
      state: () => council.state,
      head: () => council.head,
      verifier,
      clock,
      noteUser: (req: IncomingMessage, userId: string) => users.set(req, userId),
    };
    const serveRoute = (serve: typeof servePaperKit, what: string) => (req: IncomingMessage, res: ServerResponse) =>
      void serve(req, res, routes).catch((error: unknown) => {
        log.error({ err: error }, `${what} failed`);
        if (!res.headersSent) sendJson(res, 500, { error: `The ${what} could not be made.` });
      });
    const paperKit = serveRoute(servePaperKit, "paper kit");
    const minutes = serveRoute(serveMinutes, "minutes");
    const votingList = serveRoute(serveVotingList, "voting list");

    const server = createServer((req, res) => {
      const started = performance.now();
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      res.on("close", () =>
        log.info(
          { method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started), user: users.get(req) },
          "request",
        ),
      );
      if (path === "/graphql") {
        if (tooLarge(req)) return sendJson(res, 413, { errors: [{ message: `A request may be at most ${MAX_BODY_BYTES} bytes.`, extensions: { code: "BAD_INPUT" } }] });
        return void api(req, res);
      }
      if (path === "/healthz") return void health(res, council, ledger);
      if (path === "/paper-kit") return paperKit(req, res);
      // The tab's minutes screen has the same path: a browser opening it sends no token and asks for a page.
      // /minutes itself is the tab's screen: the document has its own name.
      if (path === "/minutes.json") return minutes(req, res);
      if (path === "/minutes/voting-list.csv") return votingList(req, res);
      if (path === "/dev/token" && issuer) return void devToken(req, res, council, issuer);
      if (path === "/dev/users" && issuer) return sendJson(res, 200, { users: demoUsers(council) });
      if (path.startsWith("/dev/")) return sendJson(res, 404, { error: "Not found" });
      void serveTab(req, res, config.mode);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}`;
    log.info({ url: `${url}/graphql`, mode: config.mode, dataDir: config.dataDir, ledgerHead: ledger.head }, "serving");

    let closing: Promise<void> | null = null;
    const close = (): Promise<void> =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await council.drain();
        // Waits for a running backup (and one a last vote close scheduled) before the ledger closes.
        await running.close();
        await ledger.close();
      })());
    return { url, port, council, ledger, issuer, backups: running, close };
  } catch (error) {
    await backups?.close();
    await ledger.close();
    throw error;
  }
}

function entraVerifier(config: Config): TokenVerifier {
  if (!config.entra) throw new Error("Production mode needs Entra ID settings.");
  return new EntraVerifier(config.entra);
}

/**
 * GET /healthz: up, the ledger head, and what each ledger connection reports now. It is ok only while
 * every connection is in WAL mode with synchronous=FULL (a monitor can alert on anything else).
 */
async function health(res: ServerResponse, council: Council, ledger: Ledger): Promise<void> {
  const durability = await ledger.settings().catch(() => null);
  const ok = durability !== null && durability.every((c) => c.journalMode === "wal" && c.synchronous === SYNCHRONOUS_FULL);
  sendJson(res, ok ? 200 : 503, { ok, ledgerHead: council.head, durability });
}

/** Refuses bodies over the limit, and bodies whose length is not declared (fetch always declares it). */
function tooLarge(req: IncomingMessage): boolean {
  if (req.method !== "POST") return false;
  const length = Number(req.headers["content-length"]);
  return !Number.isFinite(length) || length > MAX_BODY_BYTES;
}

/** GET /dev/token?user=<id>: a token for a demo user (demo mode only, bound to 127.0.0.1). */
async function devToken(req: IncomingMessage, res: ServerResponse, council: Council, issuer: LocalIssuer): Promise<void> {
  const user = new URL(req.url ?? "/", "http://localhost").searchParams.get("user");
  if (req.method !== "GET") return sendJson(res, 405, { error: "Use GET /dev/token?user=<userId>." });
  if (!user) return sendJson(res, 400, { error: "Say which user: /dev/token?user=member-1" });
  if (!council.state.users.has(user)) return sendJson(res, 404, { error: `No demo user ${user}.` });
  sendJson(res, 200, { token: await issuer.sign(user) });
}

/** GET /dev/users: who can sign in in demo mode, for the tab's sign-in page. */
function demoUsers(council: Council) {
  const state = council.state;
  return [...state.users.values()].map((u) => ({
    userId: u.userId,
    displayName: u.displayName,
    roles: rolesEverywhere(state, u.userId, council.now()),
  }));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}
