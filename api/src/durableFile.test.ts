import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { writeFileDurably } from "./durableFile.js";

// That the data survives a power cut is shown on a lossy filesystem: api/reliability/powercut.test.ts.
describe("writeFileDurably", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "council-durable-"));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it("writes a new file with the mode asked for", async () => {
    const file = join(dir, "key.json");
    await writeFileDurably(file, '{"kty":"EC"}', { mode: 0o600 });
    assert.equal(await readFile(file, "utf8"), '{"kty":"EC"}');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
  });

  it("replaces an existing file whole, with no tail of the old one left", async () => {
    const file = join(dir, "settings.json");
    await writeFile(file, "a much longer old content than the new one");
    await writeFileDurably(file, new TextEncoder().encode("new"));
    assert.equal(await readFile(file, "utf8"), "new");
  });

  it("leaves no temporary file beside it", async () => {
    const sub = join(dir, "clean");
    await mkdir(sub);
    await writeFileDurably(join(sub, "a.json"), "1");
    await writeFileDurably(join(sub, "a.json"), "2");
    assert.deepEqual(await readdir(sub), ["a.json"]);
  });

  it("fails without leaving its temporary file when the name cannot be replaced", async () => {
    const sub = join(dir, "blocked");
    await mkdir(join(sub, "taken.json"), { recursive: true });
    await assert.rejects(writeFileDurably(join(sub, "taken.json"), "x"));
    assert.deepEqual(await readdir(sub), ["taken.json"]);
    assert.ok((await stat(join(sub, "taken.json"))).isDirectory());
  });
});
