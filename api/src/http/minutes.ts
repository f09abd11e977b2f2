import type { IncomingMessage, ServerResponse } from "node:http";
import { getMeeting, meetingRolesOf } from "../domain/council/decide.js";
import type { Role } from "../domain/council/events.js";
import type { CouncilState, MeetingState } from "../domain/council/state.js";
import { DomainError } from "../domain/errors.js";
import { findVote, votingListCsv } from "../minutes/csv.js";
import { minutesOf, type Minutes } from "../minutes/minutes.js";
import { safeName, serveGet, type RouteServices } from "./route.js";

/**
 * The minutes (issue 8): GET /minutes.json?meeting=<id> (JSON) and GET /minutes/voting-list.csv?meeting=<id>&vote=<id>,
 * made from the live read model and the ledger head it is at, which both carry.
 *
 * Who may read them: the chair, clerks and admins of the assembly at any time; once the meeting is
 * closed, everyone in the assembly (members, observers), because then every vote is closed and the
 * contract shows a closed vote's ballots to everyone. While a vote is open its answers are for the chair
 * and clerks only (the contract), so an admin who is neither is refused (CONFLICT) until it closes.
 */

const STAFF: readonly Role[] = ["CHAIR", "CLERK", "ADMIN"];
const SEES_OPEN_BALLOTS: readonly Role[] = ["CHAIR", "CLERK"];

export function serveMinutes(req: IncomingMessage, res: ServerResponse, services: RouteServices): Promise<void> {
  return serveGet(req, res, services, "Use GET /minutes.json?meeting=<meetingId>.", (userId, params) => {
    const minutes = readableMinutes(services, userId, params.get("meeting"), "/minutes.json?meeting=<meetingId>");
    res.writeHead(200, {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      "content-disposition": `attachment; filename="protokoll-${safeName(minutes.meeting.id)}-seq${minutes.ledgerHead.seq}.json"`,
      "x-content-type-options": "nosniff",
    });
    res.end(`${JSON.stringify(minutes, null, 2)}\n`);
  });
}

export function serveVotingList(req: IncomingMessage, res: ServerResponse, services: RouteServices): Promise<void> {
  const usage = "/minutes/voting-list.csv?meeting=<meetingId>&vote=<voteId>";
  return serveGet(req, res, services, `Use GET ${usage}.`, (userId, params) => {
    const voteId = params.get("vote");
    if (!params.get("meeting") || !voteId) throw new DomainError("BAD_INPUT", `Say which meeting and vote: ${usage}.`);
    const minutes = readableMinutes(services, userId, params.get("meeting"), usage);
    const found = findVote(minutes, voteId);
    if (!found) throw new DomainError("NOT_FOUND", `Vote ${voteId} of meeting ${minutes.meeting.id} was not found.`);
    const { itemNumber, vote } = found;
    res.writeHead(200, {
      "content-type": "text/csv; charset=utf-8",
      "cache-control": "no-store",
      "content-disposition": `attachment; filename="voteringslista-${safeName(minutes.meeting.id)}-p${itemNumber}-v${vote.round}-seq${minutes.ledgerHead.seq}.csv"`,
      "x-content-type-options": "nosniff",
    });
    res.end(votingListCsv(minutes, vote));
  });
}

/** The meeting's minutes now, if the caller may read them. */
function readableMinutes(services: RouteServices, userId: string, meetingId: string | null, usage: string): Minutes {
  if (!meetingId) throw new DomainError("BAD_INPUT", `Say which meeting: ${usage}.`);
  // State and head are read together (no await between): the minutes name the head they were made at.
  const state = services.state();
  const head = services.head();
  const meeting = getMeeting(state, meetingId);
  requireMayRead(state, meeting, userId);
  return minutesOf(state, meeting.id, head, services.clock());
}

function requireMayRead(state: CouncilState, meeting: MeetingState, userId: string): void {
  const roles = meetingRolesOf(state, meeting, userId);
  if (meeting.status === "CLOSED" && roles.length > 0) return;
  if (!STAFF.some((r) => roles.includes(r))) {
    throw new DomainError("FORBIDDEN", "Until the meeting is closed its minutes are for the chair, clerks and admins; then for everyone in the assembly.");
  }
  if (meeting.openVoteId !== null && !SEES_OPEN_BALLOTS.some((r) => roles.includes(r))) {
    throw new DomainError("CONFLICT", "A vote is open: until it closes its answers are shown only to the chair and clerks. Try again when it is closed.");
  }
}
