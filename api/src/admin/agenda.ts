import { LIMITS } from "../domain/council/admin.js";
import { readCsv, type CsvRow } from "./csv.js";

/**
 * Agenda import: a meeting's agenda as a case-management system exports it, as CSV or JSON, becomes a
 * list of item drafts that a later step turns into ledger events. As with the roster, the file is
 * validated as a whole and every problem is reported where it is, so the clerk can fix the file in one
 * go; a file with any problem yields no items, because a half-imported agenda is worse than none.
 *
 * Where a problem is: for CSV the 1-based line of the file as an editor shows it (the header is line 1;
 * a row whose quoted field spans lines is named by the line it starts on). For JSON, which has no rows
 * to point at, the item's place in the array counted from 1 (the first item is "line" 1). Line 0 is
 * the file as a whole (no items, too many, not JSON at all).
 *
 * The paragraph numbers (§) must be unique but need not run 1, 2, 3: a meeting continued from an
 * earlier one, or an agenda with a withdrawn item, keeps the numbers the notice of the meeting gave.
 * The items are returned in § order, the order the meeting takes them.
 *
 * The limits follow what the ledger accepts (decide.ts for proposals), measured as it measures them,
 * so that an import that passes here is not refused half-way when its events are written.
 */

export interface AgendaDraftProposal {
  readonly label: string;
  readonly text: string;
  readonly proposedBy: string | null;
}

export interface AgendaDraftItem {
  /** CSV: the line the row starts on; JSON: the item's place in the array, counted from 1. */
  readonly line: number;
  /** The paragraph number (§). */
  readonly number: number;
  readonly title: string;
  /** The diary number, e.g. "KS 2026/412". */
  readonly caseNumber: string | null;
  readonly description: string | null;
  /** Absolute http or https addresses, as written in the file. */
  readonly documentUrls: readonly string[];
  readonly proposals: readonly AgendaDraftProposal[];
}

export interface AgendaProblem {
  /** See the module comment: a CSV line, a JSON item's place from 1, or 0 for the file as a whole. */
  readonly line: number;
  /** The column or field the problem is in (its canonical CSV name), where there is one. */
  readonly column?: string;
  readonly reason: string;
}

export type AgendaParse =
  | { readonly ok: true; readonly items: readonly AgendaDraftItem[] }
  | { readonly ok: false; readonly problems: readonly AgendaProblem[] };

export type AgendaFormat = "CSV" | "JSON";

/** The domain's limits (one place): a file within them gives items the domain accepts. */
export const AGENDA_LIMITS = {
  items: LIMITS.items,
  title: LIMITS.title,
  caseNumber: LIMITS.caseNumber,
  description: LIMITS.description,
  documentUrls: LIMITS.documentUrls,
  url: LIMITS.url,
  proposals: LIMITS.proposals,
  label: LIMITS.label,
  proposalText: LIMITS.proposalText,
  proposedBy: LIMITS.proposedBy,
} as const;

/** What a proposal is called when the file gives its text but no label. */
const DEFAULT_LABEL = "Förslag";

/**
 * Reads an agenda. Without a format it is told from the text: JSON starts with "[" or "{" (after a
 * byte-order mark and white space), which no CSV header of this format can.
 */
export function parseAgenda(text: string, format: AgendaFormat = sniff(text)): AgendaParse {
  const problems: AgendaProblem[] = [];
  const read = format === "JSON" ? readJsonAgenda(text, problems) : readCsvAgenda(text, problems);
  // Without the file's structure (a header, valid JSON) no item can be read; those problems come first.
  if (!read) return { ok: false, problems: sorted(problems) };

  if (read.count === 0 && problems.length === 0) {
    problems.push({ line: 0, reason: format === "JSON" ? "the agenda has no items: the list is empty" : "the agenda has no items: the file has a header and no rows" });
  }
  if (read.count > AGENDA_LIMITS.items) {
    problems.push({ line: 0, reason: `the agenda has ${read.count} items, at most ${AGENDA_LIMITS.items} can be imported` });
  }

  const at = format === "JSON" ? (line: number) => `by item ${line}` : (line: number) => `on line ${line}`;
  const firstUse = new Map<number, number>();
  const items: AgendaDraftItem[] = [];
  for (const raw of read.items) {
    const item = checkItem(raw, { format, at, firstUse }, problems);
    if (item) items.push(item);
  }

  if (problems.length > 0) return { ok: false, problems: sorted(problems) };
  return { ok: true, items: items.sort((a, b) => a.number - b.number) };
}

