import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from "graphql";
import { z } from "zod";
import { LIMITS } from "../src/graphql/yoga.js";
import { MAX_BODY_BYTES } from "../src/http/server.js";
import { REPO_ROOT, startServerProcess, type ServerProcess } from "../src/testing/process.js";

/**
 * Issue 7, point 8: property-based bad input against the real server process (`api/src/main.ts`).
 * Random documents, variables and bodies (huge, deep, alias bombs, batches, not JSON, wrong content
 * types, mutations over GET), sent with a valid chair or clerk token so they reach validation. Every
 * answer must be a clean error, the process stays up, and the ledger does not move.
 *
 * The meeting is closed before the run: with it closed no mutation can succeed whatever its values,
 * so real ids can be sent and reach the domain's own checks without the ledger changing.
 */

/** Fixed, so every run tries the same inputs; FC_SEED=<n> explores others. */
const SEED = Number(process.env["FC_SEED"] ?? 20_261_214);
const RUNS = { strings: 700, soups: 700, wrongDocuments: 600, variables: 1000, depth: 150, aliases: 150, batches: 150, bodies: 500 } as const;
/** A server that does not answer within this is hanging: a bug. */
const ANSWER_WITHIN_MS = 10_000;

const MEETING = "kf-2026-12-14";
const BUDGET = `${MEETING}-2`;
const CLOSE_MEETING = `mutation { closeMeeting(meetingId: "${MEETING}") { id } }`;

const schema = buildSchema(readFileSync(new URL("../schema.graphql", import.meta.url), "utf8"));

// --- What a clean answer is ----------------------------------------------------------------------

