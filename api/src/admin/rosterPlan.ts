import { userIdOfSignIn } from "../domain/council/admin.js";
import type { MemberKind, MemberRecord, UserRecord } from "../domain/council/events.js";
import type { RosterVersion } from "../domain/council/state.js";
import type { Roster } from "./roster.js";

/**
 * From a roster file or a clerk's edits to the whole new roster the domain records (RosterChanged):
 * every person keeps their member id from one version to the next (matched by sign-in, then by name
 * and party), so that a substitute who moves up is the same person in the record, and the diff a
 * clerk confirms says who comes, who goes and what changes for whom.
 */

export interface RosterPlan {
  readonly seatCount: number;
  readonly members: readonly MemberRecord[];
  readonly users: readonly UserRecord[];
  readonly diff: RosterDiff;
}

export interface RosterDiff {
  readonly added: readonly MemberRecord[];
  readonly removed: readonly MemberRecord[];
  readonly changed: readonly MemberChange[];
}

export type MemberField = "name" | "party" | "kind" | "seat" | "substituteRank" | "signIn";

export interface MemberChange {
  readonly before: MemberRecord;
  readonly after: MemberRecord;
  readonly fields: readonly MemberField[];
}

/** What a roster version says about its people: members and who signs in as whom. */
export interface RosterPeople {
  readonly members: ReadonlyMap<string, MemberRecord>;
  readonly userOfMember: ReadonlyMap<string, string>;
}

export const NO_ONE: RosterPeople = { members: new Map(), userOfMember: new Map() };

export function peopleOf(version: RosterVersion): RosterPeople {
  return { members: version.members, userOfMember: version.userOfMember };
}

/** A parsed roster file, as the next version of `previous`. New people get ids from `newId`. */
export function planImport(previous: RosterPeople, roster: Roster, newId: () => string): RosterPlan {
  const byUser = new Map([...previous.userOfMember].map(([memberId, userId]) => [userId, memberId]));
  const byName = new Map<string, string[]>();
  for (const m of previous.members.values()) byName.set(nameKey(m.name, m.party), [...(byName.get(nameKey(m.name, m.party)) ?? []), m.id]);
  const taken = new Set<string>();
  const members: MemberRecord[] = [];
  const users: UserRecord[] = [];
  // Sign-ins first, for every row, so that a name match never takes a person a sign-in names.
  const rows = roster.members.map((row) => ({ row, userId: signInOf(row.upn, row.entraObjectId) }));
  const ids = new Map<number, string>();
  for (const { row, userId } of rows) {
    const match = (userId === null ? undefined : byUser.get(userId)) ?? (row.entraObjectId === null ? undefined : byUser.get(row.entraObjectId));
    if (match !== undefined && !taken.has(match)) {
      taken.add(match);
      ids.set(row.line, match);
    }
  }
  for (const { row } of rows) {
    if (ids.has(row.line)) continue;
    const match = (byName.get(nameKey(row.name, row.party)) ?? []).find((id) => !taken.has(id));
    if (match !== undefined) taken.add(match);
    ids.set(row.line, match ?? newId());
  }
  for (const { row, userId } of rows) {
    const id = ids.get(row.line) ?? newId();
    members.push({
      id,
      name: row.name,
      party: row.party,
      kind: row.kind,
      seat: row.kind === "ORDINARY" ? row.seat : null,
      substituteRank: row.kind === "SUBSTITUTE" ? row.rank : null,
    });
    if (userId !== null) users.push({ userId, displayName: row.name, memberId: id, roles: [] });
  }
  return { seatCount: roster.seatCount, members, users, diff: diffOf(previous, members, users) };
}

/** One person's change in an edit: `memberId` null for someone new; `remove` for someone who leaves. */
export interface MemberEdit {
  readonly memberId: string | null;
  readonly remove: boolean;
  readonly name: string;
  readonly party: string;
  readonly kind: MemberKind;
  readonly seat: number | null;
  readonly substituteRank: number | null;
  /** Teams sign-in name or Entra object id; null for none. */
  readonly signIn: string | null;
}

