import { readCsv, type CsvRow } from "./csv.js";

/**
 * Roster import from CSV (issue 9): the file is validated as a whole and every problem is reported with
 * the line it is on, so a clerk can fix the file in one go; a file with any problem yields no roster.
 *
 * Line numbers are 1-based lines of the file as an editor shows them: the header is line 1, a row
 * whose quoted field spans lines is named by the line it starts on. Line 0 is a problem of the file
 * as a whole that no single line can be blamed for (a seat nobody holds, no ordinary members).
 *
 * Seats and substitutes follow RULES.md 1: each ordinary member holds one seat; a substitute holds no
 * seat and is ranked within their party, which must have ordinary members.
 */

export type RosterKind = "ORDINARY" | "SUBSTITUTE";

export interface RosterMember {
  readonly line: number;
  readonly name: string;
  readonly party: string;
  readonly kind: RosterKind;
  readonly seat: number | null;
  readonly rank: number | null;
  /** The Teams sign-in name, as written in the file. */
  readonly upn: string | null;
  /** The Entra object id, lower case. */
  readonly entraObjectId: string | null;
}

export interface Roster {
  readonly seatCount: number;
  /** In the order the file first names them. */
  readonly parties: readonly string[];
  /** In file order. */
  readonly members: readonly RosterMember[];
}

export interface RosterProblem {
  readonly line: number;
  /** The column the problem is in (its canonical English name), where there is one. */
  readonly column?: string;
  readonly reason: string;
}

export type RosterParse = { readonly ok: true; readonly roster: Roster } | { readonly ok: false; readonly problems: readonly RosterProblem[] };

export interface RosterOptions {
  /** The assembly's seat count; defaults to the number of ordinary rows in the file. */
  readonly seatCount?: number;
}

type Column = "name" | "party" | "kind" | "seat" | "rank" | "upn" | "entra_object_id";

/** Header names, lower case, Swedish or English. */
const HEADER_NAMES: Readonly<Record<string, Column>> = {
  name: "name",
  namn: "name",
  party: "party",
  parti: "party",
  kind: "kind",
  typ: "kind",
  seat: "seat",
  plats: "seat",
  rank: "rank",
  rang: "rank",
  upn: "upn",
  entra_object_id: "entra_object_id",
};

const REQUIRED: readonly Column[] = ["name", "party", "kind", "seat", "rank"];
const SIGN_IN: readonly Column[] = ["upn", "entra_object_id"];

const KINDS: Readonly<Record<string, RosterKind>> = {
  ordinary: "ORDINARY",
  ordinarie: "ORDINARY",
  substitute: "SUBSTITUTE",
  ["ersättare"]: "SUBSTITUTE",
};

const POSITIVE_INTEGER = /^[1-9][0-9]*$/;
/** E-mail-like: something@domain.tld, no spaces. Entra decides what is a real account; this catches typos. */
const UPN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseRoster(csvText: string, options: RosterOptions = {}): RosterParse {
  const csv = readCsv(csvText);
  const problems: RosterProblem[] = csv.problems.map((p) => ({ line: p.line, reason: p.reason }));
  const [header, ...rows] = csv.rows;
  if (!header) {
    if (problems.length === 0) problems.push({ line: 1, reason: "the file is empty: a header row naming the columns is expected" });
    return { ok: false, problems };
  }

  const columns = readHeader(header, problems);
  // Without the columns no row can be read; the header's problems are the ones to fix first.
  if (!columns) return { ok: false, problems: sorted(problems) };

  const width = header.fields.length;
  const drafts: Draft[] = [];
  let unreadable = csv.problems.length > 0;
  for (const row of rows) {
    if (row.fields.length !== width) {
      problems.push({ line: row.line, reason: `the row has ${row.fields.length} fields, the header has ${width}` });
      unreadable = true;
      continue;
    }
    drafts.push(readRow(row, columns, problems));
  }

  // A row that cannot be read may be the missing piece (a seat's holder, a party's only member), so
  // the checks that conclude from what is absent wait until it is fixed; they would only mislead.
  const complete = !unreadable;
  const ordinaryRows = drafts.filter((d) => d.kind === "ORDINARY").length;
  const seatCount = options.seatCount ?? ordinaryRows;
  if (!Number.isInteger(seatCount) || seatCount < 1) {
    if (options.seatCount !== undefined) problems.push({ line: 0, reason: `the seat count ${seatCount} is not a positive whole number` });
    else if (complete) problems.push({ line: 0, reason: "the file has no ordinary members" });
  } else {
    checkSeats(drafts, seatCount, { complete, seatCountGiven: options.seatCount !== undefined }, problems);
  }
  checkSubstitutes(drafts, complete, problems);
  checkSignIns(drafts, problems);

  if (problems.length > 0) return { ok: false, problems: sorted(problems) };

  // With no problem every draft has its kind; the filter only tells the types so.
  const members = drafts.flatMap((d): RosterMember[] => (d.kind === null ? [] : [{ ...d, kind: d.kind }]));
  const parties = [...new Set(members.map((m) => m.party))];
  return { ok: true, roster: { seatCount, parties, members } };
}

