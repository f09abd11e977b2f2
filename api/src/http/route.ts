import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../app/council.js";
import { TokenError, type TokenVerifier } from "../auth/tokens.js";
import type { CouncilState } from "../domain/council/state.js";
import { DomainError, type ErrorCode } from "../domain/errors.js";
import { BEARER, rosterUser } from "../graphql/context.js";
import type { LedgerHead } from "../ledger/chain.js";

/** What the thin authenticated GET routes beside /graphql (/paper-kit, /minutes) are served from. */
export interface RouteServices {
  /** The read model now. */
  readonly state: () => CouncilState;
  /** The ledger head the read model is at. */
  readonly head: () => LedgerHead;
  readonly verifier: TokenVerifier;
  readonly clock: Clock;
  /** Tells the request log who the caller was (never the token). */
  readonly noteUser?: (req: IncomingMessage, userId: string) => void;
}

const STATUS: Readonly<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_INPUT: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  NOT_IMPLEMENTED: 501,
};

/**
 * A GET route for a signed-in caller: anything but GET is 405 (`usage` says how to call it); the
 * caller is authenticated as the GraphQL API does it; `handle` gets their user id and the query, and
 * a DomainError it throws (the contract's codes) is answered as JSON with the matching status.
 */
export async function serveGet(
  req: IncomingMessage,
  res: ServerResponse,
  services: RouteServices,
  usage: string,
  handle: (userId: string, params: URLSearchParams) => void,
): Promise<void> {
  if (req.method !== "GET") {
    res.setHeader("allow", "GET");
    return refuse(res, 405, "BAD_INPUT", usage);
  }
  try {
    const userId = await authenticate(req, services);
    services.noteUser?.(req, userId);
    handle(userId, new URL(req.url ?? "/", "http://localhost").searchParams);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code === "UNAUTHENTICATED") res.setHeader("www-authenticate", "Bearer");
    refuse(res, STATUS[error.code], error.code, error.message);
  }
}

function refuse(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify({ error: message, code }));
}

/** The caller's roster user id, as the GraphQL API resolves it; UNAUTHENTICATED otherwise. */
async function authenticate(req: IncomingMessage, services: RouteServices): Promise<string> {
  const header = req.headers.authorization;
  if (!header) throw new DomainError("UNAUTHENTICATED", "Sign in: send a bearer token in the Authorization header.");
  const token = BEARER.exec(header)?.[1];
  if (!token) throw new DomainError("UNAUTHENTICATED", "The Authorization header must be 'Bearer <token>'.");
  try {
    const user = rosterUser(services.state(), await services.verifier.verify(token));
    if (!user) throw new DomainError("UNAUTHENTICATED", "You are not on the roster of any assembly here.");
    return user.userId;
  } catch (error) {
    if (error instanceof TokenError) throw new DomainError("UNAUTHENTICATED", error.message);
    throw error;
  }
}

/** A file name any file system takes: anything unusual replaced. */
export function safeName(text: string): string {
  return text.replace(/[^\w.-]+/g, "_").slice(0, 100);
}
