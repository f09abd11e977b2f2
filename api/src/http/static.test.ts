import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { framingHeaders, serveTab } from "./static.js";

describe("serving the tab", () => {
  let dist: string;
  let server: Server;
  let url: string;
  let missing: string;

  before(async () => {
    dist = await mkdtemp(join(tmpdir(), "tab-dist-"));
    missing = join(dist, "not-built");
    await mkdir(join(dist, "assets"));
    await writeFile(join(dist, "index.html"), "<!doctype html><title>Council Vote</title>");
    await writeFile(join(dist, "assets", "main-abc123.js"), "console.log(1)");
    await writeFile(join(dist, "privacy.html"), "<!doctype html><title>Integritet</title>");
    server = createServer((req, res) => {
      const production = req.url?.includes("prod=1");
      const notBuilt = req.url?.includes("missing=1");
      void serveTab(req, res, production ? "production" : "demo", notBuilt ? missing : dist);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dist, { recursive: true, force: true });
  });

  it("serves the page for every screen route, fresh, with the framing headers Teams needs and no X-Frame-Options", async () => {
    for (const route of ["/", "/member", "/chair", "/clerk", "/stage", "/config?inTeams=1"]) {
      const res = await fetch(url + route);
      assert.equal(res.status, 200, route);
      assert.match(await res.text(), /Council Vote/);
      assert.equal(res.headers.get("cache-control"), "no-cache");
      assert.equal(res.headers.get("x-frame-options"), null);
      const csp = res.headers.get("content-security-policy") ?? "";
      for (const host of ["https://teams.microsoft.com", "https://*.teams.microsoft.com", "https://*.cloud.microsoft", "https://*.skype.com"]) {
        assert.ok(csp.includes(host), `${host} in ${csp}`);
      }
    }
  });

  it("serves hashed assets as immutable, and 404 for a missing file or a path outside the build", async () => {
    const asset = await fetch(`${url}/assets/main-abc123.js`);
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get("content-type") ?? "", /javascript/);
    assert.match(asset.headers.get("cache-control") ?? "", /immutable/);
    assert.equal((await fetch(`${url}/assets/nope.js`)).status, 404);
    assert.equal((await fetch(`${url}/..%2F..%2Fetc%2Fpasswd.txt`)).status, 404);
  });

  it("serves a page of its own (the privacy page the manifest links) rather than the app", async () => {
    const res = await fetch(`${url}/privacy`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Integritet/);
  });

  it("says how to build the tab when it is not built", async () => {
    const res = await fetch(`${url}/?missing=1`);
    assert.equal(res.status, 503);
    assert.match(await res.text(), /npm run build:plugin/);
  });

  it("allows a host page on this machine only in demo mode", () => {
    assert.match(framingHeaders("demo")["content-security-policy"] ?? "", /http:\/\/localhost:\*/);
    assert.doesNotMatch(framingHeaders("production")["content-security-policy"] ?? "", /localhost/);
  });
});
