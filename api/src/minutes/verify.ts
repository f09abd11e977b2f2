import { readFile } from "node:fs/promises";
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { replay } from "../app/council.js";
import { DomainError } from "../domain/errors.js";
import { verifyChain, type StoredEntry } from "../ledger/chain.js";
import { readLedgerFile } from "../ledger/offline.js";
import { MINUTES_FORMAT, minutesOf, type Minutes } from "./minutes.js";

/**
 * Checks exported minutes against the ledger (DESIGN.md, Ledger: "Minutes carry the ledger head
 * hash"): the ledger must have the head the minutes name, its chain up to there must verify, and the
 * minutes made again from the entries up to that head must be the file, value for value. A
 * difference is named by item (§), vote (round and id) and what differs.
 */

// --- The file ------------------------------------------------------------------------------------

const time = z.string();
const person = z.strictObject({ id: z.string(), name: z.string(), party: z.string(), kind: z.enum(["ORDINARY", "SUBSTITUTE"]) });
const proposalRef = z.strictObject({ id: z.string(), label: z.string() });
const correction = z.strictObject({ memberId: z.string(), reason: z.string(), seq: z.number().int() });
const count = z.number().int().nonnegative();

const vote = z.strictObject({
  id: z.string(),
  round: z.number().int().positive(),
  method: z.enum(["ELECTRONIC", "ROLL_CALL", "HAND_COUNT"]),
  question: z.string(),
  majority: z.enum(["SIMPLE", "TWO_THIRDS_OF_PRESENT"]),
  yesProposal: proposalRef.nullable(),
  noProposal: proposalRef.nullable(),
  status: z.enum(["OPEN", "CLOSED", "CANCELLED"]),
  openedAt: time,
  closedAt: time.nullable(),
  cancelReason: z.string().nullable(),
  result: z
    .strictObject({
      outcome: z.enum(["YES", "NO", "TIE"]),
      decidedBy: z.enum(["MAJORITY", "CASTING_VOTE"]).nullable(),
      yes: count,
      no: count,
      abstain: count,
      absent: count,
    })
    .nullable(),
  handCount: z
    .strictObject({ yes: count, no: count, abstain: count, countedAt: time, reason: z.string(), enteredBy: z.string(), enteredAt: time })
    .nullable(),
  votingList: z.array(
    z.strictObject({
      seat: z.number().int().nonnegative(),
      member: person,
      answer: z.enum(["YES", "NO", "ABSTAIN"]).nullable(),
      recordedBy: z.enum(["MEMBER", "CLERK"]).nullable(),
      superseded: z.boolean(),
    }),
  ),
  corrections: z.array(correction),
});

const item = z.strictObject({
  id: z.string(),
  number: z.number().int(),
  title: z.string(),
  caseNumber: z.string().nullable(),
  takenUp: z.boolean(),
  seating: z
    .array(z.strictObject({ seat: z.number().int().positive(), holder: person, servedBy: person.nullable(), recused: person.nullable() }))
    .nullable(),
  changes: z.array(
    z.strictObject({
      seat: z.number().int().positive(),
      from: person.nullable(),
      to: person.nullable(),
      why: z.enum(["SUBSTITUTE", "RECUSAL", "ABSENT", "RETURNED"]),
    }),
  ),
  recusals: z.array(person),
  proposals: z.array(z.strictObject({ id: z.string(), label: z.string(), text: z.string(), proposedBy: z.string().nullable() })),
  votes: z.array(vote),
  decision: z.string().nullable(),
  adoptedProposal: proposalRef.nullable(),
  reservations: z.array(z.strictObject({ member: person, text: z.string().nullable(), recordedBy: z.string(), recordedAt: time })),
  addedDuringMeeting: z.strictObject({ at: time, by: z.string() }).nullable(),
});

/** An exported minutes file, exactly as `minutesOf` makes it (nothing more, nothing less). */
export const MinutesFile: z.ZodType<Minutes> = z.strictObject({
  format: z.literal(MINUTES_FORMAT),
  generatedAt: time,
  ledgerHead: z.strictObject({ seq: z.number().int().nonnegative(), hash: z.string().regex(/^[0-9a-f]{64}$/, "a hex SHA-256 hash") }),
  assembly: z.strictObject({ id: z.string(), name: z.string(), seatCount: z.number().int().positive() }),
  meeting: z.strictObject({
    id: z.string(),
    title: z.string(),
    scheduledAt: time,
    status: z.enum(["SCHEDULED", "OPEN", "CLOSED"]),
    openedAt: time.nullable(),
    closedAt: time.nullable(),
    rosterVersion: z.number().int().positive(),
    presiding: z.array(z.strictObject({ member: person, from: time })),
  }),
  items: z.array(item),
  attendanceCorrections: z.array(correction),
});