/** The canonical names of the columns, which problems name. */
type Column = "number" | "title" | "case_number" | "description" | "document_urls" | "proposal" | "proposal_label" | "proposed_by";

/** The fields of a JSON item: the columns, except that the three proposal columns are a list there. */
type ItemField = "number" | "title" | "case_number" | "description" | "document_urls" | "proposals";

type ProposalField = "label" | "text" | "proposed_by";

/** Names as they may be written (matched case-insensitively), in the order an error message lists them. */
const ITEM_NAMES: ReadonlyArray<readonly [string, Column & ItemField]> = [
  ["number", "number"],
  ["nummer", "number"],
  ["paragraf", "number"],
  ["title", "title"],
  ["rubrik", "title"],
  ["titel", "title"],
  ["case_number", "case_number"],
  ["caseNumber", "case_number"],
  ["diarienummer", "case_number"],
  ["dnr", "case_number"],
  ["description", "description"],
  ["beskrivning", "description"],
  ["document_urls", "document_urls"],
  ["documentUrls", "document_urls"],
  ["dokument", "document_urls"],
  ["handlingar", "document_urls"],
];

/** CSV has room for one proposal per row, in three columns. */
const CSV_NAMES: ReadonlyArray<readonly [string, Column]> = [
  ...ITEM_NAMES,
  ["proposal", "proposal"],
  ["forslag", "proposal"],
  ["förslag", "proposal"],
  ["proposal_label", "proposal_label"],
  ["proposalLabel", "proposal_label"],
  ["forslag_rubrik", "proposal_label"],
  ["förslag_rubrik", "proposal_label"],
  ["proposed_by", "proposed_by"],
  ["proposedBy", "proposed_by"],
  ["forslagsstallare", "proposed_by"],
  ["förslagsställare", "proposed_by"],
];

const JSON_NAMES: ReadonlyArray<readonly [string, ItemField]> = [
  ...ITEM_NAMES,
  ["proposals", "proposals"],
  ["forslag", "proposals"],
  ["förslag", "proposals"],
];

const PROPOSAL_NAMES: ReadonlyArray<readonly [string, ProposalField]> = [
  ["label", "label"],
  ["rubrik", "label"],
  ["text", "text"],
  ["proposedBy", "proposed_by"],
  ["proposed_by", "proposed_by"],
  ["forslagsstallare", "proposed_by"],
  ["förslagsställare", "proposed_by"],
];

const REQUIRED: readonly Column[] = ["number", "title"];

const POSITIVE_INTEGER = /^[1-9][0-9]*$/;
/** Several addresses in one CSV cell, or a string in JSON, are separated by white space or ";". */
const URL_SEPARATOR = /[\s;]+/;

/**
 * An item as far as the file could be read, before the checks. Text is cleaned, "" where the file
 * gives nothing; null where the value had the wrong type, which is reported already.
 */
interface RawItem {
  readonly line: number;
  readonly number: string | null;
  readonly title: string | null;
  readonly caseNumber: string | null;
  readonly description: string | null;
  readonly documentUrls: readonly string[];
  readonly proposals: readonly RawProposal[];
}

interface RawProposal {
  readonly label: string;
  readonly text: string;
  readonly proposedBy: string;
}

interface Read {
  readonly items: readonly RawItem[];
  /** Rows or array entries, read or not: what the item limit and the empty agenda count. */
  readonly count: number;
}

