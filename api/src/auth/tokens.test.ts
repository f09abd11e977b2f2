import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { LocalIssuer } from "./tokens.js";

const KEY_FILE = "issuer-key.json";

function warnings(): { warn: (obj: object, msg: string) => void; seen: string[] } {
  const seen: string[] = [];
  return { warn: (_obj: object, msg: string) => void seen.push(msg), seen };
}

describe("the demo issuer's key in DATA_DIR", () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "council-issuer-"));
  });
  afterEach(async () => rm(dataDir, { recursive: true, force: true }));

  it("is created on a first start and kept: tokens signed before a restart still verify", async () => {
    const first = await LocalIssuer.inDataDir(dataDir);
    const token = await first.sign("member-1");
    const again = await LocalIssuer.inDataDir(dataDir);
    assert.equal((await again.verify(token)).userId, "member-1");
    assert.deepEqual(await readdir(dataDir), [KEY_FILE]);
  });

  for (const [state, content] of [
    ["empty (a power cut took its data)", ""],
    ["half-written", '{"kty":"EC","crv":"P-256","x":"abc'],
    ["JSON but not a private key", '{"kty":"EC"}'],
  ] as const) {
    it(`is replaced, with a warning, when ${state}: the start goes on`, async () => {
      await writeFile(join(dataDir, KEY_FILE), content);
      const log = warnings();
      const issuer = await LocalIssuer.inDataDir(dataDir, log);
      assert.equal((await issuer.verify(await issuer.sign("member-2"))).userId, "member-2");
      assert.deepEqual(log.seen, ["the demo issuer key was unreadable and has been replaced"]);
      const jwk: unknown = JSON.parse(await readFile(join(dataDir, KEY_FILE), "utf8"));
      assert.ok(typeof jwk === "object" && jwk !== null && "d" in jwk, "a whole private key was written in its place");
    });
  }
});