/** The contract's error codes a refusal may carry. */
const CONTRACT_CODES: readonly string[] = ["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "BAD_INPUT", "CONFLICT", "RATE_LIMITED"];
/** The contract keeps graphql-yoga's codes for a document that does not parse or validate. */
const DOCUMENT_CODES: readonly string[] = ["GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"];
/** 403: CSRF prevention refusing a request a browser form could send; 406: an Accept header nothing answers. */
const STATUSES: readonly number[] = [200, 400, 403, 405, 406, 413, 415];

interface Received {
  readonly status: number;
  readonly body: string;
}

interface FirstError {
  readonly message: string;
  readonly code: string | undefined;
}

/**
 * Answers graphql-yoga (and Node's HTTP parser) give that carry none of the contract's codes. Each
 * is a clean refusal, but outside the contract's list: they are reported on issue 7 rather than
 * accepted silently, matched narrowly here, and counted in the figures.
 */
const PROTOCOL_ANSWERS: ReadonlyArray<{ readonly name: string; matches(answer: Received, error: FirstError | null): boolean }> = [
  {
    name: "BAD_REQUEST (yoga: request parameters, batching, a mutation over GET, the method)",
    matches: (a, e) => e?.code === "BAD_REQUEST" && [200, 400, 405].includes(a.status),
  },
  { name: "OPERATION_RESOLUTION_FAILURE (yoga: which operation to run)", matches: (a, e) => e?.code === "OPERATION_RESOLUTION_FAILURE" && a.status === 400 },
  { name: "431 with an empty body (Node: request headers over 16 KB)", matches: (a) => a.status === 431 && a.body === "" },
];

/** A stack frame, a source position or a path on this machine: nothing a client should read. */
const LEAKS: readonly RegExp[] = [/\n\s+at /, /\bat \S+ \(\S+:\d+:\d+\)/, /node_modules/, new RegExp(REPO_ROOT.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")), /\.[cm]?[jt]s:\d+/, /"stack"\s*:/];

const Body = z.object({
  data: z.record(z.string(), z.unknown()).nullable().optional(),
  errors: z.array(z.object({ message: z.unknown(), extensions: z.object({ code: z.unknown() }).optional() })).optional(),
});

type User = "chair" | "clerk";

interface ProbeSpec {
  /** What kind of bad input it is (for the figures and for a failure's message). */
  readonly kind: string;
  /** Whose valid token is sent (so the request reaches validation). */
  readonly as: User;
  readonly method: string;
  /** Path and query string, e.g. "/graphql?query=...". */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | FormData;
  /** Sent with no content-length: this many bytes in chunks. */
  readonly chunked?: number;
  /** A document that happens to be a valid read may be answered with data. */
  readonly mayRead?: boolean;
  readonly expectCode?: string;
  readonly expectStatus?: number;
}

type Probe = ProbeSpec & fc.WithToStringMethod;

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}... (${text.length} chars)` : text);

function describeProbe(p: ProbeSpec): string {
  const body = p.chunked !== undefined ? `${p.chunked} bytes, chunked` : p.body === undefined ? "no body" : typeof p.body === "string" ? clip(p.body, 300) : "multipart form";
  return `${p.kind}, as the ${p.as}: ${p.method} ${clip(p.path, 200)} ${JSON.stringify(p.headers)} ${body}`;
}

/** A probe that prints itself briefly in a counterexample (a huge body would drown the report). */
const probe = (spec: ProbeSpec): Probe => ({ ...spec, [fc.toStringMethod]: () => describeProbe(spec) });

const JSON_TYPE = { "content-type": "application/json" } as const;
const post = (kind: string, as: User, body: string, extra: Partial<ProbeSpec> = {}): Probe =>
  probe({ kind, as, method: "POST", path: "/graphql", headers: JSON_TYPE, body, ...extra });
const postDocument = (kind: string, as: User, query: string, extra: Partial<ProbeSpec> = {}): Probe => post(kind, as, JSON.stringify({ query, variables: {} }), extra);

/** A shuffled or random document that happens to be a valid query: answered with data, changing nothing. */
const VALID_READ = "a valid read, answered";

/** The verdict on one answer: the code or protocol answer it was, or a thrown assertion. */
function judge(probe: ProbeSpec, answer: Received): string {
  const what = () => `${describeProbe(probe)}\n answered ${answer.status}: ${clip(answer.body, 500)}`;
  if (probe.expectStatus !== undefined) assert.equal(answer.status, probe.expectStatus, `status: ${what()}`);
  if (answer.body === "") {
    const known = PROTOCOL_ANSWERS.find((p) => p.matches(answer, null));
    assert.ok(known, `an empty answer: ${what()}`);
    return known.name;
  }
  const sent = `${probe.path}\n${typeof probe.body === "string" ? probe.body : ""}`;
  for (const leak of LEAKS) {
    if (leak.test(answer.body)) assert.ok(leak.test(sent), `the answer shows internals (${leak}): ${what()}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(answer.body);
  } catch {
    assert.fail(`not JSON: ${what()}`);
  }
  const parsed = Body.safeParse(json);
  assert.ok(parsed.success, `not a GraphQL answer: ${what()}`);
  const { data, errors = [] } = parsed.data;
  if (errors.length === 0) {
    assert.ok(probe.mayRead, `answered without an error: ${what()}`);
    assert.equal(answer.status, 200, what());
    assert.ok(data && Object.keys(data).length > 0, `neither data nor errors: ${what()}`);
    assert.ok(!Object.keys(data).some((field) => schema.getMutationType()?.getFields()[field]), `a mutation succeeded: ${what()}`);
    return VALID_READ;
  }
  const [first] = errors;
  const message = first?.message;
  assert.ok(typeof message === "string" && message.trim() !== "", `errors[0].message is not a sentence: ${what()}`);
  const rawCode = first?.extensions?.code;
  assert.ok(rawCode === undefined || typeof rawCode === "string", `a code that is not a string: ${what()}`);
  const code = rawCode;
  assert.ok(!data || Object.values(data).every((v) => v === null), `an error with data: ${what()}`);
  if (probe.expectCode !== undefined) assert.equal(code, probe.expectCode, `code: ${what()}`);
  if (code !== undefined && (CONTRACT_CODES.includes(code) || DOCUMENT_CODES.includes(code))) {
    assert.ok(STATUSES.includes(answer.status), `status ${answer.status}: ${what()}`);
    return code;
  }
  const known = PROTOCOL_ANSWERS.find((p) => p.matches(answer, { message, code }));
  assert.ok(known, `not a code of the contract (${code ?? "no code"}): ${what()}`);
  return known.name;
}

// --- Sending -------------------------------------------------------------------------------------

type Tokens = Readonly<Record<User, string>>;

async function send(url: string, tokens: Tokens, probe: ProbeSpec): Promise<Received> {
  const headers = new Headers(probe.headers);
  headers.set("authorization", `Bearer ${tokens[probe.as]}`);
  const signal = AbortSignal.timeout(ANSWER_WITHIN_MS);
  let init: RequestInit;
  if (probe.chunked !== undefined) {
    let left = probe.chunked;
    const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (left <= 0) return controller.close();
        controller.enqueue(chunk.subarray(0, Math.min(left, chunk.length)));
        left -= chunk.length;
      },
    });
    // `duplex` is how fetch streams a request body (undici); the DOM typings do not know it.
    const streaming = { method: probe.method, headers, body, duplex: "half", signal };
    init = streaming;
  } else {
    init = { method: probe.method, headers, signal, ...(probe.body === undefined ? {} : { body: probe.body }) };
  }
  try {
    const res = await fetch(`${url}${probe.path}`, init);
    return { status: res.status, body: await res.text() };
  } catch (error) {
    throw new Error(`no answer (${error instanceof Error ? error.message : String(error)}) to ${describeProbe(probe)}`);
  }
}

// --- Generators ----------------------------------------------------------------------------------

