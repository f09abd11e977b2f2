import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import {
  buildPackage,
  DEFAULT_ICONS_DIR,
  DEFAULT_LANGUAGES_DIR,
  DEFAULT_TEMPLATE,
  fillTemplate,
  localSchemaFile,
  main,
  PackageError,
  preparePackage,
  type PackageOptions,
} from "./package.js";
import { encodePng, readPngHeader } from "./png.js";

const VARS = {
  TEAMS_APP_ID: "2f1d6a0e-8c3b-4d5e-9f70-1a2b3c4d5e6f",
  TAB_DOMAIN: "council.example.se",
  AAD_APP_CLIENT_ID: "8a4c2e10-5b7d-4f3e-a1c9-0d2e4f6a8b0c",
};

const scratch = mkdtempSync(join(tmpdir(), "council-manifest-"));
after(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;
function tempDir(): string {
  const dir = join(scratch, String(++counter));
  mkdirSync(dir);
  return dir;
}

/** Walks into parsed JSON: at(x, "a", 0, "b") is x.a[0].b, or undefined. */
function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof key === "number") current = Array.isArray(current) ? current[key] : undefined;
    else current = typeof current === "object" && current !== null && !Array.isArray(current) ? Object.getOwnPropertyDescriptor(current, key)?.value : undefined;
  }
  return current;
}

function templateObject(): Record<string, unknown> {
  const parsed: unknown = JSON.parse(readFileSync(DEFAULT_TEMPLATE, "utf8"));
  assert.ok(typeof parsed === "object" && parsed !== null && !Array.isArray(parsed));
  return { ...parsed };
}

/** The PackageError thrown by fn; fails the test when fn does not throw one. */
function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof PackageError, `expected a PackageError, got ${String(e)}`);
    return e.problems;
  }
  assert.fail("expected the package build to fail");
}

function assertProblem(problems: readonly string[], ...patterns: RegExp[]): void {
  assert.ok(
    problems.some((p) => patterns.every((re) => re.test(p))),
    `no problem matches ${patterns.join(" and ")} in:\n${problems.join("\n")}`,
  );
}

function failsWithoutZip(options: PackageOptions): readonly string[] {
  const out = join(tempDir(), "council-vote.zip");
  const problems = problemsOf(() => buildPackage({ ...options, out }));
  assert.equal(existsSync(out), false, "no zip is written when there are problems");
  return problems;
}

