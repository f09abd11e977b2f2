/**
 * Builds the Teams app package (the zip a council's IT department uploads to Teams):
 *
 *   TEAMS_APP_ID=<guid> TAB_DOMAIN=council.example.se AAD_APP_CLIENT_ID=<guid> npm run package [-- --out <zip>]
 *
 * 1. fills the ${...} placeholders of manifest.template.json (and of the language files),
 * 2. validates the manifest and every language file offline against the official JSON schemas that
 *    @microsoft/app-manifest ships (draft-04, ajv-draft-04 + ajv-formats, as the Agents Toolkit does),
 *    plus what the schema cannot see: icon sizes, files the manifest names, tab URLs inside
 *    validDomains, the SSO resource,
 * 3. zips manifest.json, the icons and the language files with fflate (manifest/build/council-vote.zip).
 *
 * Every problem is collected and reported together; nothing is written unless there are none.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import AjvModule, { type ErrorObject, type ValidateFunction } from "ajv-draft-04";
import addFormatsModule from "ajv-formats";
import { strToU8, zipSync, type Zippable } from "fflate";
import { readPngHeader } from "./png.js";

// ajv and ajv-formats are CommonJS modules whose module.exports also carries itself as `.default`.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

export const MANIFEST_DIR = fileURLToPath(new URL(".", import.meta.url));
export const DEFAULT_TEMPLATE = join(MANIFEST_DIR, "manifest.template.json");
export const DEFAULT_ICONS_DIR = join(MANIFEST_DIR, "icons");
/** where the language files named in localizationInfo.additionalLanguages live */
export const DEFAULT_LANGUAGES_DIR = MANIFEST_DIR;
export const DEFAULT_OUT = join(MANIFEST_DIR, "build", "council-vote.zip");

export const VARIABLES = ["TEAMS_APP_ID", "TAB_DOMAIN", "AAD_APP_CLIENT_ID"] as const;
export type VariableName = (typeof VARIABLES)[number];
export type TemplateVars = Readonly<Record<VariableName, string>>;
/** What the build reads the variables from: process.env fits. */
export type VariableSource = Readonly<Partial<Record<string, string | undefined>>>;

export const VARIABLE_HELP: Readonly<Record<VariableName, string>> = {
  TEAMS_APP_ID: "the Teams app id: a GUID you generate once for your council and keep for every update",
  TAB_DOMAIN: "the host name the tab and API are served from over HTTPS, without https:// or a path",
  AAD_APP_CLIENT_ID: "the Application (client) ID of the council's Entra app registration for single sign-on",
};

/** Required pixel sizes of the icons, by their key in manifest.icons (Teams does not accept others). */
export const ICON_SIZES: Readonly<Record<string, number>> = { color: 192, outline: 32, color32x32: 32 };

const SCHEMA_FILE_PATTERN = /^\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?json-schemas\/(teams\/v\d+\.\d+\/[A-Za-z.]+\.schema\.json)$/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;
const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
/** Stand-ins used only to keep checking the template when a variable is missing or invalid. */
const STAND_INS: TemplateVars = {
  TEAMS_APP_ID: "00000000-0000-4000-8000-000000000001",
  TAB_DOMAIN: "council.example.se",
  AAD_APP_CLIENT_ID: "00000000-0000-4000-8000-000000000002",
};