const fieldsOf = (type: GraphQLObjectType | null | undefined): ReadonlyArray<GraphQLField<unknown, unknown>> => (type ? Object.values(type.getFields()) : []);
const ROOTS = { query: fieldsOf(schema.getQueryType()), mutation: fieldsOf(schema.getMutationType()), subscription: fieldsOf(schema.getSubscriptionType()) } as const;
type OperationType = keyof typeof ROOTS;
const MUTATIONS = ROOTS.mutation;
const pick = <T>(items: readonly T[], n: number): T => {
  const item = items[n % items.length];
  if (item === undefined) throw new Error("nothing to pick from");
  return item;
};

/** Ids that name real things (the domain's checks run on them; the meeting is closed, so none succeeds). */
const REAL_IDS = [MEETING, BUDGET, `${MEETING}-1`, `${MEETING}-10`, `${BUDGET}-a`, `${BUDGET}-b`, "member-1", "member-3", "member-45", "sub-S-1", "clerk-1", "kf"];

/** A literal that fits the type (ids that name nothing). */
function validLiteral(type: GraphQLInputType): string {
  if (isNonNullType(type)) return validLiteral(type.ofType);
  if (isListType(type)) return `[${validLiteral(type.ofType)}]`;
  if (isEnumType(type)) return type.getValues()[0]?.name ?? "X";
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return `{ ${required.map((f) => `${f.name}: ${validLiteral(f.type)}`).join(", ")} }`;
  }
  switch (type.name) {
    case "Int":
      return "1";
    case "Float":
      return "1.5";
    case "Boolean":
      return "true";
    case "DateTime":
      return `"2026-12-14T17:00:00.000Z"`;
    default:
      return `"no-such-id"`;
  }
}

/** A literal that does not fit the type. */
function wrongLiteral(type: GraphQLInputType, n: number): string {
  if (isNonNullType(type)) return n % 5 === 0 ? "null" : wrongLiteral(type.ofType, Math.floor(n / 5));
  if (isListType(type)) return pick([`{ a: 1 }`, `[{ a: 1 }]`, `"x"`], n);
  if (isEnumType(type)) return pick([`"${type.getValues()[0]?.name ?? "X"}"`, "MAYBE_NOT", "1", "true"], n);
  if (isInputObjectType(type)) return pick([`"x"`, "1", `{ noSuchField: 1 }`, "[1]"], n);
  switch (type.name) {
    case "Int":
      return pick([`"1"`, "1.5", "2147483648", "-2147483649", "true", "[1, 2]", "{ a: 1 }", "ENUM_VALUE"], n);
    case "Boolean":
      return pick([`"true"`, "1", "[true, false]", "{ a: true }", "TRUE"], n);
    default:
      return pick(["true", "1.5", "[1, 2]", "{ a: 1 }", "ENUM_VALUE"], n);
  }
}

const returnsObject = (field: GraphQLField<unknown, unknown>): boolean => {
  let type = field.type;
  while (isNonNullType(type) || isListType(type)) type = type.ofType;
  return isObjectType(type);
};

const DEFECTS = [
  "unknown root field",
  "unknown argument",
  "wrong argument type",
  "missing argument",
  "no selection",
  "selection on a scalar",
  "unknown subfield",
  "undefined variable",
  "unused variable",
  "variable of the wrong type",
  "unknown fragment",
  "fragment on the wrong type",
  "unknown directive",
  "duplicate argument",
  "duplicate variable",
] as const;

interface WrongDocument {
  readonly operation: OperationType;
  readonly field: number;
  readonly arg: number;
  readonly wrong: number;
  readonly defect: (typeof DEFECTS)[number];
  readonly name: string;
}