describe("Teams app package: a good build", () => {
  const out = join(tempDir(), "build", "council-vote.zip");
  const result = buildPackage({ vars: VARS, out });
  const entries = unzipSync(new Uint8Array(readFileSync(out)));
  const manifestText = strFromU8(entries["manifest.json"] ?? new Uint8Array());
  const manifest: unknown = JSON.parse(manifestText);

  it("writes the zip where asked, with the manifest, both icons and the Swedish strings at its root", () => {
    assert.equal(result.out, out);
    assert.deepEqual(Object.keys(entries).sort(), ["color.png", "manifest.json", "outline.png", "sv-se.json"]);
    assert.deepEqual(result.entries.sort(), Object.keys(entries).sort());
  });

  it("uses the newest schema the package ships (1.30), offline", () => {
    assert.equal(at(manifest, "manifestVersion"), "1.30");
    assert.equal(at(manifest, "$schema"), "https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json");
    const file = localSchemaFile("https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json");
    assert.ok(file !== null && file.includes("@microsoft/app-manifest") && file.endsWith("MicrosoftTeams.schema.json"));
  });

  it("fills the app id, the domain and the Entra client id everywhere, leaving no placeholder", () => {
    assert.doesNotMatch(manifestText, /\$\{/);
    assert.equal(at(manifest, "id"), VARS.TEAMS_APP_ID);
    assert.equal(at(manifest, "version"), "1.0.0");
    assert.deepEqual(at(manifest, "validDomains"), [VARS.TAB_DOMAIN]);
    assert.equal(at(manifest, "developer", "name"), "Council Vote contributors");
    assert.equal(at(manifest, "developer", "privacyUrl"), `https://${VARS.TAB_DOMAIN}/privacy`);
    assert.deepEqual(at(manifest, "name"), { short: "Council Vote", full: "Council Vote – voting for council meetings" });
    assert.equal(at(manifest, "accentColor"), "#0F6CBD");
  });

  it("declares the meeting tab (side panel, stage, chat, details) and the clerk's personal tab", () => {
    assert.deepEqual(at(manifest, "configurableTabs"), [
      {
        configurationUrl: `https://${VARS.TAB_DOMAIN}/config?inTeams=1`,
        canUpdateConfiguration: true,
        scopes: ["groupChat"],
        context: ["meetingSidePanel", "meetingStage", "meetingChatTab", "meetingDetailsTab"],
      },
    ]);
    assert.equal(at(manifest, "staticTabs", 0, "entityId"), "clerk");
    assert.equal(at(manifest, "staticTabs", 0, "name"), "Clerk's desk");
    assert.equal(at(manifest, "staticTabs", 0, "contentUrl"), `https://${VARS.TAB_DOMAIN}/clerk?inTeams=1`);
    assert.deepEqual(at(manifest, "staticTabs", 0, "scopes"), ["personal"]);
  });

  it("asks for the stage RSC permission and names the SSO app as api://<domain>/<client id>", () => {
    assert.deepEqual(at(manifest, "authorization", "permissions", "resourceSpecific"), [{ name: "MeetingStage.Write.Chat", type: "Delegated" }]);
    assert.deepEqual(at(manifest, "webApplicationInfo"), {
      id: VARS.AAD_APP_CLIENT_ID,
      resource: `api://${VARS.TAB_DOMAIN}/${VARS.AAD_APP_CLIENT_ID}`,
    });
  });

  it("ships the committed icons at 192x192 (colour) and 32x32 (transparent outline)", () => {
    assert.deepEqual(at(manifest, "icons"), { color: "color.png", outline: "outline.png" });
    const color = readPngHeader(entries["color.png"] ?? new Uint8Array());
    const outline = readPngHeader(entries["outline.png"] ?? new Uint8Array());
    assert.ok(typeof color !== "string" && typeof outline !== "string");
    assert.deepEqual([color.width, color.height], [192, 192]);
    assert.deepEqual([outline.width, outline.height, outline.colourType], [32, 32, 6]);
    assert.deepEqual(entries["color.png"], new Uint8Array(readFileSync(join(DEFAULT_ICONS_DIR, "color.png"))));
  });

  it("carries the Swedish strings under the file name localizationInfo gives", () => {
    assert.deepEqual(at(manifest, "localizationInfo"), {
      defaultLanguageTag: "en-us",
      additionalLanguages: [{ languageTag: "sv-se", file: "sv-se.json" }],
    });
    const sv: unknown = JSON.parse(strFromU8(entries["sv-se.json"] ?? new Uint8Array()));
    assert.match(String(at(sv, "name.full")), /omröstning/);
    assert.match(String(at(sv, "description.short")), /sammanträden/);
    assert.equal(at(sv, "staticTabs[0].name"), "Sekreterarens bord");
  });

  it("gives the same bytes for the same inputs", () => {
    const again = join(tempDir(), "again.zip");
    buildPackage({ vars: VARS, out: again });
    assert.deepEqual(readFileSync(again), readFileSync(out));
  });
});

describe("Teams app package: refuses bad variables", () => {
  it("fillTemplate fills the three placeholders", () => {
    const filled = fillTemplate(VARS, '{"a":"${TEAMS_APP_ID}","b":"https://${TAB_DOMAIN}/x","c":"api://${TAB_DOMAIN}/${AAD_APP_CLIENT_ID}"}');
    assert.deepEqual(JSON.parse(filled), {
      a: VARS.TEAMS_APP_ID,
      b: "https://council.example.se/x",
      c: `api://council.example.se/${VARS.AAD_APP_CLIENT_ID}`,
    });
  });

  it("names a Teams app id that is not a GUID", () => {
    const problems = failsWithoutZip({ vars: { ...VARS, TEAMS_APP_ID: "council-vote" } });
    assertProblem(problems, /TEAMS_APP_ID/, /GUID/, /"council-vote"/);
    assert.equal(problems.length, 1, problems.join("\n"));
  });

  it("names an Entra client id that is not a GUID", () => {
    assertProblem(failsWithoutZip({ vars: { ...VARS, AAD_APP_CLIENT_ID: "12345" } }), /AAD_APP_CLIENT_ID/, /GUID/);
  });

  it("names a domain given with https:// or with a path or port", () => {
    assertProblem(failsWithoutZip({ vars: { ...VARS, TAB_DOMAIN: "https://council.example.se" } }), /TAB_DOMAIN/, /bare host name/, /https:\/\//);
    assertProblem(problemsOf(() => fillTemplate({ ...VARS, TAB_DOMAIN: "council.example.se/vote" })), /TAB_DOMAIN/, /path/);
    assertProblem(problemsOf(() => fillTemplate({ ...VARS, TAB_DOMAIN: "council.example.se:8443" })), /TAB_DOMAIN/, /port/);
    assertProblem(problemsOf(() => fillTemplate({ ...VARS, TAB_DOMAIN: "localhost" })), /TAB_DOMAIN/);
  });

  it("lists every bad variable at once", () => {
    const problems = failsWithoutZip({ vars: { TEAMS_APP_ID: "x", TAB_DOMAIN: "https://a.se/", AAD_APP_CLIENT_ID: "y" } });
    assertProblem(problems, /TEAMS_APP_ID/);
    assertProblem(problems, /TAB_DOMAIN/);
    assertProblem(problems, /AAD_APP_CLIENT_ID/);
  });

  it("says which variables are missing instead of using defaults", () => {
    const out = join(tempDir(), "council-vote.zip");
    try {
      buildPackage({ vars: { TAB_DOMAIN: VARS.TAB_DOMAIN }, out });
      assert.fail("expected a PackageError");
    } catch (e) {
      assert.ok(e instanceof PackageError);
      assert.deepEqual(e.missing, ["TEAMS_APP_ID", "AAD_APP_CLIENT_ID"]);
      assertProblem(e.problems, /TEAMS_APP_ID is not set/);
      assertProblem(e.problems, /AAD_APP_CLIENT_ID is not set/);
    }
    assert.equal(existsSync(out), false);
  });
});

describe("Teams app package: refuses a broken manifest", () => {
  it("a missing required field", () => {
    const broken = templateObject();
    delete broken.developer;
    const problems = failsWithoutZip({ vars: VARS, template: JSON.stringify(broken) });
    assertProblem(problems, /manifest\.json/, /required property 'developer'/);
  });

  it("a field of the wrong type", () => {
    const problems = failsWithoutZip({ vars: VARS, template: JSON.stringify({ ...templateObject(), version: 1 }) });
    assertProblem(problems, /manifest\.json: version must be string/);
  });

  it("a tab context or scope the schema does not allow", () => {
    const broken = templateObject();
    broken.configurableTabs = [
      {
        configurationUrl: "https://${TAB_DOMAIN}/config?inTeams=1",
        scopes: ["personal"],
        context: ["meetingSidePanel", "sidePanel"],
      },
    ];
    const problems = failsWithoutZip({ vars: VARS, template: JSON.stringify(broken) });
    assertProblem(problems, /configurableTabs\[0\]\.scopes\[0\]/, /allowed values/, /"groupChat"/);
    assertProblem(problems, /configurableTabs\[0\]\.context\[1\]/, /"meetingStage"/);
  });

  it("an unknown property, a wrong manifestVersion and a template that is not JSON", () => {
    const extra = failsWithoutZip({ vars: VARS, template: JSON.stringify({ ...templateObject(), colour: "blue", manifestVersion: "1.29" }) });
    assertProblem(extra, /"colour" is not allowed/);
    assertProblem(extra, /manifestVersion/, /1\.30/);
    assertProblem(failsWithoutZip({ vars: VARS, template: "{ not json" }), /not valid JSON/);
  });

  it("a placeholder other than the three variables", () => {
    const template = readFileSync(DEFAULT_TEMPLATE, "utf8").replace("https://${TAB_DOMAIN}/terms", "https://${TAB_HOST}/terms");
    assertProblem(failsWithoutZip({ vars: VARS, template }), /unknown placeholder \$\{TAB_HOST\}/);
  });

  it("a tab on a domain that is not in validDomains, or an SSO resource that does not match", () => {
    const template = readFileSync(DEFAULT_TEMPLATE, "utf8")
      .replace("https://${TAB_DOMAIN}/clerk?inTeams=1", "https://elsewhere.example.com/clerk")
      .replace('"api://${TAB_DOMAIN}/${AAD_APP_CLIENT_ID}"', '"api://${TAB_DOMAIN}"');
    const problems = failsWithoutZip({ vars: VARS, template });
    assertProblem(problems, /staticTabs\[0\]\.contentUrl/, /elsewhere\.example\.com/, /validDomains/);
    assertProblem(problems, /webApplicationInfo\.resource/, /api:\/\/council\.example\.se\/8a4c2e10/);
  });

  it("a Swedish file the localization schema rejects", () => {
    const dir = tempDir();
    const sv: unknown = JSON.parse(readFileSync(join(DEFAULT_LANGUAGES_DIR, "sv-se.json"), "utf8"));
    assert.ok(typeof sv === "object" && sv !== null);
    writeFileSync(join(dir, "sv-se.json"), JSON.stringify({ ...sv, "name.short": "Omröstning i kommunfullmäktige och nämnder", "name.long": "x" }));
    const problems = failsWithoutZip({ vars: VARS, languagesDir: dir });
    assertProblem(problems, /sv-se\.json/, /name\.short/, /30 characters/);
    assertProblem(problems, /sv-se\.json/, /"name\.long" is not allowed/);
    assertProblem(failsWithoutZip({ vars: VARS, languagesDir: tempDir() }), /language file sv-se\.json/, /not found/);
  });
});

describe("Teams app package: checks the icons", () => {
  it("refuses a colour icon that is not 192x192", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "color.png"), encodePng(100, 100, new Uint8Array(100 * 100 * 4).fill(255)));
    copyFileSync(join(DEFAULT_ICONS_DIR, "outline.png"), join(dir, "outline.png"));
    const problems = failsWithoutZip({ vars: VARS, iconsDir: dir });
    assertProblem(problems, /color\.png/, /192x192/, /100x100/);
    assert.equal(problems.length, 1, problems.join("\n"));
  });

  it("refuses an outline icon of the wrong size or without transparency, and a missing or non-PNG icon", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "outline.png"), encodePng(48, 48, new Uint8Array(48 * 48 * 4), { alpha: false }));
    writeFileSync(join(dir, "color.png"), "GIF89a not a png at all, not at all, not at all");
    const problems = failsWithoutZip({ vars: VARS, iconsDir: dir });
    assertProblem(problems, /outline\.png/, /32x32/, /48x48/);
    assertProblem(problems, /outline\.png/, /transparent/);
    assertProblem(problems, /color\.png/, /not a PNG/);
    assertProblem(failsWithoutZip({ vars: VARS, iconsDir: tempDir() }), /color\.png/, /not found/);
  });

  it("reads the size from the IHDR bytes 16-23", () => {
    const png = encodePng(300, 5, new Uint8Array(300 * 5 * 4));
    const header = readPngHeader(png);
    assert.ok(typeof header !== "string");
    assert.deepEqual([header.width, header.height], [300, 5]);
    assert.deepEqual([...png.subarray(16, 24)], [0, 0, 1, 44, 0, 0, 0, 5]);
  });
});

