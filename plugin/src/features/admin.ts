import type { MemberEditInput, RosterMember, RosterVersionView } from "../graphql/documents.js";

/**
 * The administration screens' rules that need no server (issue 9): which roster version is in
 * effect on a day (as the API decides it), the edits of a member resigning, dates and times between
 * the user's local time and the API's UTC, and the agenda's order. Pure, so they are unit tested.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() + 1 === m && date.getUTCDate() === d;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** A local calendar date as YYYY-MM-DD (the value of an <input type="date">). */
export function localDateOf(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Tomorrow in local time: when a roster change takes effect unless the user says otherwise. */
export function tomorrow(now: Date = new Date()): string {
  return localDateOf(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1));
}

/** The day before a YYYY-MM-DD date (calendar arithmetic, no time zone involved). */
export function dayBefore(date: string): string {
  const at = Date.parse(`${date}T00:00:00Z`);
  return new Date(at - 86_400_000).toISOString().slice(0, 10);
}

/** An <input type="datetime-local"> value (the user's local time) as an ISO-8601 UTC instant; null if it is not one. */
export function localInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  // Without an offset, a date-time is read as local time.
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** An ISO instant as an <input type="datetime-local"> value in the user's local time (to the minute). */
export function isoToLocalInput(iso: string): string {
  const d = new Date(iso);
  return `${localDateOf(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The roster version in effect on a date, as the API decides it: the latest to take effect on or
 * before it (of two from the same day, the one recorded later); the first version if none has.
 */
export function rosterOn(versions: readonly RosterVersionView[], date: string): RosterVersionView | null {
  let best: RosterVersionView | null = null;
  for (const v of versions) {
    if (v.effectiveFrom !== null && v.effectiveFrom > date) continue;
    if (!best || (v.effectiveFrom ?? "") >= (best.effectiveFrom ?? "")) best = v;
  }
  return best ?? versions[0] ?? null;
}

/** The version a change taking effect on `effectiveFrom` builds on: the one in effect the day before (else the furthest). */
export function rosterBefore(versions: readonly RosterVersionView[], effectiveFrom: string): RosterVersionView | null {
  return rosterOn(versions, isDate(effectiveFrom) ? dayBefore(effectiveFrom) : "9999-12-31");
}

/** Ordinary members by seat, then substitutes by party (in seat order of the parties) and rank. */
export function rosterOrder(members: readonly RosterMember[]): RosterMember[] {
  const ordinary = members.filter((m) => m.kind === "ORDINARY").sort((a, b) => (a.seat ?? 0) - (b.seat ?? 0));
  const parties = [...new Set(ordinary.map((m) => m.party))];
  const rank = (party: string) => (parties.includes(party) ? parties.indexOf(party) : parties.length);
  const substitutes = members
    .filter((m) => m.kind === "SUBSTITUTE")
    .sort((a, b) => rank(a.party) - rank(b.party) || a.party.localeCompare(b.party) || (a.substituteRank ?? 0) - (b.substituteRank ?? 0));
  return [...ordinary, ...substitutes];
}

/** A party's substitutes in rank order (1 first). */
export function substitutesOf(members: readonly RosterMember[], party: string): RosterMember[] {
  return members.filter((m) => m.kind === "SUBSTITUTE" && m.party === party).sort((a, b) => (a.substituteRank ?? 0) - (b.substituteRank ?? 0));
}

/** A person as they are, for changeRoster: sent back unchanged, nothing about them changes. */
export function editOf(member: RosterMember): MemberEditInput {
  return {
    memberId: member.id,
    remove: false,
    name: member.name,
    party: member.party,
    kind: member.kind,
    seat: member.seat,
    substituteRank: member.substituteRank,
    signIn: member.signIn,
  };
}

export type Successor = { readonly kind: "substitute"; readonly memberId: string } | { readonly kind: "new"; readonly name: string; readonly signIn: string };

/**
 * A member resigns and someone takes the seat, as one change: the member leaves the roster; a
 * substitute of the party moves up into the seat (the party's substitutes after them move up one
 * rank each, so the ranks stay 1, 2, 3 …), or a new person of the party takes it.
 */
export function resignationEdits(members: readonly RosterMember[], resigningId: string, successor: Successor): MemberEditInput[] {
  const resigning = members.find((m) => m.id === resigningId);
  if (!resigning || resigning.kind !== "ORDINARY") throw new Error(`${resigningId} is not an ordinary member of the roster.`);
  const leaves: MemberEditInput = { ...editOf(resigning), remove: true };
  if (successor.kind === "new") {
    const signIn = successor.signIn.trim();
    return [
      leaves,
      {
        memberId: null,
        remove: false,
        name: successor.name.trim(),
        party: resigning.party,
        kind: "ORDINARY",
        seat: resigning.seat,
        substituteRank: null,
        signIn: signIn === "" ? null : signIn,
      },
    ];
  }
  const substitutes = substitutesOf(members, resigning.party);
  const moving = substitutes.find((m) => m.id === successor.memberId);
  if (!moving) throw new Error(`${successor.memberId} is not a substitute of ${resigning.party}.`);
  const movesUp: MemberEditInput = { ...editOf(moving), kind: "ORDINARY", seat: resigning.seat, substituteRank: null };
  const ranked = substitutes
    .filter((m) => m.id !== moving.id)
    .map((m, i) => ({ member: m, rank: i + 1 }))
    .filter(({ member, rank }) => member.substituteRank !== rank)
    .map(({ member, rank }): MemberEditInput => ({ ...editOf(member), substituteRank: rank }));
  return [leaves, movesUp, ...ranked];
}

/** The ids in a new order: the item at `index` moved by `delta` places (up: -1), or null when it cannot move. */
export function moved(ids: readonly string[], index: number, delta: number): string[] | null {
  const to = index + delta;
  if (index < 0 || index >= ids.length || to < 0 || to >= ids.length) return null;
  const next = [...ids];
  const [id] = next.splice(index, 1);
  if (id === undefined) return null;
  next.splice(to, 0, id);
  return next;
}

/** Document links written one per line (blank lines ignored). */
export function linesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/** Text a field may leave empty: null when it is. */
export function optional(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === "" ? null : trimmed;
}
