import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../app/council.js";
import { TokenError, type TokenVerifier } from "../auth/tokens.js";
import { getMeeting, rolesOf } from "../domain/council/decide.js";
import type { Role } from "../domain/council/events.js";
import type { CouncilState } from "../domain/council/state.js";
import { DomainError, type ErrorCode } from "../domain/errors.js";
import { BEARER, rosterUser } from "../graphql/context.js";
import { renderPaperKit, type PaperLang } from "../paper/paperKit.js";

export interface PaperKitServices {
  /** The read model now. */
  readonly state: () => CouncilState;
  readonly verifier: TokenVerifier;
  readonly clock: Clock;
  /** Tells the request log who the caller was (never the token). */
  readonly noteUser?: (req: IncomingMessage, userId: string) => void;
}

const ALLOWED: readonly Role[] = ["CHAIR", "CLERK", "ADMIN"];
const LANGS: readonly PaperLang[] = ["sv", "en"];

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
 * GET /paper-kit?meeting=<id>&lang=sv|en with a bearer token: the meeting's print-ready paper kit
 * (issue 6), for the chair, the clerks and admins of its assembly.
 */
export async function servePaperKit(req: IncomingMessage, res: ServerResponse, services: PaperKitServices): Promise<void> {
  if (req.method !== "GET") {
    res.setHeader("allow", "GET");
    return refuse(res, 405, "BAD_INPUT", "Use GET /paper-kit?meeting=<meetingId>&lang=sv|en.");
  }
  try {
    const userId = await authenticate(req, services);
    services.noteUser?.(req, userId);
    const params = new URL(req.url ?? "/", "http://localhost").searchParams;
    const meetingId = params.get("meeting");
    const lang = params.get("lang") ?? "sv";
    if (!meetingId) throw new DomainError("BAD_INPUT", "Say which meeting: /paper-kit?meeting=<meetingId>.");
    if (!isLang(lang)) throw new DomainError("BAD_INPUT", "lang must be sv or en.");
    const state = services.state();
    const meeting = getMeeting(state, meetingId);
    const roles = rolesOf(state, meeting.assemblyId, userId);
    if (!ALLOWED.some((r) => roles.includes(r))) {
      throw new DomainError("FORBIDDEN", "Only the chair, clerks and admins download the paper kit.");
    }
    const html = renderPaperKit(state, meeting.id, lang, services.clock());
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-disposition": `inline; filename="${fileName(meeting.id, lang)}"`,
      // The kit has no script and loads nothing: say so to the browser too.
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'",
      "x-content-type-options": "nosniff",
    });
    res.end(html);
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
async function authenticate(req: IncomingMessage, services: PaperKitServices): Promise<string> {
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

function isLang(value: string): value is PaperLang {
  return LANGS.some((l) => l === value);
}

/** A file name any file system takes: the meeting id with anything unusual replaced. */
export function fileName(meetingId: string, lang: PaperLang): string {
  const safe = meetingId.replace(/[^\w.-]+/g, "_").slice(0, 100);
  return `${lang === "sv" ? "pappersunderlag" : "paper-kit"}-${safe}.html`;
}
