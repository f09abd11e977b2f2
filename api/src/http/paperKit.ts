import type { IncomingMessage, ServerResponse } from "node:http";
import { getMeeting, meetingRolesOf } from "../domain/council/decide.js";
import type { Role } from "../domain/council/events.js";
import { DomainError } from "../domain/errors.js";
import { renderPaperKit, type PaperLang } from "../paper/paperKit.js";
import { safeName, serveGet, type RouteServices } from "./route.js";

const ALLOWED: readonly Role[] = ["CHAIR", "CLERK", "ADMIN"];
const LANGS: readonly PaperLang[] = ["sv", "en"];

/**
 * GET /paper-kit?meeting=<id>&lang=sv|en with a bearer token: the meeting's print-ready paper kit
 * (issue 6), for the chair, the clerks and admins of its assembly.
 */
export function servePaperKit(req: IncomingMessage, res: ServerResponse, services: RouteServices): Promise<void> {
  return serveGet(req, res, services, "Use GET /paper-kit?meeting=<meetingId>&lang=sv|en.", (userId, params) => {
    const meetingId = params.get("meeting");
    const lang = params.get("lang") ?? "sv";
    if (!meetingId) throw new DomainError("BAD_INPUT", "Say which meeting: /paper-kit?meeting=<meetingId>.");
    if (!isLang(lang)) throw new DomainError("BAD_INPUT", "lang must be sv or en.");
    const state = services.state();
    const meeting = getMeeting(state, meetingId);
    const roles = meetingRolesOf(state, meeting, userId);
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
  });
}

function isLang(value: string): value is PaperLang {
  return LANGS.some((l) => l === value);
}

/** A file name any file system takes: the meeting id with anything unusual replaced. */
export function fileName(meetingId: string, lang: PaperLang): string {
  return `${lang === "sv" ? "pappersunderlag" : "paper-kit"}-${safeName(meetingId)}.html`;
}