/** A syntactically valid document built from the schema, with one defect that validation must refuse. */
function renderWrongDocument({ operation, field: fieldIndex, arg: argIndex, wrong, defect, name }: WrongDocument): string {
  const field = pick(ROOTS[operation], fieldIndex);
  const args: readonly GraphQLArgument[] = field.args;
  const required = args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  const bogus = `${name}Zz9`;
  let variables = "";
  let after = "";
  let directive = "";
  let selection = returnsObject(field) ? "{ __typename }" : "";
  let argList = required.map((a) => `${a.name}: ${validLiteral(a.type)}`);
  let fieldName = field.name;
  const target = args.length > 0 ? pick(args, argIndex) : null;
  const replace = (a: GraphQLArgument, value: string) => {
    argList = [...required.filter((r) => r !== a).map((r) => `${r.name}: ${validLiteral(r.type)}`), `${a.name}: ${value}`];
  };
  switch (defect) {
    case "unknown root field":
      fieldName = bogus;
      argList = [];
      selection = "";
      break;
    case "unknown argument":
      argList = [...argList, `${bogus}: 1`];
      break;
    case "wrong argument type":
      if (target) replace(target, wrongLiteral(target.type, wrong));
      else argList = [...argList, `${bogus}: 1`];
      break;
    case "missing argument":
      if (required.length > 0) argList = argList.filter((_, i) => i !== argIndex % required.length);
      else argList = [...argList, `${bogus}: 1`];
      break;
    case "no selection":
      selection = returnsObject(field) ? "" : "{ __typename }";
      break;
    case "selection on a scalar":
      selection = "{ __typename { id } }";
      break;
    case "unknown subfield":
      selection = `{ ${bogus} }`;
      break;
    case "undefined variable":
      if (target) replace(target, `$${bogus}`);
      else argList = [...argList, `${bogus}: $${bogus}`];
      break;
    case "unused variable":
      variables = `($${bogus}: Int)`;
      break;
    case "variable of the wrong type": {
      if (target) {
        const named = String(target.type).replace(/[![\]]/g, "");
        variables = `($${bogus}: ${named === "Boolean" ? "[Int]" : "Boolean"})`;
        replace(target, `$${bogus}`);
      } else {
        variables = `($${bogus}: Boolean)`;
        argList = [...argList, `${bogus}: $${bogus}`];
      }
      break;
    }
    case "unknown fragment":
      selection = `{ ...${bogus} }`;
      break;
    case "fragment on the wrong type":
      selection = `{ ...F }`;
      after = ` fragment F on ${operation === "query" ? "Mutation" : "Query"} { __typename }`;
      break;
    case "unknown directive":
      directive = ` @${bogus}`;
      break;
    case "duplicate argument":
      argList = [...argList, `${bogus}: 1`, `${bogus}: 2`];
      break;
    case "duplicate variable":
      variables = `($${bogus}: Int, $${bogus}: Int)`;
      argList = [...argList, `${bogus}: $${bogus}`];
      break;
    default: {
      const unknown: never = defect;
      return unknown;
    }
  }
  const argText = argList.length > 0 ? `(${argList.join(", ")})` : "";
  return `${operation}${variables} { ${fieldName}${argText}${directive} ${selection} }${after}`;
}

const wrongDocument: fc.Arbitrary<string> = fc
  .record({
    operation: fc.constantFrom<OperationType>("query", "mutation", "subscription"),
    field: fc.nat(),
    arg: fc.nat(),
    wrong: fc.nat(),
    defect: fc.constantFrom(...DEFECTS),
    name: fc.stringMatching(/^[a-z][A-Za-z0-9]{0,8}$/),
  })
  .map(renderWrongDocument);

/** Pieces of GraphQL, shuffled into documents that are mostly wrong (names from the schema, ids that name nothing). */
const VOCABULARY = [
  ...["{", "}", "(", ")", "[", "]", ":", "=", "!", "$", "...", "@", "|", "&", ",", '"', "#\n", "\n"],
  ...["query", "mutation", "subscription", "fragment", "on", "schema", "type", "input", "extend", "directive", "scalar", "enum", "union", "interface"],
  ...["$x", "$input", "x", "F", "ID!", "Int", "String!", "[ID!]!", "Choice", "OpenVoteInput", "HandCountInput", "true", "false", "null", "1", "-1", "1.5", "2147483648", "1e999"],
  ...['"no-such-id"', '""', '"""block"""', '"\\u0000"', "YES", "NO", "ABSTAIN", "ELECTRONIC", "@include(if: true)", "@skip(if: $x)", "@deprecated", "__typename", "__schema", '__type(name: "Vote")'],
  ...Object.values(ROOTS).flatMap((fields) => fields.map((f) => f.name)),
  ...["id", "status", "seats", "agenda", "votes", "ballots", "tally", "item", "meetings", "assembly", "ledgerHead", "hash", "seq", "meetingId:", "voteId:", "itemId:", "input:", "choice:"],
];
const tokenSoup: fc.Arbitrary<string> = fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 60 }).map((t) => t.join(" "));

/** Values a variable should never be: wrong types, huge, NaN-ish, deep, hostile. */
const hugeString = fc.tuple(fc.integer({ min: 1_000, max: 60_000 }), fc.string({ minLength: 1, maxLength: 3 })).map(([n, s]) => s.repeat(Math.ceil(n / s.length)).slice(0, n));
const nested = (depth: number, inner: unknown, key: string | null): unknown => {
  let value = inner;
  for (let i = 0; i < depth; i += 1) value = key === null ? [value] : { [key]: value };
  return value;
};
const badValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  hugeString,
  fc.constantFrom("", " ", "\u0000", "\uD800", "\u202E", "NaN", "Infinity", "-Infinity", "1e400", "0x1F", "null", "undefined", "{}", "[]", "true", "__proto__"),
  fc.constantFrom("2026-13-45T99:99:99Z", "yesterday", "x".repeat(201), "yes", "MAYBE", "<script>alert(1)</script>", "'; DROP TABLE ledger; --", "../../etc/passwd"),
  fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e308, -1e308, 5e-324, -0, 0.5, -1, 0, 45, 46),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
  fc.jsonValue({ maxDepth: 4 }),
  fc.tuple(fc.integer({ min: 20, max: 3_000 }), fc.constantFrom<string | null>("a", "yes", "voteId", null)).map(([depth, key]) => nested(depth, 1, key)),
);

