/** The protocol extract the API serves (GET /minutes, format "council-minutes/1"), as the tab reads it. */

export const MINUTES_FORMAT = "council-minutes/1";

// One definition of the shape: the server's (types only; nothing of the API's code is bundled).
export type { Minutes, MinutesItem, MinutesVote, MinutesSeat as SeatAtItem, Person } from "../../../api/src/minutes/minutes.js";
import type { Minutes, MinutesItem, MinutesVote, MinutesSeat as SeatAtItem, Person } from "../../../api/src/minutes/minutes.js";

export type Answer = "YES" | "NO" | "ABSTAIN";

export class MinutesFormatError extends Error {
  override name = "MinutesFormatError";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * The minutes from the server's JSON. Checked only as far as the tab relies on it: the format names
 * the shape, which the server's own tests hold it to.
 */
export function parseMinutes(text: string): Minutes {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MinutesFormatError("not JSON");
  }
  if (!isRecord(value) || value["format"] !== MINUTES_FORMAT) throw new MinutesFormatError(`not ${MINUTES_FORMAT}`);
  const head = value["ledgerHead"];
  if (!isRecord(head) || typeof head["seq"] !== "number" || typeof head["hash"] !== "string") throw new MinutesFormatError("no ledger head");
  if (!isRecord(value["meeting"]) || !Array.isArray(value["items"])) throw new MinutesFormatError("no meeting or items");
  // The format names the shape (see above).
  return value as unknown as Minutes;
}

export const minutesPath = (meetingId: string): string => `/minutes.json?meeting=${encodeURIComponent(meetingId)}`;

export const votingListPath = (meetingId: string, voteId: string): string =>
  `/minutes/voting-list.csv?meeting=${encodeURIComponent(meetingId)}&vote=${encodeURIComponent(voteId)}`;

const safeName = (text: string): string => text.replace(/[^\w.-]+/g, "_").slice(0, 100);

/** What the JSON is saved as when the server names no file. */
export const minutesFileName = (minutes: Minutes): string => `protokoll-${safeName(minutes.meeting.id)}-seq${minutes.ledgerHead.seq}.json`;

/** What a voting list is saved as when the server names no file. */
export const votingListFileName = (minutes: Minutes, item: MinutesItem, vote: MinutesVote): string =>
  `voteringslista-${safeName(minutes.meeting.id)}-p${item.number}-v${vote.round}-seq${minutes.ledgerHead.seq}.csv`;

/**
 * Who took part in an item's decision, and so may reserve against it (KL 4:27, as the server judges
 * it): who voted Ja or Nej in the last vote held on it (everyone on its list for a hand count), or,
 * decided without a vote, who served on it. Members with jäv are not in either.
 */
export function servedOn(item: MinutesItem): Person[] {
  const people = new Map<string, Person>();
  const decisive = item.votes.filter((v) => v.status !== "CANCELLED").at(-1);
  if (decisive) {
    for (const row of decisive.votingList) {
      if (decisive.handCount !== null || row.answer === "YES" || row.answer === "NO") people.set(row.member.id, row.member);
    }
  } else {
    for (const seat of item.seating ?? []) if (seat.servedBy) people.set(seat.servedBy.id, seat.servedBy);
  }
  return [...people.values()];
}

/** The seating the minutes open with: at the first item taken up. */
export function firstSeating(minutes: Minutes): { item: MinutesItem; seating: readonly SeatAtItem[] } | null {
  for (const item of minutes.items) if (item.takenUp && item.seating) return { item, seating: item.seating };
  return null;
}