/**
 * Edits applied to `previous` together (a member resigns and a substitute moves up into the seat:
 * one change, so the roster is never without the seat's holder). Unknown member ids: null.
 */
export function planEdits(previous: RosterPeople, seatCount: number, edits: readonly MemberEdit[], newId: () => string): RosterPlan | { readonly unknown: string } {
  const members = new Map(previous.members);
  const userOfMember = new Map(previous.userOfMember);
  for (const edit of edits) {
    if (edit.memberId !== null && !members.has(edit.memberId)) return { unknown: edit.memberId };
    const id = edit.memberId ?? newId();
    if (edit.remove) {
      members.delete(id);
      userOfMember.delete(id);
      continue;
    }
    members.set(id, {
      id,
      name: edit.name.trim(),
      party: edit.party.trim(),
      kind: edit.kind,
      seat: edit.kind === "ORDINARY" ? edit.seat : null,
      substituteRank: edit.kind === "SUBSTITUTE" ? edit.substituteRank : null,
    });
    const signIn = edit.signIn?.trim() ?? "";
    const known = userOfMember.get(id);
    if (signIn === "") userOfMember.delete(id);
    // The sign-in as shown, sent back unchanged, stays as it was recorded.
    else if (known === undefined || known.toLowerCase() !== signIn.toLowerCase()) userOfMember.set(id, userIdOfSignIn(signIn));
  }
  const list = ordered([...members.values()]);
  const users = list.flatMap((m): UserRecord[] => {
    const userId = userOfMember.get(m.id);
    return userId === undefined ? [] : [{ userId, displayName: m.name, memberId: m.id, roles: [] }];
  });
  return { seatCount, members: list, users, diff: diffOf(previous, list, users) };
}

/** Who comes, who goes, and what changes for whom, between two versions. */
export function diffOf(previous: RosterPeople, members: readonly MemberRecord[], users: readonly Pick<UserRecord, "userId" | "memberId">[]): RosterDiff {
  const signIns = new Map(users.flatMap((u) => (u.memberId === null ? [] : [[u.memberId, u.userId] as const])));
  const next = new Set(members.map((m) => m.id));
  const added: MemberRecord[] = [];
  const changed: MemberChange[] = [];
  for (const after of members) {
    const before = previous.members.get(after.id);
    if (!before) {
      added.push(after);
      continue;
    }
    const fields: MemberField[] = (["name", "party", "kind", "seat", "substituteRank"] as const).filter((f) => before[f] !== after[f]);
    if ((previous.userOfMember.get(after.id) ?? null) !== (signIns.get(after.id) ?? null)) fields.push("signIn");
    if (fields.length > 0) changed.push({ before, after, fields });
  }
  const removed = [...previous.members.values()].filter((m) => !next.has(m.id));
  return { added, removed, changed };
}

/** The user id a roster row signs in as: the UPN where given (tokens carry both), else the object id. */
function signInOf(upn: string | null, entraObjectId: string | null): string | null {
  if (upn !== null) return userIdOfSignIn(upn);
  return entraObjectId === null ? null : userIdOfSignIn(entraObjectId);
}

function nameKey(name: string, party: string): string {
  return `${name.normalize("NFC").toLowerCase()}\u0000${party.toLowerCase()}`;
}

/** Ordinary members in seat order, then substitutes by party and rank. */
function ordered(members: MemberRecord[]): MemberRecord[] {
  const ordinary = members.filter((m) => m.kind === "ORDINARY").sort((a, b) => (a.seat ?? 0) - (b.seat ?? 0));
  const parties = [...new Set(ordinary.map((m) => m.party))];
  const substitutes = members
    .filter((m) => m.kind === "SUBSTITUTE")
    .sort((a, b) => partyOrder(parties, a.party) - partyOrder(parties, b.party) || (a.substituteRank ?? 0) - (b.substituteRank ?? 0));
  return [...ordinary, ...substitutes];
}

function partyOrder(parties: readonly string[], party: string): number {
  const i = parties.indexOf(party);
  return i === -1 ? parties.length : i;
}