/** A value for a variable: a bad one, or one of the right type (a real id or none). */
function materialize(type: GraphQLInputType, picks: ReadonlyArray<{ mode: "bad" | "typed" | "real"; bad: unknown; n: number }>, at: { i: number }): unknown {
  const p = picks[at.i % picks.length] ?? { mode: "bad", bad: null, n: 0 };
  at.i += 1;
  if (p.mode === "bad") return p.bad;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return [materialize(inner.ofType, picks, at)];
  if (isEnumType(inner)) return pick(inner.getValues(), p.n).name;
  if (isInputObjectType(inner)) return Object.fromEntries(Object.values(inner.getFields()).map((f) => [f.name, materialize(f.type, picks, at)]));
  // Of the right type, but at and past the domain's limits (counts, lengths, times).
  switch (inner.name) {
    case "Int":
      return pick([0, 1, 3, 45, 46, -1, 1000, 2 ** 31 - 1, -(2 ** 31)], p.n);
    case "Float":
      return 1.5;
    case "Boolean":
      return p.n % 2 === 0;
    case "DateTime":
      return pick([new Date().toISOString(), "2026-12-14T17:00:00.000Z", "2020-01-01T00:00:00.000Z", "2999-01-01T00:00:00.000Z", "2026-12-14", "not a time"], p.n);
    default:
      return p.mode === "real" ? pick(REAL_IDS, p.n) : pick(["no-such-id", "x", " ", "", "member-99", "\u0000", " \n\t ", "x".repeat(201), "x".repeat(1_001), "x".repeat(20_001)], p.n);
  }
}

interface VariableSet {
  readonly document: string;
  readonly variables: Record<string, unknown>;
}

const variableSet: fc.Arbitrary<VariableSet> = fc
  .record({
    field: fc.nat(),
    // Some sets all of the right type (they reach the domain's checks), the rest with bad values mixed in.
    picks: fc.oneof(
      fc.array(fc.record({ mode: fc.constantFrom<"bad" | "typed" | "real">("bad", "typed", "real"), bad: badValue, n: fc.nat() }), { minLength: 1, maxLength: 16 }),
      fc.array(fc.record({ mode: fc.constantFrom<"bad" | "typed" | "real">("typed", "real"), bad: fc.constant(null), n: fc.nat() }), { minLength: 1, maxLength: 16 }),
    ),
    omit: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    extra: fc.option(fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })),
  })
  .map(({ field: fieldIndex, picks, omit, extra }) => {
    const field = pick(MUTATIONS, fieldIndex);
    const declared = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(", ");
    const passed = field.args.map((a) => `${a.name}: $${a.name}`).join(", ");
    const at = { i: 0 };
    const variables: Record<string, unknown> = { ...(extra ?? {}) };
    field.args.forEach((a, i) => {
      const value = materialize(a.type, picks, at);
      if (!omit[i % omit.length]) variables[a.name] = value;
    });
    const document = `mutation${declared ? `(${declared})` : ""} { ${field.name}${passed ? `(${passed})` : ""} { __typename } }`;
    return { document, variables };
  });

/** Deeper than the depth limit: through fields, through fragments, on a query or a mutation. */
const depthBomb: fc.Arbitrary<string> = fc
  .record({ levels: fc.oneof(fc.integer({ min: LIMITS.depth + 1, max: 60 }), fc.integer({ min: 61, max: 1_200 })), root: fc.constantFrom("meeting", "assemblies", "mutation"), fragments: fc.boolean() })
  .map(({ levels, root, fragments }) => {
    // Meeting.assembly -> Assembly.meetings -> Meeting.assembly ...; both have an id to end on.
    const chain = Array.from({ length: levels }, (_, i) => (i % 2 === 0 ? "assembly" : "meetings"));
    const head = root === "meeting" ? `query { meeting(id: "${MEETING}")` : root === "assemblies" ? "query { assemblies { meetings" : `mutation { closeMeeting(meetingId: "${MEETING}")`;
    const tail = root === "assemblies" ? " } }" : " }";
    if (!fragments) return `${head} { ${chain.map((f) => `${f} {`).join(" ")} id ${"} ".repeat(levels)}}${tail}`;
    const typeOf = (i: number) => (i % 2 === 0 ? "Meeting" : "Assembly");
    const defs = chain.map((f, i) => `fragment F${i} on ${typeOf(i)} { ${f} { ${i + 1 < levels ? `...F${i + 1}` : "id"} } }`).join(" ");
    return `${head} { ...F0 }${tail} ${defs}`;
  });

/** More aliases than the limit: flat, nested, multiplied through a fragment, on mutations. */
const aliasBomb: fc.Arbitrary<string> = fc
  .record({ count: fc.integer({ min: LIMITS.aliases + 1, max: 400 }), shape: fc.constantFrom("flat", "nested", "fragment", "mutation") })
  .map(({ count, shape }) => {
    const aliases = (field: string, n: number) => Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(" ");
    switch (shape) {
      case "flat":
        return `{ ${aliases("viewer { userId }", count)} }`;
      case "nested":
        return `{ meeting(id: "${MEETING}") { ${aliases("id", count)} } }`;
      case "fragment": {
        const per = Math.min(LIMITS.aliases, Math.max(2, Math.ceil(count / 10)));
        const spreads = Math.ceil(count / per) + 1;
        return `{ ${"...A ".repeat(spreads)}} fragment A on Query { ${aliases("viewer { userId }", per)} }`;
      }
      default:
        return `mutation { ${aliases(`closeMeeting(meetingId: "${MEETING}") { id }`, count)} }`;
    }
  });

const requestObject: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant({ query: "{ viewer { userId } }" }),
  fc.constant({ query: CLOSE_MEETING }),
  wrongDocument.map((query) => ({ query })),
  fc.jsonValue({ maxDepth: 2 }),
);