export interface RosterPreview {
  readonly seatCount: number;
  readonly members: number;
  /** Per party, in roster order: ordinary seats and substitutes. */
  readonly parties: ReadonlyArray<{ readonly party: string; readonly seats: number; readonly substitutes: number }>;
  /** Members the system cannot recognise when they sign in to Teams until a sign-in is added. */
  readonly withoutSignIn: ReadonlyArray<{ readonly line: number; readonly name: string; readonly party: string; readonly kind: RosterKind }>;
}

/** What the clerk confirms before the roster is applied. */
export function preview(roster: Roster): RosterPreview {
  return {
    seatCount: roster.seatCount,
    members: roster.members.length,
    parties: roster.parties.map((party) => {
      const of = roster.members.filter((m) => m.party === party);
      return { party, seats: of.filter((m) => m.kind === "ORDINARY").length, substitutes: of.filter((m) => m.kind === "SUBSTITUTE").length };
    }),
    withoutSignIn: roster.members
      .filter((m) => m.upn === null && m.entraObjectId === null)
      .map((m) => ({ line: m.line, name: m.name, party: m.party, kind: m.kind })),
  };
}

/** A row as far as it could be read; null where the value is missing or wrong (already reported). */
interface Draft {
  readonly line: number;
  readonly name: string;
  readonly party: string;
  readonly kind: RosterKind | null;
  readonly seat: number | null;
  readonly rank: number | null;
  readonly upn: string | null;
  readonly entraObjectId: string | null;
}

type ColumnIndex = ReadonlyMap<Column, number>;

function readHeader(header: CsvRow, problems: RosterProblem[]): ColumnIndex | null {
  const index = new Map<Column, number>();
  let ok = true;
  header.fields.forEach((raw, i) => {
    const name = clean(raw).toLowerCase();
    const column = HEADER_NAMES[name];
    if (column === undefined) {
      problems.push({ line: header.line, reason: `unknown column "${clean(raw)}" (expected ${Object.keys(HEADER_NAMES).join(", ")})` });
      ok = false;
    } else if (index.has(column)) {
      problems.push({ line: header.line, column, reason: `the column ${column} is named twice` });
      ok = false;
    } else {
      index.set(column, i);
    }
  });
  for (const column of REQUIRED) {
    if (!index.has(column)) {
      problems.push({ line: header.line, column, reason: `the column ${column} is missing` });
      ok = false;
    }
  }
  if (!SIGN_IN.some((c) => index.has(c))) {
    problems.push({ line: header.line, reason: "a sign-in column is missing: upn, entra_object_id or both" });
    ok = false;
  }
  return ok ? index : null;
}

function readRow(row: CsvRow, columns: ColumnIndex, problems: RosterProblem[]): Draft {
  const value = (column: Column): string => {
    const i = columns.get(column);
    return i === undefined ? "" : clean(row.fields[i] ?? "");
  };
  const problem = (column: Column, reason: string): void => {
    problems.push({ line: row.line, column, reason });
  };

  const name = value("name");
  if (name === "") problem("name", "the name is empty");
  const party = value("party");
  if (party === "") problem("party", "the party is empty");

  const kindText = value("kind");
  const kind = KINDS[kindText.toLowerCase()] ?? null;
  if (kind === null) {
    problem("kind", kindText === "" ? "the kind is empty (ordinary or substitute)" : `unknown kind "${kindText}" (ordinary, substitute, ordinarie or ersättare)`);
  }

  const seatText = value("seat");
  const rankText = value("rank");
  let seat: number | null = null;
  let rank: number | null = null;
  if (kind === "ORDINARY") {
    if (seatText === "") problem("seat", "an ordinary member needs a seat");
    else if (!POSITIVE_INTEGER.test(seatText)) problem("seat", `the seat "${seatText}" is not a seat number`);
    else seat = Number(seatText);
    if (rankText !== "") problem("rank", "an ordinary member has no substitute rank");
  } else if (kind === "SUBSTITUTE") {
    if (seatText !== "") problem("seat", "a substitute holds no seat of their own (RULES.md 1): leave the seat empty");
    if (rankText === "") problem("rank", "a substitute needs a rank (1 is called first)");
    else if (!POSITIVE_INTEGER.test(rankText)) problem("rank", `the rank "${rankText}" is not a positive whole number`);
    else rank = Number(rankText);
  }

  const upnText = value("upn");
  let upn: string | null = null;
  if (upnText !== "") {
    if (UPN.test(upnText)) upn = upnText;
    else problem("upn", `the sign-in name "${upnText}" is not of the form name@domain.se`);
  }
  const oidText = value("entra_object_id");
  let entraObjectId: string | null = null;
  if (oidText !== "") {
    if (GUID.test(oidText)) entraObjectId = oidText.toLowerCase();
    else problem("entra_object_id", `the Entra object id "${oidText}" is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`);
  }

  return { line: row.line, name, party, kind, seat, rank, upn, entraObjectId };
}