describe("Teams app package: the CLI", () => {
  it("refuses without the variables, names them and shows an example line, and writes nothing", (t) => {
    const errors: string[] = [];
    t.mock.method(console, "error", (...args: unknown[]) => void errors.push(args.map(String).join(" ")));
    const out = join(tempDir(), "council-vote.zip");
    assert.equal(main(["--out", out], {}), 1);
    const text = errors.join("\n");
    assert.match(text, /TEAMS_APP_ID, TAB_DOMAIN, AAD_APP_CLIENT_ID/);
    assert.match(text, /TEAMS_APP_ID=[0-9a-f-]{36} TAB_DOMAIN=council\.example\.se AAD_APP_CLIENT_ID=.* npm run package/);
    assert.match(text, /No package was written/);
    assert.equal(existsSync(out), false);
  });

  it("builds to --out with the variables from the environment", (t) => {
    const logs: string[] = [];
    t.mock.method(console, "log", (...args: unknown[]) => void logs.push(args.map(String).join(" ")));
    const out = join(tempDir(), "nested", "app.zip");
    assert.equal(main(["--out", out], { ...VARS, PATH: "/usr/bin" }), 0);
    assert.ok(existsSync(out));
    assert.match(logs.join("\n"), /manifest\.json, color\.png, outline\.png, sv-se\.json/);
  });

  it("refuses an unknown option", (t) => {
    t.mock.method(console, "error", () => undefined);
    assert.equal(main(["--output", "x.zip"], VARS), 1);
  });
});

describe("Teams app package: preparePackage", () => {
  it("returns the files without writing anything", () => {
    const { manifest, files } = preparePackage({ vars: VARS });
    assert.equal(manifest.id, VARS.TEAMS_APP_ID);
    assert.deepEqual(Object.keys(files), ["manifest.json", "color.png", "outline.png", "sv-se.json"]);
  });
});
