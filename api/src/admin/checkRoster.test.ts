import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** `npm run admin -- check-roster …`, as IT staff run it. */
function checkRoster(...args: string[]): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", "api/src/cli.ts", "check-roster", ...args], { cwd: ROOT, encoding: "utf8" });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

describe("npm run admin -- check-roster", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "council-roster-"));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it("previews the example council: seats and substitutes per party, and who has no sign-in (exit 0)", () => {
    const { status, out } = checkRoster("api/examples/roster-kf-45.csv");
    assert.equal(status, 0, out);
    assert.match(out, /ok, 45 seats, 66 people/);
    assert.match(out, /^ {2}S: 12 seats, 4 substitutes$/m);
    assert.match(out, /^ {2}MP: 2 seats, 2 substitutes$/m);
    assert.match(out, /line 18: Anna Berg \(M, ordinary\)/);
  });

  it("previews the 349-seat parliament", () => {
    const { status, out } = checkRoster("api/examples/roster-riksdag-349.csv");
    assert.equal(status, 0, out);
    assert.match(out, /ok, 349 seats/);
  });

  it("lists every problem with its line and imports nothing (exit 1)", async () => {
    const file = join(dir, "bad.csv");
    await writeFile(file, "namn,parti,typ,plats,rang,upn\nAnna Nilsson,S,ordinarie,1,,anna@exempelstad.se\nBo Ek,S,ordinarie,1,,bo@exempelstad.se\nCia Berg,S,ersättare,,x,cia@exempelstad.se\n");
    const { status, out } = checkRoster(file);
    assert.equal(status, 1, out);
    assert.match(out, /4 problems; nothing would be imported/);
    assert.match(out, /line 2 \(seat\): seat 1 is also held by line 3 \(Bo Ek\)/);
    assert.match(out, /line 4 \(rank\):/);
  });

  it("refuses a bad --seats, a missing file and a missing argument (exit 2)", async () => {
    assert.equal(checkRoster("api/examples/roster-kf-45.csv", "--seats", "zero").status, 2);
    assert.equal(checkRoster(join(dir, "missing.csv")).status, 2);
    assert.equal(checkRoster().status, 2);
  });
});