const user = fc.constantFrom<User>("chair", "clerk");

/** Bodies and requests that are wrong before GraphQL starts: not JSON, too big, wrong type, wrong method. */
const badRequest: fc.Arbitrary<Probe> = (() => {
  const validBody = fc.oneof(requestObject, variableSet.map((v) => ({ query: v.document, variables: v.variables }))).map((o) => JSON.stringify(o) ?? "null");
  const escaped = (document: string) => document.replace(/"/g, '\\"');
  const NANISH = ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "0x10", "+1", ".5", "01", "1_000", "undefined", "'1'", "-"];
  const CONTENT_TYPES = [
    "text/plain",
    "text/plain; charset=utf-8",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "application/xml",
    "application/jsonx",
    "APPLICATION/JSON",
    "application/json, text/plain",
    "application/graphql",
    "multipart/form-data; boundary=zzz",
    "",
  ];
  const csrfHeader = (csrf: boolean): Record<string, string> => (csrf ? { "x-graphql-yoga-csrf": "1" } : {});
  return fc.oneof(
    fc.tuple(user, fc.string({ unit: "binary", maxLength: 500 })).map(([as, body]) => post("not JSON", as, body)),
    fc.tuple(user, validBody, fc.nat()).map(([as, body, n]) => post("truncated JSON", as, body.slice(0, n % Math.max(1, body.length)))),
    fc
      .tuple(user, fc.oneof(fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 })))
      .map(([as, value]) => post("JSON that is not an object", as, JSON.stringify(value) ?? "null")),
    fc
      .tuple(user, fc.constantFrom(...NANISH))
      .map(([as, token]) => post("NaN-ish number", as, `{"query":"${escaped(`mutation($s: Int!) { assignSubstitute(meetingId: "${MEETING}", seat: $s) { id } }`)}","variables":{"s":${token}}}`)),
    fc
      .tuple(user, fc.constantFrom("__proto__", "constructor", "prototype"), fc.boolean())
      .map(([as, key, top]) =>
        post("prototype keys", as, top ? `{"query":"{ viewer { userId } }","${key}":{"polluted":true}}` : `{"query":"${escaped(CLOSE_MEETING)}","variables":{"${key}":{"polluted":true}}}`),
      ),
    fc.oneof(fc.constantFrom(MAX_BODY_BYTES - 1, MAX_BODY_BYTES, MAX_BODY_BYTES + 1), fc.integer({ min: MAX_BODY_BYTES + 1, max: 1_000_000 })).map((size) => {
      // The chair's closeMeeting padded to exactly `size` bytes: at the limit it runs (and the closed meeting refuses it).
      const start = `{"query":"${escaped(CLOSE_MEETING)}"`;
      const body = `${start}${" ".repeat(Math.max(0, size - start.length - 1))}}`;
      return size <= MAX_BODY_BYTES
        ? post("body at the limit", "chair", body, { expectCode: "CONFLICT", expectStatus: 200 })
        : post("body over the limit", "chair", body, { expectCode: "BAD_INPUT", expectStatus: 413 });
    }),
    fc
      .tuple(user, fc.oneof(fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: MAX_BODY_BYTES + 1, max: 1_000_000 })))
      .map(([as, size]) => probe({ kind: "body without content-length", as, method: "POST", path: "/graphql", headers: JSON_TYPE, chunked: size, expectCode: "BAD_INPUT", expectStatus: 413 })),
    fc.tuple(user, fc.constantFrom(...CONTENT_TYPES), fc.boolean(), fc.oneof(validBody, fc.string({ maxLength: 200 }), fc.constant("{not json"))).map(([as, type, csrf, body]) => {
      const headers = { ...csrfHeader(csrf), ...(type ? { "content-type": type } : {}) };
      const sent = type === "application/x-www-form-urlencoded" ? `query=${encodeURIComponent(CLOSE_MEETING)}&variables=${encodeURIComponent(body)}` : body;
      return probe({ kind: "wrong content type", as, method: "POST", path: "/graphql", headers, body: sent });
    }),
    fc.tuple(user, fc.boolean(), fc.string({ maxLength: 200 }), fc.constantFrom("operations", "map", "both")).map(([as, csrf, garbage, where]) => {
      const form = new FormData();
      form.append("operations", where === "map" ? JSON.stringify({ query: CLOSE_MEETING }) : garbage);
      form.append("map", where === "operations" ? "{}" : garbage);
      form.append("0", new Blob(["not a file we want"]), "x.txt");
      return probe({ kind: `multipart with a bad ${where}`, as, method: "POST", path: "/graphql", headers: csrfHeader(csrf), body: form });
    }),
    fc
      .tuple(user, fc.boolean(), fc.oneof(fc.constant(CLOSE_MEETING), wrongDocument, fc.string({ maxLength: 100 })), fc.option(fc.oneof(fc.string({ maxLength: 50 }), fc.constant("{not json"))), fc.nat({ max: 20_000 }))
      .map(([as, csrf, query, variables, padding]) => {
        const params = new URLSearchParams({ query, ...(variables === null ? {} : { variables }), ...(padding > 15_000 ? { pad: "x".repeat(padding) } : {}) });
        return probe({ kind: "GET with a mutation or a bad parameter", as, method: "GET", path: `/graphql?${params.toString()}`, headers: { accept: "application/json", ...csrfHeader(csrf) }, mayRead: true });
      }),
    fc.tuple(user, fc.constantFrom("PUT", "PATCH", "DELETE"), validBody).map(([as, method, body]) => probe({ kind: "another method", as, method, path: "/graphql", headers: JSON_TYPE, body })),
    fc
      .tuple(user, fc.constantFrom("image/png", "text/html", "application/xml"))
      .map(([as, accept]) => post("an Accept the server cannot give", as, JSON.stringify({ query: "{ viewer { userId } }" }), { headers: { ...JSON_TYPE, accept } })),
    user.map((as) => post("a subscription asked for as JSON", as, JSON.stringify({ query: `subscription { meetingUpdated(meetingId: "${MEETING}") { id } }` }), { headers: { ...JSON_TYPE, accept: "application/json" } })),
  );
})();

