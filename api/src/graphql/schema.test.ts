import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { generate } from "./generate.js";
import { SDL_PATH, TYPEGEN_PATH } from "./schema.js";

describe("the committed schema", () => {
  it("is what nexus generates from the code now (run `npm run generate` if not)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "schema-"));
    try {
      const sdl = join(dir, "schema.graphql");
      const typegen = join(dir, "nexus-typegen.ts");
      await generate(sdl, typegen);
      assert.equal(await readFile(SDL_PATH, "utf8"), await readFile(sdl, "utf8"), "api/schema.graphql is stale");
      const committed = await readFile(TYPEGEN_PATH, "utf8");
      // The typegen imports the sources and context by relative path from where it is written.
      const fresh = (await readFile(typegen, "utf8")).replace(/from "[^"]*\/(sources|context)\.js"/g, 'from "./$1.js"');
      assert.equal(committed, fresh, "api/src/graphql/nexus-typegen.ts is stale");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