/** A file that is not minutes in this format: it cannot be checked at all. */
export class MalformedMinutesError extends Error {
  override name = "MalformedMinutesError";
}

/** Parses an exported minutes file's text, or says plainly why it is not one. */
export function parseMinutes(text: string): Minutes {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MalformedMinutesError(`not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = MinutesFile.safeParse(json);
  if (!parsed.success) throw new MalformedMinutesError(`not ${MINUTES_FORMAT} minutes:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

// --- The check -----------------------------------------------------------------------------------

export type MinutesCheck =
  | { readonly ok: true; readonly head: { readonly seq: number; readonly hash: string } }
  | { readonly ok: false; readonly problem: string; readonly differences: readonly string[] };

/**
 * The minutes against a ledger's entries (at least up to the minutes' head; later ones are ignored):
 * the head must be in the ledger, the chain up to it must verify, and the minutes made from it must
 * be the file.
 */
export function checkMinutes(minutes: Minutes, ledger: readonly StoredEntry[]): MinutesCheck {
  const head = minutes.ledgerHead;
  const entries = ledger.filter((e) => e.seq <= head.seq);
  const chain = verifyChain(entries);
  if (!chain.ok) {
    return { ok: false, problem: `the ledger does not verify up to seq ${head.seq}: entry ${chain.firstBadSeq}: ${chain.problem}`, differences: [] };
  }
  const atHead = entries.at(-1);
  if (atHead === undefined || atHead.seq !== head.seq || atHead.hash !== head.hash) {
    const have = atHead === undefined ? "it has no entries" : atHead.seq !== head.seq ? `it ends at seq ${atHead.seq}` : `its entry ${head.seq} has hash ${atHead.hash}`;
    return {
      ok: false,
      problem: `the minutes were made from a ledger head this ledger does not have (seq ${head.seq}, hash ${head.hash}): ${have}`,
      differences: [],
    };
  }
  let made: Minutes;
  try {
    made = minutesOf(replay(entries), minutes.meeting.id, head, minutes.generatedAt);
  } catch (error) {
    if (error instanceof DomainError && error.code === "NOT_FOUND") {
      return { ok: false, problem: `the ledger has no meeting ${minutes.meeting.id} at seq ${head.seq}`, differences: [] };
    }
    throw error;
  }
  if (isDeepStrictEqual(made, minutes)) return { ok: true, head };
  const differences = differencesOf(minutes, made);
  return { ok: false, problem: `the minutes do not match the ledger at seq ${head.seq} (${differences.length} ${differences.length === 1 ? "difference" : "differences"})`, differences };
}

/** `npm run verify-minutes`: reads both files, checks, and says so. Exit 0: match, 1: no match, 2: cannot check. */
export async function verifyMinutesFile(minutesPath: string, ledgerPath: string, out: (line: string) => void): Promise<number> {
  let minutes: Minutes;
  try {
    minutes = parseMinutes(await readFile(minutesPath, "utf8"));
  } catch (error) {
    if (error instanceof MalformedMinutesError) {
      out(`minutes: ${minutesPath} is ${error.message}`);
      return 2;
    }
    out(`minutes: cannot read ${minutesPath}: ${messageOf(error)}`);
    return 2;
  }
  let entries: StoredEntry[];
  try {
    entries = await readLedgerFile(ledgerPath, minutes.ledgerHead.seq);
  } catch (error) {
    out(`minutes: cannot read the ledger ${ledgerPath}: ${messageOf(error)}`);
    return 2;
  }
  const check = checkMinutes(minutes, entries);
  if (check.ok) {
    out(`minutes: match (ledger head seq ${check.head.seq}, hash ${check.head.hash})`);
    return 0;
  }
  out(`minutes: DO NOT MATCH: ${check.problem}`);
  const shown = check.differences.slice(0, MAX_SHOWN);
  for (const line of shown) out(`  ${line}`);
  if (check.differences.length > shown.length) out(`  ... and ${check.differences.length - shown.length} more`);
  return 1;
}

const MAX_SHOWN = 25;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// --- Naming a difference -------------------------------------------------------------------------

/** Where a difference is, as a reader of the minutes names it: "§ 2, round 1 (vote v-1)", "voting list seat 7 (member-7)", "answer". */
interface Where {
  readonly place: readonly string[];
  readonly entry: string | null;
  readonly fields: readonly string[];
}

/**
 * How the entries of each list in the minutes are told apart, and named. Entries are matched by key,
 * not by position, so that a line left out is named once instead of shifting every line after it.
 */
const LISTS: Readonly<Record<string, { readonly key: (e: Record<string, unknown>) => unknown; readonly name: (e: Record<string, unknown>) => string; readonly place?: true }>> = {
  items: { key: (e) => e["id"], name: (e) => `§ ${String(e["number"])}`, place: true },
  votes: { key: (e) => e["id"], name: (e) => `round ${String(e["round"])} (vote ${String(e["id"])})`, place: true },
  votingList: { key: (e) => memberId(e["member"]), name: (e) => `voting list seat ${String(e["seat"])} (${memberId(e["member"])})` },
  seating: { key: (e) => e["seat"], name: (e) => `seating seat ${String(e["seat"])}` },
  changes: { key: (e) => e["seat"], name: (e) => `seating change seat ${String(e["seat"])}` },
  recusals: { key: (e) => e["id"], name: (e) => `recusal of ${String(e["id"])}` },
  proposals: { key: (e) => e["id"], name: (e) => `proposal ${String(e["id"])} (${String(e["label"])})` },
  reservations: { key: (e) => memberId(e["member"]), name: (e) => `reservation by ${memberId(e["member"])}` },
  corrections: { key: (e) => e["seq"], name: (e) => `correction at seq ${String(e["seq"])}` },
  attendanceCorrections: { key: (e) => e["seq"], name: (e) => `attendance correction at seq ${String(e["seq"])}` },
};

function memberId(member: unknown): string {
  return isRecord(member) ? String(member["id"]) : "?";
}

/** Every place where the file and the minutes made from the ledger differ, named as a reader of the minutes would. */
export function differencesOf(file: Minutes, ledger: Minutes): string[] {
  const found: string[] = [];
  walk(file, ledger, { place: [], entry: null, fields: [] }, found);
  return found;
}

function walk(file: unknown, ledger: unknown, where: Where, found: string[]): void {
  if (isDeepStrictEqual(file, ledger)) return;
  if (Array.isArray(file) && Array.isArray(ledger)) return walkList(file, ledger, where, found);
  if (isRecord(file) && isRecord(ledger)) {
    for (const key of new Set([...Object.keys(ledger), ...Object.keys(file)])) {
      walk(file[key], ledger[key], { ...where, fields: [...where.fields, key] }, found);
    }
    return;
  }
  found.push(describe(where, file, ledger));
}

function walkList(file: readonly unknown[], ledger: readonly unknown[], where: Where, found: string[]): void {
  const list = LISTS[where.fields.at(-1) ?? ""];
  const keyed = (entries: readonly unknown[]) => {
    const byKey = new Map<unknown, Record<string, unknown>>();
    for (const e of entries) if (isRecord(e) && list) byKey.set(list.key(e), e);
    return byKey.size === entries.length ? byKey : null;
  };
  const inFile = keyed(file);
  const inLedger = keyed(ledger);
  if (!list || !inFile || !inLedger) {
    // Not a list the minutes key (or keys repeat): compare place by place.
    if (file.length !== ledger.length) found.push(describe({ ...where, fields: [...where.fields, "number of entries"] }, file.length, ledger.length));
    for (let i = 0; i < Math.min(file.length, ledger.length); i += 1) walk(file[i], ledger[i], { ...where, fields: [...where.fields, String(i)] }, found);
    return;
  }
  const into = (entry: Record<string, unknown>): Where =>
    list.place ? { place: [...where.place, list.name(entry)], entry: null, fields: [] } : { place: where.place, entry: list.name(entry), fields: [] };
  for (const [key, mine] of inLedger) {
    const theirs = inFile.get(key);
    walk(theirs, mine, into(mine), found);
  }
  for (const [key, theirs] of inFile) if (!inLedger.has(key)) walk(theirs, undefined, into(theirs), found);
  const order = (byKey: ReadonlyMap<unknown, unknown>, other: ReadonlyMap<unknown, unknown>) => [...byKey.keys()].filter((k) => other.has(k));
  const fileOrder = order(inFile, inLedger);
  const ledgerOrder = order(inLedger, inFile);
  if (!isDeepStrictEqual(fileOrder, ledgerOrder)) found.push(describe({ ...where, fields: [...where.fields, "order"] }, fileOrder, ledgerOrder));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(where: Where, file: unknown, ledger: unknown): string {
  const prefix = [where.place.join(", "), where.entry ?? "", where.fields.join(".")].filter((part) => part !== "");
  return `${prefix.map((part) => `${part}: `).join("")}the file says ${shown(file)}, the ledger says ${shown(ledger)}`;
}

function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