// --- The run -------------------------------------------------------------------------------------

const Health = z.object({ ledgerHead: z.object({ seq: z.number(), hash: z.string() }) });

async function health(url: string): Promise<{ seq: number; hash: string }> {
  const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
  assert.equal(res.status, 200, "/healthz answers");
  return Health.parse(await res.json()).ledgerHead;
}

async function must(server: ServerProcess, user: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const answer = await server.gql(user, query, variables);
  assert.deepEqual(answer.errors, [], query);
  assert.ok(answer.data, query);
  return answer.data;
}

/** The meeting held and closed: a vote on the budget item, closed, the decision recorded. */
async function closedMeeting(server: ServerProcess): Promise<string> {
  await must(server, "member-1", `mutation { openMeeting(meetingId: "${MEETING}") { id } }`);
  for (let seat = 1; seat <= 45; seat += 1) {
    await must(server, "clerk-1", `mutation($id: ID!) { setAttendance(meetingId: "${MEETING}", memberId: $id, present: true) { id } }`, { id: `member-${seat}` });
  }
  await must(server, "member-1", `mutation { setCurrentItem(meetingId: "${MEETING}", itemId: "${BUDGET}") { id } }`);
  const opened = await must(server, "member-1", `mutation { openVote(input: { itemId: "${BUDGET}", method: ELECTRONIC, question: "Budget 2027?" }) { id } }`);
  const voteId = z.object({ openVote: z.object({ id: z.string() }) }).parse(opened).openVote.id;
  for (const member of ["member-2", "member-3", "member-4"]) {
    await must(server, member, `mutation($v: ID!, $k: String!) { castBallot(voteId: $v, choice: YES, idempotencyKey: $k) { choice } }`, { v: voteId, k: `setup-${member}-8f2c` });
  }
  await must(server, "member-1", `mutation($v: ID!) { closeVote(voteId: $v) { id } }`, { v: voteId });
  await must(server, "clerk-1", `mutation { recordDecision(itemId: "${BUDGET}", text: "Budgeten fastställs.") { id } }`);
  await must(server, "member-1", CLOSE_MEETING);
  return voteId;
}