/** Thrown with every problem found; nothing has been written when it is thrown. */
export class PackageError extends Error {
  override readonly name = "PackageError";
  constructor(
    readonly problems: readonly string[],
    /** the variables that were not set at all (the CLI then shows how to set them) */
    readonly missing: readonly VariableName[] = [],
  ) {
    super(`The Teams app package cannot be built:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Variables and the template

/** The variables that are not set, or set to an empty string. */
export function missingVariables(source: VariableSource): VariableName[] {
  return VARIABLES.filter((name) => (source[name] ?? "") === "");
}

/** Problems with the values of the variables (an empty list when all three are fine). */
export function checkVariables(source: VariableSource): string[] {
  const problems: string[] = [];
  for (const name of missingVariables(source)) problems.push(`${name} is not set: ${VARIABLE_HELP[name]}`);
  const guids: readonly VariableName[] = ["TEAMS_APP_ID", "AAD_APP_CLIENT_ID"];
  for (const name of guids) {
    const value = source[name];
    if (value !== undefined && value !== "" && !GUID.test(value)) {
      problems.push(`${name} must be a GUID like 2f1d6a0e-8c3b-4d5e-9f70-1a2b3c4d5e6f (${VARIABLE_HELP[name]}), got ${JSON.stringify(value)}`);
    }
  }
  const domain = source.TAB_DOMAIN;
  if (domain !== undefined && domain !== "") {
    const problem = domainProblem(domain);
    if (problem !== null) problems.push(`TAB_DOMAIN must be a bare host name such as council.example.se: ${problem}, got ${JSON.stringify(domain)}`);
  }
  return problems;
}

function domainProblem(domain: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(domain)) return "leave out the scheme (https://)";
  if (domain.includes("/")) return "leave out any path or trailing slash";
  if (/\s/.test(domain)) return "it contains white space";
  if (domain.includes("@")) return "leave out any user name";
  if (domain.includes(":")) return "leave out the port (Teams loads the tab over HTTPS on port 443)";
  if (domain.includes("*")) return "wildcards are not allowed";
  if (domain.length > 253) return "it is longer than 253 characters";
  const labels = domain.split(".");
  if (labels.length < 2) return "use the full domain name (at least one dot)";
  if (!labels.every((label) => HOST_LABEL.test(label))) {
    return "each dot-separated part must be 1-63 letters, digits or hyphens, not starting or ending with a hyphen";
  }
  if (/^\d+$/.test(labels[labels.length - 1] ?? "")) return "use a domain name, not an IP address";
  return null;
}

/** Reads the three variables from a source such as process.env (undefined when missing). */
function pickVariables(source: VariableSource): Partial<Record<VariableName, string>> {
  const picked: Partial<Record<VariableName, string>> = {};
  for (const name of VARIABLES) {
    const value = source[name];
    if (value !== undefined && value !== "") picked[name] = value;
  }
  return picked;
}

/** Replaces the ${NAME} placeholders; placeholders that are not one of VARIABLES are problems. */
function substitute(text: string, vars: TemplateVars, file: string): { text: string; problems: string[] } {
  const unknown = new Set<string>();
  const filled = text.replace(PLACEHOLDER, (whole: string, name: string) => {
    const known = VARIABLES.find((v) => v === name);
    if (known === undefined) {
      unknown.add(whole);
      return whole;
    }
    return JSON.stringify(vars[known]).slice(1, -1); // the values end up inside JSON strings
  });
  const problems = [...unknown].map(
    (p) => `${file}: unknown placeholder ${p} (the template may only use ${VARIABLES.map((v) => `\${${v}}`).join(", ")})`,
  );
  return { text: filled, problems };
}

/**
 * Fills ${TEAMS_APP_ID}, ${TAB_DOMAIN} and ${AAD_APP_CLIENT_ID} in the template text (by default
 * manifest.template.json) and returns the filled text. Throws a PackageError when a variable is
 * missing or malformed, or when the template uses another placeholder.
 */
export function fillTemplate(vars: VariableSource, template: string = readFileSync(DEFAULT_TEMPLATE, "utf8")): string {
  const problems = checkVariables(vars);
  const { text, problems: placeholderProblems } = substitute(template, { ...STAND_INS, ...pickVariables(vars) }, "template");
  problems.push(...placeholderProblems);
  if (problems.length > 0) throw new PackageError(problems, missingVariables(vars));
  return text;
}

// ---------------------------------------------------------------------------------------------
// Schemas

const require = createRequire(import.meta.url);
/** build/json-schemas of @microsoft/app-manifest: teams/v1.NN/MicrosoftTeams(.Localization).schema.json */
export const SCHEMA_ROOT = join(dirname(require.resolve("@microsoft/app-manifest/package.json")), "build", "json-schemas");

const validators = new Map<string, ValidateFunction>();

/** The local copy of a schema URL such as https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json */
export function localSchemaFile(schemaUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(schemaUrl);
  } catch {
    return null;
  }
  const match = url.hostname === "developer.microsoft.com" ? SCHEMA_FILE_PATTERN.exec(url.pathname) : null;
  const suffix = match?.[1];
  if (suffix === undefined) return null;
  const file = join(SCHEMA_ROOT, suffix);
  return existsSync(file) ? file : null;
}

function validatorFor(schemaFile: string): ValidateFunction {
  const cached = validators.get(schemaFile);
  if (cached) return cached;
  // As the Agents Toolkit does: the published schemas use \a and \v in regular expressions, which
  // are not valid in JavaScript's unicode regular expressions.
  const text = readFileSync(schemaFile, "utf8").replace(/\\a/g, "\\u0007").replace(/\\v/g, "\\u000b");
  const schema: unknown = JSON.parse(text);
  if (!isObject(schema)) throw new Error(`${schemaFile} is not a JSON schema`);
  let validate: ValidateFunction;
  try {
    validate = compile(schema, true);
  } catch (e) {
    // The localization schemas also hold patterns such as `\[\b(...)\b]` that are only valid
    // without the unicode flag; compile those as plain (non-unicode) regular expressions.
    if (!(e instanceof SyntaxError)) throw e;
    validate = compile(schema, false);
  }
  validators.set(schemaFile, validate);
  return validate;
}

function compile(schema: Record<string, unknown>, unicodeRegExp: boolean): ValidateFunction {
  // The Agents Toolkit's options for the draft-04 Teams schemas.
  const ajv = new Ajv({ allErrors: true, strictTypes: false, unicodeRegExp });
  addFormats(ajv, ["uri", "email", "regex"]);
  return ajv.compile(schema);
}

/** Validates a parsed JSON document against a local schema; returns readable problems. */
export function validateAgainstSchema(document: unknown, schemaFile: string, file: string): string[] {
  const validate = validatorFor(schemaFile);
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => `${file}: ${describeError(error)}`);
}

/** "/configurableTabs/0/scopes/0" -> "configurableTabs[0].scopes[0]" */
function pointerToPath(pointer: string): string {
  if (pointer === "") return "(top level)";
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? (i === 0 ? s : `.${s}`) : `[${JSON.stringify(s)}]`))
    .join("");
}

function describeError(error: ErrorObject): string {
  const params: Record<string, unknown> = error.params;
  let detail = "";
  if (error.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
    detail = `: "${params.additionalProperty}" is not allowed here`;
  } else if (error.keyword === "enum" && Array.isArray(params.allowedValues)) {
    detail = `: ${params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  } else if (error.keyword === "const" && "allowedValue" in params) {
    detail = `: ${JSON.stringify(params.allowedValue)}`;
  }
  return `${pointerToPath(error.instancePath)} ${error.message ?? "is invalid"}${detail}`;
}

// ---------------------------------------------------------------------------------------------
// The package

export interface PackageOptions {
  /** TEAMS_APP_ID, TAB_DOMAIN, AAD_APP_CLIENT_ID; process.env fits */
  vars: VariableSource;
  /** template text; when absent, read from templatePath */
  template?: string;
  /** default manifest/manifest.template.json */
  templatePath?: string;
  /** where the icons the manifest names are; default manifest/icons */
  iconsDir?: string;
  /** where the language files the manifest names are; default manifest/ */
  languagesDir?: string;
}

export interface PackageContents {
  /** the filled, validated manifest */
  manifest: Record<string, unknown>;
  /** file name in the zip -> bytes (manifest.json first) */
  files: Record<string, Uint8Array>;
}

/**
 * Fills and checks everything and returns the files of the package, or throws a PackageError
 * listing every problem found.
 */
export function preparePackage(options: PackageOptions): PackageContents {
  const problems = checkVariables(options.vars);
  const vars: TemplateVars = { ...STAND_INS, ...(problems.length === 0 ? pickVariables(options.vars) : validSubset(options.vars)) };
  const fail = (): never => {
    throw new PackageError(problems, missingVariables(options.vars));
  };

  const templatePath = options.templatePath ?? DEFAULT_TEMPLATE;
  let template: string;
  try {
    template = options.template ?? readFileSync(templatePath, "utf8");
  } catch (e) {
    problems.push(`cannot read the template ${templatePath}: ${errorMessage(e)}`);
    return fail();
  }
  const filled = substitute(template, vars, "manifest template");
  problems.push(...filled.problems);
  const parsed = parseJson(filled.text, "manifest template");
  if (typeof parsed === "string" || !isObject(parsed)) {
    problems.push(typeof parsed === "string" ? parsed : "manifest template: must be a JSON object");
    return fail();
  }
  const manifest = parsed;

  const schemaUrl = manifest.$schema;
  const schemaFile = typeof schemaUrl === "string" ? localSchemaFile(schemaUrl) : null;
  if (schemaFile === null) {
    problems.push(
      `manifest.json: "$schema" must be the URL of a Teams manifest schema that @microsoft/app-manifest ships, such as https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json; got ${JSON.stringify(schemaUrl)}`,
    );
    return fail();
  }
  const schemaProblems = validateAgainstSchema(manifest, schemaFile, "manifest.json");
  problems.push(...schemaProblems);
  const schemaVersion = /\/v(\d+\.\d+)\//.exec(schemaFile)?.[1];
  if (schemaVersion !== undefined && manifest.manifestVersion !== schemaVersion && !schemaProblems.some((p) => p.includes("manifestVersion"))) {
    problems.push(`manifest.json: manifestVersion must be "${schemaVersion}" to match "$schema", got ${JSON.stringify(manifest.manifestVersion)}`);
  }
  if (typeof manifest.version === "string" && !/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.test(manifest.version)) {
    problems.push(`manifest.json: version must be MAJOR.MINOR.PATCH (for example 1.0.0), got ${JSON.stringify(manifest.version)}`);
  }
  problems.push(...checkDomains(manifest));

  const files: Record<string, Uint8Array> = {};
  problems.push(...collectIcons(manifest, options.iconsDir ?? DEFAULT_ICONS_DIR, files));
  problems.push(...collectLanguageFiles(manifest, schemaFile, options.languagesDir ?? DEFAULT_LANGUAGES_DIR, vars, files));

  if (problems.length > 0) return fail();
  return { manifest, files: { "manifest.json": strToU8(`${JSON.stringify(manifest, null, 2)}\n`), ...files } };
}

export interface BuildResult {
  /** absolute path of the written zip */
  out: string;
  /** the file names inside the zip */
  entries: string[];
  manifest: Record<string, unknown>;
}

/** Builds and checks the package and writes the zip (default manifest/build/council-vote.zip). */
export function buildPackage(options: PackageOptions & { out?: string }): BuildResult {
  const { manifest, files } = preparePackage(options);
  const out = resolve(options.out ?? DEFAULT_OUT);
  const zippable: Zippable = {};
  // A fixed time stamp: the same inputs give the same bytes.
  for (const [name, bytes] of Object.entries(files)) zippable[name] = [bytes, { level: 9, mtime: new Date(2024, 0, 1) }];
  const zip = zipSync(zippable);
  mkdirSync(dirname(out), { recursive: true });
  const partial = `${out}.partial`;
  writeFileSync(partial, zip);
  renameSync(partial, out);
  return { out, entries: Object.keys(files), manifest };
}

// ---------------------------------------------------------------------------------------------
// Checks the schema cannot make

function collectIcons(manifest: Record<string, unknown>, iconsDir: string, files: Record<string, Uint8Array>): string[] {
  const icons = manifest.icons;
  if (!isObject(icons)) return []; // the schema has said so
  const problems: string[] = [];
  for (const [key, value] of Object.entries(icons)) {
    const size = ICON_SIZES[key];
    if (typeof value !== "string" || size === undefined) continue;
    const name = plainFileName(value);
    if (name === null) {
      problems.push(`manifest.json: icons.${key} must be a plain file name at the top of the package (such as ${key}.png), got ${JSON.stringify(value)}`);
      continue;
    }
    const path = join(iconsDir, name);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch {
      problems.push(`icon ${name} (icons.${key}) not found at ${path}`);
      continue;
    }
    const header = readPngHeader(bytes);
    if (typeof header === "string") {
      problems.push(`icon ${name} (icons.${key}) ${header}`);
      continue;
    }
    if (header.width !== size || header.height !== size) {
      problems.push(`icon ${name} (icons.${key}) must be ${size}x${size} pixels, but it is ${header.width}x${header.height}`);
    }
    if (key === "outline" && !header.hasTransparency) {
      problems.push(`icon ${name} (icons.outline) must be white on a transparent background, but the PNG has no alpha channel`);
    }
    files[name] = bytes;
  }
  return problems;
}

function collectLanguageFiles(
  manifest: Record<string, unknown>,
  manifestSchemaFile: string,
  languagesDir: string,
  vars: TemplateVars,
  files: Record<string, Uint8Array>,
): string[] {
  const info = manifest.localizationInfo;
  if (!isObject(info)) return [];
  const problems: string[] = [];
  const languages = Array.isArray(info.additionalLanguages) ? info.additionalLanguages : [];
  const schemaFile = join(dirname(manifestSchemaFile), "MicrosoftTeams.Localization.schema.json");
  const expectedSchemaUrl = `https://developer.microsoft.com/json-schemas/${relative(SCHEMA_ROOT, schemaFile).split("\\").join("/")}`;
  for (const language of languages) {
    if (!isObject(language) || typeof language.file !== "string") continue; // the schema has said so
    const name = plainFileName(language.file);
    if (name === null) {
      problems.push(`manifest.json: localizationInfo.additionalLanguages file must be a plain file name (such as sv-se.json), got ${JSON.stringify(language.file)}`);
      continue;
    }
    if (name in files || name === "manifest.json") {
      problems.push(`manifest.json: ${name} is named twice in the package`);
      continue;
    }
    const path = join(languagesDir, name);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      problems.push(`language file ${name} (${String(language.languageTag)}) not found at ${path}`);
      continue;
    }
    const filled = substitute(text, vars, name);
    problems.push(...filled.problems);
    const parsed = parseJson(filled.text, name);
    if (typeof parsed === "string") {
      problems.push(parsed);
      continue;
    }
    if (!existsSync(schemaFile)) {
      problems.push(`${name}: @microsoft/app-manifest has no localization schema next to ${manifestSchemaFile}`);
      continue;
    }
    problems.push(...validateAgainstSchema(parsed, schemaFile, name));
    if (isObject(parsed) && parsed.$schema !== expectedSchemaUrl) {
      problems.push(`${name}: "$schema" must be ${expectedSchemaUrl} (the manifest's version), got ${JSON.stringify(parsed.$schema)}`);
    }
    files[name] = strToU8(filled.text);
  }
  return problems;
}

/** Tab URLs must be HTTPS on a valid domain, and the SSO resource must be api://<domain>/<client id>. */
function checkDomains(manifest: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const validDomains = Array.isArray(manifest.validDomains) ? manifest.validDomains.filter((d) => typeof d === "string") : [];
  const allowed = (host: string): boolean =>
    validDomains.some((d) => d.toLowerCase() === host || (d.startsWith("*.") && host.endsWith(d.slice(1).toLowerCase())));
  const urls: [string, unknown][] = [];
  const urlKeys: readonly (readonly [string, readonly string[]])[] = [
    ["configurableTabs", ["configurationUrl"]],
    ["staticTabs", ["contentUrl", "websiteUrl", "searchUrl"]],
  ];
  for (const [list, keys] of urlKeys) {
    const tabs = manifest[list];
    if (!Array.isArray(tabs)) continue;
    tabs.forEach((tab: unknown, i) => {
      if (isObject(tab)) for (const key of keys) if (key in tab) urls.push([`${list}[${i}].${key}`, tab[key]]);
    });
  }
  for (const [where, value] of urls) {
    if (typeof value !== "string") continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      problems.push(`manifest.json: ${where} is not a URL: ${JSON.stringify(value)}`);
      continue;
    }
    if (url.protocol !== "https:") problems.push(`manifest.json: ${where} must use https://, got ${JSON.stringify(value)}`);
    if (!allowed(url.hostname)) problems.push(`manifest.json: ${where} is on ${url.hostname}, which is not in validDomains`);
  }
  const app = manifest.webApplicationInfo;
  if (isObject(app) && typeof app.id === "string") {
    const resource = app.resource;
    const match = typeof resource === "string" ? /^api:\/\/([^/]+)\/(.+)$/.exec(resource) : null;
    const host = match?.[1];
    if (host === undefined || match?.[2] !== app.id || !allowed(host)) {
      problems.push(
        `manifest.json: webApplicationInfo.resource must be the Entra app's Application ID URI api://<a valid domain>/<webApplicationInfo.id> (here api://${validDomains[0] ?? "<domain>"}/${app.id}), got ${JSON.stringify(resource)}`,
      );
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function validSubset(source: VariableSource): Partial<Record<VariableName, string>> {
  const picked = pickVariables(source);
  const out: Partial<Record<VariableName, string>> = {};
  for (const name of VARIABLES) {
    const value = picked[name];
    if (value !== undefined && checkVariables({ ...STAND_INS, [name]: value }).length === 0) out[name] = value;
  }
  return out;
}

function plainFileName(path: string): string | null {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(path) ? path : null;
}

/** The parsed value, or a sentence saying why the text is not JSON. */
function parseJson(text: string, file: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch (e) {
    return `${file} is not valid JSON: ${errorMessage(e)}`;
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// ---------------------------------------------------------------------------------------------
// CLI

const USAGE = `Usage: TEAMS_APP_ID=<guid> TAB_DOMAIN=<host> AAD_APP_CLIENT_ID=<guid> npm run package [-- --out <file.zip>]`;

function exampleLine(): string {
  return `  TEAMS_APP_ID=${randomUUID()} TAB_DOMAIN=council.example.se AAD_APP_CLIENT_ID=<Application (client) ID> npm run package`;
}

/** Relative to the working directory when inside it, else absolute. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}

/** Runs the CLI; returns the exit code. */
export function main(argv: readonly string[] = process.argv.slice(2), env: VariableSource = process.env): number {
  let out: string | undefined;
  try {
    const { values } = parseArgs({ args: [...argv], options: { out: { type: "string" }, help: { type: "boolean", short: "h" } } });
    if (values.help === true) {
      console.log(`${USAGE}\n\n${VARIABLES.map((v) => `  ${v.padEnd(18)} ${VARIABLE_HELP[v]}`).join("\n")}\n\nWrites ${displayPath(DEFAULT_OUT)} unless --out is given.`);
      return 0;
    }
    out = values.out;
  } catch (e) {
    console.error(`${errorMessage(e)}\n${USAGE}`);
    return 1;
  }
  try {
    const result = buildPackage({ vars: env, ...(out === undefined ? {} : { out }) });
    const domain = env.TAB_DOMAIN ?? "";
    console.log(
      [
        `Wrote ${displayPath(result.out)} (${result.entries.join(", ")})`,
        `  Teams app id        ${env.TEAMS_APP_ID ?? ""}`,
        `  tab                 https://${domain}/`,
        `  SSO resource        api://${domain}/${env.AAD_APP_CLIENT_ID ?? ""}`,
        `Upload it in the Teams admin center (Teams apps > Manage apps > Upload new app) or in Teams (Apps > Manage your apps > Upload an app).`,
      ].join("\n"),
    );
    return 0;
  } catch (e) {
    if (!(e instanceof PackageError)) throw e;
    console.error(e.message);
    if (e.missing.length > 0) {
      console.error(`\nSet ${e.missing.join(", ")} (there are no defaults), for example:\n${exampleLine()}`);
      console.error(`(TEAMS_APP_ID: generate a GUID once, e.g. with uuidgen, and keep it for every later version.)`);
    }
    console.error("\nNo package was written.");
    return 1;
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main();
}