function sniff(text: string): AgendaFormat {
  // \s covers the byte-order mark (U+FEFF) too.
  return /^\s*[[{]/.test(text) ? "JSON" : "CSV";
}

// --- CSV ------------------------------------------------------------------------------------------

type ColumnIndex = ReadonlyMap<Column, number>;

function readCsvAgenda(text: string, problems: AgendaProblem[]): Read | null {
  const csv = readCsv(text);
  problems.push(...csv.problems.map((p) => ({ line: p.line, reason: p.reason })));
  const [header, ...rows] = csv.rows;
  if (!header) {
    if (problems.length === 0) problems.push({ line: 1, reason: "the file is empty: a header row naming the columns is expected" });
    return null;
  }
  const columns = readHeader(header, problems);
  if (!columns) return null;

  const width = header.fields.length;
  const items: RawItem[] = [];
  for (const row of rows) {
    if (row.fields.length !== width) {
      problems.push({ line: row.line, reason: `the row has ${row.fields.length} fields, the header has ${width}` });
      continue;
    }
    items.push(readRow(row, columns));
  }
  return { items, count: rows.length };
}

function readHeader(header: CsvRow, problems: AgendaProblem[]): ColumnIndex | null {
  const names = lookup(CSV_NAMES);
  const index = new Map<Column, number>();
  let ok = true;
  header.fields.forEach((raw, i) => {
    const column = names.get(clean(raw).toLowerCase());
    if (column === undefined) {
      problems.push({ line: header.line, reason: `unknown column "${shown(clean(raw))}" (expected ${listed(CSV_NAMES)})` });
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
  return ok ? index : null;
}

function readRow(row: CsvRow, columns: ColumnIndex): RawItem {
  const value = (column: Column): string => {
    const i = columns.get(column);
    return i === undefined ? "" : clean(row.fields[i] ?? "");
  };
  const proposal = { label: value("proposal_label"), text: value("proposal"), proposedBy: value("proposed_by") };
  return {
    line: row.line,
    number: value("number"),
    title: value("title"),
    caseNumber: value("case_number"),
    description: value("description"),
    documentUrls: splitUrls(value("document_urls")),
    // A row without any of the proposal columns filled in has no proposal; one with only a label or a
    // proposer is kept, so that the missing text is reported rather than the label dropped.
    proposals: proposal.label === "" && proposal.text === "" && proposal.proposedBy === "" ? [] : [proposal],
  };
}

// --- JSON -----------------------------------------------------------------------------------------

function readJsonAgenda(text: string, problems: AgendaProblem[]): Read | null {
  const src = text.startsWith("\uFEFF") ? text.slice(1) : text;
  if (src.trim() === "") {
    problems.push({ line: 0, reason: "the file is empty: a JSON list of agenda items is expected" });
    return null;
  }
  let data: unknown;
  try {
    data = JSON.parse(src);
  } catch (error) {
    problems.push({ line: 0, reason: `the file is not valid JSON: ${error instanceof Error ? error.message : String(error)}` });
    return null;
  }
  const list = itemList(data, problems);
  if (!list) return null;
  const items = list.flatMap((value, i) => {
    const item = readJsonItem(value, i + 1, problems);
    return item ? [item] : [];
  });
  return { items, count: list.length };
}

/** The list of items: the document itself, or under "items" (or "agenda") in an object. */
function itemList(data: unknown, problems: AgendaProblem[]): readonly unknown[] | null {
  if (Array.isArray(data)) return data;
  const expected = 'a list of agenda items, or an object with the list under "items" (or "agenda")';
  if (!isRecord(data)) {
    problems.push({ line: 0, reason: `the file holds ${typeName(data)}, but ${expected} is expected` });
    return null;
  }
  const lists: Array<readonly [string, unknown]> = [];
  let ok = true;
  for (const [key, value] of Object.entries(data)) {
    if (key === "items" || key === "agenda") {
      lists.push([key, value]);
    } else {
      // Nothing else in the file is imported; naming it keeps a misspelt "items" from looking like an empty agenda.
      problems.push({ line: 0, reason: `unknown field "${shown(key)}" (expected items or agenda)` });
      ok = false;
    }
  }
  const [first, second] = lists;
  if (second) {
    problems.push({ line: 0, reason: 'the object has both "items" and "agenda": give the list once' });
    return null;
  }
  if (!first) {
    if (ok) problems.push({ line: 0, reason: `the object has no "items": ${expected} is expected` });
    return null;
  }
  const [key, list] = first;
  if (!Array.isArray(list)) {
    problems.push({ line: 0, reason: `"${key}" is ${typeName(list)}, not a list of agenda items` });
    return null;
  }
  // An unknown field is reported above; the items are still read, so that all problems come at once.
  return list;
}

function readJsonItem(value: unknown, line: number, problems: AgendaProblem[]): RawItem | null {
  if (!isRecord(value)) {
    problems.push({ line, reason: `the item is ${typeName(value)}, not an object with number, title and the other fields` });
    return null;
  }
  const fields = fieldsOf(value, JSON_NAMES, (reason, column) => problems.push(column === undefined ? { line, reason } : { line, column, reason }));
  const problem = (column: Column, reason: string): void => {
    problems.push({ line, column, reason });
  };
  const text = (field: Exclude<ItemField, "number" | "document_urls" | "proposals">): string | null => {
    const given = fields.get(field);
    if (given === undefined || given.value === null) return "";
    if (typeof given.value === "string") return clean(given.value);
    problem(field, `"${given.key}" must be text, not ${typeName(given.value)}`);
    return null;
  };

  let number: string | null = "";
  const numberGiven = fields.get("number");
  if (numberGiven !== undefined && numberGiven.value !== null) {
    const v = numberGiven.value;
    if (typeof v === "number") number = String(v);
    else if (typeof v === "string") number = clean(v);
    else {
      problem("number", `"${numberGiven.key}" must be a whole number (or a string of digits), not ${typeName(v)}`);
      number = null;
    }
  }

  return {
    line,
    number,
    title: text("title"),
    caseNumber: text("case_number"),
    description: text("description"),
    documentUrls: jsonUrls(fields.get("document_urls"), problem),
    proposals: jsonProposals(fields.get("proposals"), (reason) => problem("proposal", reason), problem),
  };
}

interface Given {
  /** The key as the file writes it, for messages. */
  readonly key: string;
  readonly value: unknown;
}

/** An object's fields by canonical name; an unknown key or one named twice is reported, not dropped. */
function fieldsOf<F extends ItemField | ProposalField>(
  object: Readonly<Record<string, unknown>>,
  names: ReadonlyArray<readonly [string, F]>,
  report: (reason: string, column?: Column) => void,
): ReadonlyMap<F, Given> {
  const byName = lookup(names);
  const fields = new Map<F, Given>();
  for (const [key, value] of Object.entries(object)) {
    const field = byName.get(clean(key).toLowerCase());
    const earlier = field === undefined ? undefined : fields.get(field);
    if (field === undefined) report(`unknown field "${shown(key)}" (expected ${listed(names)})`);
    else if (earlier !== undefined) report(`the field ${field} is given twice, as "${earlier.key}" and "${shown(key)}"`, columnOf(field));
    else fields.set(field, { key, value });
  }
  return fields;
}

function jsonUrls(given: Given | undefined, problem: (column: Column, reason: string) => void): string[] {
  if (given === undefined || given.value === null) return [];
  const { key, value } = given;
  if (typeof value === "string") return splitUrls(clean(value));
  if (!Array.isArray(value)) {
    problem("document_urls", `"${key}" must be a list of addresses (or one string of them), not ${typeName(value)}`);
    return [];
  }
  const urls: string[] = [];
  value.forEach((entry: unknown, i) => {
    if (typeof entry !== "string") problem("document_urls", `entry ${i + 1} of "${key}" is ${typeName(entry)}, not an address`);
    else if (clean(entry) !== "") urls.push(clean(entry));
  });
  return urls;
}

function jsonProposals(
  given: Given | undefined,
  report: (reason: string) => void,
  problem: (column: Column, reason: string) => void,
): RawProposal[] {
  if (given === undefined || given.value === null) return [];
  const { key, value } = given;
  if (!Array.isArray(value)) {
    report(`"${key}" must be a list of proposals ({ "label", "text", "proposedBy" }), not ${typeName(value)}`);
    return [];
  }
  const proposals: RawProposal[] = [];
  value.forEach((entry: unknown, i) => {
    const name = `proposal ${i + 1}`;
    if (!isRecord(entry)) {
      report(`${name} is ${typeName(entry)}, not an object with label, text and proposedBy`);
      return;
    }
    let ok = true;
    const fields = fieldsOf(entry, PROPOSAL_NAMES, (reason, column) => {
      problem(column ?? "proposal", `${name}: ${reason}`);
      ok = false;
    });
    const text = (field: ProposalField): string => {
      const f = fields.get(field);
      if (f === undefined || f.value === null) return "";
      if (typeof f.value === "string") return clean(f.value);
      problem(columnOf(field), `${name}: "${f.key}" must be text, not ${typeName(f.value)}`);
      ok = false;
      return "";
    };
    const proposal = { label: text("label"), text: text("text"), proposedBy: text("proposed_by") };
    if (ok) proposals.push(proposal);
  });
  return proposals;
}

// --- The checks, the same for both formats --------------------------------------------------------

interface CheckContext {
  readonly format: AgendaFormat;
  /** How a problem names another item: "on line 4" or "by item 4". */
  readonly at: (line: number) => string;
  /** Paragraph number → where it is first used. */
  readonly firstUse: Map<number, number>;
}

function checkItem(raw: RawItem, { format, at, firstUse }: CheckContext, problems: AgendaProblem[]): AgendaDraftItem | null {
  const problem = (column: Column, reason: string): void => {
    problems.push({ line: raw.line, column, reason });
  };
  /** Trimmed text within its limit; null when empty or wrong (the latter reported). */
  const limited = (column: Column, value: string | null, what: string, max: number): string | null => {
    if (value === null || value === "") return null;
    if (value.length > max) {
      problem(column, `${what} is longer than ${max} characters (${value.length})`);
      return null;
    }
    return value;
  };

  let number: number | null = null;
  if (raw.number === "") {
    problem("number", "the paragraph number (§) is missing");
  } else if (raw.number !== null) {
    if (!POSITIVE_INTEGER.test(raw.number) || !Number.isSafeInteger(Number(raw.number))) {
      const hint = raw.number.includes("§") ? `: write the number alone, without §` : " (a whole number from 1)";
      problem("number", `"${shown(raw.number)}" is not a paragraph number${hint}`);
    } else {
      number = Number(raw.number);
      const first = firstUse.get(number);
      if (first === undefined) firstUse.set(number, raw.line);
      else problem("number", `§${number} is already used ${at(first)}`);
    }
  }

  if (raw.title === "") problem("title", "the title is empty");
  const title = limited("title", raw.title, "the title", AGENDA_LIMITS.title);
  const caseNumber = limited("case_number", raw.caseNumber, "the case number", AGENDA_LIMITS.caseNumber);
  const description = limited("description", raw.description, "the description", AGENDA_LIMITS.description);

  if (raw.documentUrls.length > AGENDA_LIMITS.documentUrls) {
    problem("document_urls", `the item has ${raw.documentUrls.length} documents, at most ${AGENDA_LIMITS.documentUrls}`);
  }
  for (const url of raw.documentUrls) {
    const wrong = urlProblem(url);
    if (wrong !== null) problem("document_urls", wrong);
  }

  if (raw.proposals.length > AGENDA_LIMITS.proposals) {
    problem("proposal", `the item has ${raw.proposals.length} proposals, at most ${AGENDA_LIMITS.proposals}`);
  }
  const proposals = raw.proposals.map((p, i): AgendaDraftProposal => {
    // CSV has one proposal per row, so there is no need to say which.
    const name = format === "JSON" ? `proposal ${i + 1}` : "the proposal";
    if (p.text === "") problem("proposal", `${name} has no text${p.label === "" && p.proposedBy === "" ? "" : " (a label or who made it is given)"}`);
    const text = limited("proposal", p.text, `the text of ${name}`, AGENDA_LIMITS.proposalText) ?? "";
    const label = limited("proposal_label", p.label, `the label of ${name}`, AGENDA_LIMITS.label) ?? DEFAULT_LABEL;
    const proposedBy = limited("proposed_by", p.proposedBy, `who made ${name}`, AGENDA_LIMITS.proposedBy);
    return { label, text, proposedBy };
  });

  if (number === null || title === null) return null;
  return { line: raw.line, number, title, caseNumber, description, documentUrls: raw.documentUrls, proposals };
}

/**
 * Why a document address cannot be linked to, or null. Only absolute http and https addresses: the
 * members open them from Teams, where a relative path leads nowhere and a javascript: address must not
 * be clickable at all.
 */
function urlProblem(url: string): string | null {
  if (url.length > AGENDA_LIMITS.url) return `a document address is longer than ${AGENDA_LIMITS.url} characters (${url.length})`;
  const bad = `the document address "${shown(url)}"`;
  if (/[\s\u0000-\u001f\u007f]/.test(url)) return `${bad} contains a space or a control character`;
  if (!/^https?:\/\//i.test(url)) return `${bad} is not an absolute http or https address (https://…)`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${bad} is not a valid address`;
  }
  if ((parsed.protocol !== "http:" && parsed.protocol !== "https:") || parsed.hostname === "") return `${bad} is not a valid address`;
  // A URL may hold a comma, so "a.pdf,https://b.pdf" parses; it is two addresses written wrong.
  if (/,https?:\/\//i.test(url)) return `${bad} looks like two addresses: separate them with a space or ";"`;
  return null;
}

// --- Helpers --------------------------------------------------------------------------------------

function splitUrls(text: string): string[] {
  return text.split(URL_SEPARATOR).filter((u) => u !== "");
}

/**
 * Trimmed, line ends as "\n" (a quoted CSV field keeps the file's CRLF), and NFC so that "förslag"
 * typed on a Mac (decomposed ö) reads the same.
 */
function clean(text: string): string {
  return text.normalize("NFC").replace(/\r\n?/g, "\n").trim();
}

function lookup<F>(names: ReadonlyArray<readonly [string, F]>): ReadonlyMap<string, F> {
  return new Map(names.map(([name, field]) => [name.normalize("NFC").toLowerCase(), field]));
}

function listed(names: ReadonlyArray<readonly [string, unknown]>): string {
  return names.map(([name]) => name).join(", ");
}

/** A proposal's fields are named by the CSV columns they correspond to. */
function columnOf(field: ItemField | ProposalField): Column {
  switch (field) {
    case "proposals":
    case "text":
      return "proposal";
    case "label":
      return "proposal_label";
    default:
      return field;
  }
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "object":
      return "an object";
    case "string":
      return "text";
    case "number":
      return "a number";
    case "boolean":
      return value ? "true" : "false";
    default:
      return typeof value;
  }
}

/** A value quoted in a message, cut short so that a whole pasted document does not fill the report. */
function shown(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** Line order; whole-file problems (line 0) first. Stable, so a line's problems keep column order. */
function sorted(problems: readonly AgendaProblem[]): AgendaProblem[] {
  return [...problems].sort((a, b) => a.line - b.line);
}