describe("bad input (issue 7, point 8)", () => {
  let server: ServerProcess;

  before(async () => {
    // Every request must reach validation, not the rate limiter: a limit far above what the run sends.
    server = await startServerProcess({ env: { RATE_LIMIT_BURST: "1000000", RATE_LIMIT_PER_SECOND: "1000000", LOG_LEVEL: "warn" } });
  });
  after(async () => {
    await server.stop();
  });

  it("every answer is a clean error, the server stays up, the ledger is unchanged", async (t) => {
    const voteId = await closedMeeting(server);
    REAL_IDS.push(voteId); // before any generator runs: the closed vote is a real id too
    const tokens: Tokens = { chair: await server.token("member-1"), clerk: await server.token("clerk-1") };
    const headBefore = await health(server.url);

    const outcomes = new Map<string, number>();
    const tried = new Map<string, number>();
    const run = async (name: string, group: string, arbitrary: fc.Arbitrary<Probe>, numRuns: number) => {
      await t.test(name, async () => {
        const property = fc.asyncProperty(arbitrary, async (p) => {
          const verdict = judge(p, await send(server.url, tokens, p));
          outcomes.set(verdict, (outcomes.get(verdict) ?? 0) + 1);
          tried.set(group, (tried.get(group) ?? 0) + 1);
        });
        await fc.assert(property, { seed: SEED, numRuns, includeErrorInReport: true });
        assert.deepEqual(await health(server.url), headBefore, `the ledger moved during ${name}`);
      });
    };

    const strings = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 300 }), fc.string({ unit: "grapheme", maxLength: 300 }));
    await run("arbitrary strings as documents", "documents", fc.tuple(user, strings).map(([as, q]) => postDocument("arbitrary string", as, q, { mayRead: true })), RUNS.strings);
    await run("shuffled GraphQL as documents", "documents", fc.tuple(user, tokenSoup).map(([as, q]) => postDocument("shuffled GraphQL", as, q, { mayRead: true })), RUNS.soups);
    await run(
      "valid syntax, wrong documents",
      "documents",
      fc.tuple(user, wrongDocument).map(([as, q]) => postDocument("wrong document", as, q, { expectCode: "GRAPHQL_VALIDATION_FAILED" })),
      RUNS.wrongDocuments,
    );
    await run(
      "mutations with bad variables",
      "variable sets",
      fc.tuple(user, variableSet).map(([as, v]) => post("bad variables", as, JSON.stringify({ query: v.document, variables: v.variables }))),
      RUNS.variables,
    );
    await run("deeper than the depth limit", "limits", fc.tuple(user, depthBomb).map(([as, q]) => postDocument("depth bomb", as, q, { expectCode: "BAD_INPUT" })), RUNS.depth);
    await run("more aliases than the alias limit", "limits", fc.tuple(user, aliasBomb).map(([as, q]) => postDocument("alias bomb", as, q, { expectCode: "BAD_INPUT" })), RUNS.aliases);
    await run("batches (JSON arrays)", "batches", fc.tuple(user, fc.array(requestObject, { maxLength: 30 })).map(([as, batch]) => post("batch", as, JSON.stringify(batch))), RUNS.batches);
    await run("bodies, content types and methods", "bodies", badRequest, RUNS.bodies);

    // The process is up (nothing restarts it: /healthz answering is the same process), the ledger is where it was and verifies.
    const headAfter = await health(server.url);
    assert.deepEqual(headAfter, headBefore, "the ledger head (seq and hash) is what it was before the run");
    const verified = z
      .object({ verifyLedger: z.object({ ok: z.boolean(), readModelsMatch: z.boolean(), head: z.object({ seq: z.number(), hash: z.string() }) }) })
      .parse(await must(server, "observer", `{ verifyLedger { ok readModelsMatch head { seq hash } } }`)).verifyLedger;
    assert.equal(verified.ok, true, "verifyLedger is ok");
    assert.equal(verified.readModelsMatch, true, "the read models match a replay");
    assert.deepEqual(verified.head, headBefore);
    const logged = server.output().split("\n").filter((line) => /"level":(50|60)/.test(line));
    assert.deepEqual(logged, [], "the server logged no error (an unexpected failure is logged at level error)");

    const count = (group: string) => tried.get(group) ?? 0;
    // An unclean answer fails the test where it is received, naming the request: reaching here means none.
    t.diagnostic(
      `bad input: seed ${SEED}; ${count("documents")} documents, ${count("variable sets")} variable sets, ${count("bodies")} bodies, ${count("limits")} depth and alias bombs, ${count("batches")} batches tried; 0 unclean answers (${outcomes.get(VALID_READ) ?? 0} random documents were valid reads); ledger unchanged at seq ${headAfter.seq}; process up, verifyLedger ok`,
    );
    const coded = (k: string) => CONTRACT_CODES.includes(k) || DOCUMENT_CODES.includes(k);
    const contract = [...outcomes].filter(([k]) => coded(k));
    const protocol = [...outcomes].filter(([k]) => !coded(k) && k !== VALID_READ);
    t.diagnostic(`answers with the contract's codes: ${contract.map(([k, n]) => `${k} ${n}`).join(", ")}`);
    t.diagnostic(`answers outside the contract's codes (yoga/Node protocol answers, reported): ${protocol.map(([k, n]) => `${k}: ${n}`).join("; ")}`);
  });
});