function checkSeats(
  drafts: readonly Draft[],
  seatCount: number,
  { complete, seatCountGiven }: { readonly complete: boolean; readonly seatCountGiven: boolean },
  problems: RosterProblem[],
): void {
  const holders = new Map<number, Draft[]>();
  for (const d of drafts) {
    if (d.kind !== "ORDINARY" || d.seat === null) continue;
    if (d.seat > seatCount) {
      // A seat count taken from the rows is too small while some row cannot be read.
      if (!seatCountGiven && !complete) continue;
      problems.push({ line: d.line, column: "seat", reason: `seat ${d.seat} is outside 1–${seatCount}` });
      continue;
    }
    const list = holders.get(d.seat) ?? [];
    list.push(d);
    holders.set(d.seat, list);
  }
  for (const [seat, list] of holders) {
    if (list.length < 2) continue;
    for (const d of list) {
      const others = list.filter((o) => o !== d).map((o) => `line ${o.line} (${o.name})`);
      problems.push({ line: d.line, column: "seat", reason: `seat ${seat} is also held by ${others.join(", ")}` });
    }
  }
  if (!complete) return;
  const empty: number[] = [];
  for (let seat = 1; seat <= seatCount; seat += 1) if (!holders.has(seat)) empty.push(seat);
  // An ordinary row with a wrong seat is reported on its line, and the seat it leaves empty is named too.
  if (empty.length > 0) {
    problems.push({ line: 0, column: "seat", reason: `${empty.length === 1 ? "seat" : "seats"} ${ranges(empty)} of ${seatCount} ${empty.length === 1 ? "has" : "have"} no ordinary member` });
  }
}

function checkSubstitutes(drafts: readonly Draft[], complete: boolean, problems: RosterProblem[]): void {
  const partiesWithSeats = new Set(drafts.filter((d) => d.kind === "ORDINARY").map((d) => d.party));
  const byRank = new Map<string, Draft[]>();
  for (const d of drafts) {
    if (d.kind !== "SUBSTITUTE" || d.party === "") continue;
    if (complete && !partiesWithSeats.has(d.party)) {
      problems.push({ line: d.line, column: "party", reason: `the party ${d.party} has no ordinary member for the substitute to serve for` });
    }
    if (d.rank === null) continue;
    const key = `${d.party}\u0000${d.rank}`;
    const list = byRank.get(key) ?? [];
    list.push(d);
    byRank.set(key, list);
  }
  for (const list of byRank.values()) {
    if (list.length < 2) continue;
    for (const d of list) {
      const others = list.filter((o) => o !== d).map((o) => `line ${o.line} (${o.name})`);
      problems.push({ line: d.line, column: "rank", reason: `rank ${d.rank} in ${d.party} is also given to ${others.join(", ")}` });
    }
  }
}

function checkSignIns(drafts: readonly Draft[], problems: RosterProblem[]): void {
  const twice = (column: "upn" | "entra_object_id", label: string, key: (d: Draft) => string | null): void => {
    const seen = new Map<string, Draft[]>();
    for (const d of drafts) {
      const k = key(d);
      if (k === null) continue;
      const list = seen.get(k) ?? [];
      list.push(d);
      seen.set(k, list);
    }
    for (const list of seen.values()) {
      if (list.length < 2) continue;
      for (const d of list) {
        const others = list.filter((o) => o !== d).map((o) => `line ${o.line} (${o.name})`);
        problems.push({ line: d.line, column, reason: `the ${label} is also used by ${others.join(", ")}` });
      }
    }
  };
  // Sign-in names are case-insensitive in Entra.
  twice("upn", "sign-in name", (d) => d.upn?.toLowerCase() ?? null);
  twice("entra_object_id", "Entra object id", (d) => d.entraObjectId);
}

/** Trimmed, and NFC so that "ersättare" typed on a Mac (decomposed ä) reads the same. */
function clean(text: string): string {
  return text.normalize("NFC").trim();
}

/** Line order; whole-file problems (line 0) first. Stable, so a line's problems keep column order. */
function sorted(problems: readonly RosterProblem[]): RosterProblem[] {
  return [...problems].sort((a, b) => a.line - b.line);
}

/** [1, 2, 3, 7] as "1–3, 7". */
function ranges(numbers: readonly number[]): string {
  const parts: string[] = [];
  let start = numbers[0];
  let prev = start;
  for (const n of [...numbers.slice(1), Number.NaN]) {
    if (start === undefined || prev === undefined) break;
    if (n === prev + 1) {
      prev = n;
      continue;
    }
    parts.push(start === prev ? String(start) : `${start}–${prev}`);
    start = n;
    prev = n;
  }
  return parts.join(", ");
}
