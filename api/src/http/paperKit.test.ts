import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEMO_MEETING_ID } from "../demo/council.js";
import { startTestServer, type TestServer } from "../testing/server.js";

/** GET /paper-kit over a real socket, as the tab's download button and a browser meet it. */
describe("GET /paper-kit", () => {
  let api: TestServer;
  before(async () => {
    api = await startTestServer();
  });
  after(async () => {
    await api.dispose();
  });

  /** GET /paper-kit?<query> as `user` (null: no Authorization header; "Bearer ..."/"Basic ...": sent as is). */
  const kit = async (user: string | null, query = `meeting=${DEMO_MEETING_ID}`, method = "GET") => {
    const headers: Record<string, string> = {};
    if (user !== null) headers["authorization"] = /^(Bearer|Basic) /.test(user) ? user : `Bearer ${await api.token(user)}`;
    return fetch(`${api.url}/paper-kit?${query}`, { method, headers });
  };
  const errorOf = async (res: Response) => {
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    return (await res.json()) as { error: string; code: string };
  };

  it("gives a clerk the kit as one HTML document, not cached, named after the meeting", async () => {
    const res = await kit("clerk-1");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    assert.equal(res.headers.get("cache-control"), "no-store");
    assert.equal(res.headers.get("content-disposition"), `inline; filename="pappersunderlag-${DEMO_MEETING_ID}.html"`);
    assert.match(res.headers.get("content-security-policy") ?? "", /default-src 'none'/);
    const html = await res.text();
    assert.match(html, /^<!DOCTYPE html>\n<html lang="sv">/);
    assert.equal(html.match(/<section class="sheet roll-call"/g)?.length, 10);
    assert.match(html, /Exempelstads kommunfullmäktige/);
  });

  it("gives the chair and an admin the kit too, in English when asked", async () => {
    const chair = await kit("member-1", `meeting=${DEMO_MEETING_ID}&lang=en`);
    assert.equal(chair.status, 200);
    assert.equal(chair.headers.get("content-disposition"), `inline; filename="paper-kit-${DEMO_MEETING_ID}.html"`);
    assert.match(await chair.text(), /^<!DOCTYPE html>\n<html lang="en">/);
    assert.equal((await kit("admin")).status, 200);
  });

  it("answers 401 without a token or with one that does not verify", async () => {
    for (const user of [null, "Bearer not-a-token", "Basic Y2xlcms6MQ==", `Bearer ${"x".repeat(20)}.${"y".repeat(20)}.z`]) {
      const res = await kit(user);
      assert.equal(res.status, 401, String(user));
      assert.equal(res.headers.get("www-authenticate"), "Bearer");
      assert.equal((await errorOf(res)).code, "UNAUTHENTICATED");
    }
    const expired = await api.server.issuer?.sign("clerk-1", { seconds: -60 });
    assert.ok(expired);
    const res = await kit(`Bearer ${expired}`);
    assert.equal(res.status, 401);
    assert.match((await errorOf(res)).error, /expired/);
  });

  it("answers 403 to a member and an observer", async () => {
    for (const user of ["member-2", "observer"]) {
      const res = await kit(user);
      assert.equal(res.status, 403, user);
      assert.equal((await errorOf(res)).code, "FORBIDDEN");
    }
  });

  it("answers 404 for a meeting that does not exist", async () => {
    const res = await kit("clerk-1", "meeting=no-such-meeting");
    assert.equal(res.status, 404);
    assert.equal((await errorOf(res)).code, "NOT_FOUND");
  });

  it("answers 400 without a meeting or with a language it does not speak", async () => {
    for (const query of ["", "lang=sv", "meeting=", `meeting=${DEMO_MEETING_ID}&lang=de`]) {
      const res = await kit("clerk-1", query);
      assert.equal(res.status, 400, query);
      assert.equal((await errorOf(res)).code, "BAD_INPUT");
    }
  });

  it("answers 405 to anything but GET", async () => {
    for (const method of ["POST", "PUT", "DELETE", "HEAD"]) {
      const res = await kit("clerk-1", `meeting=${DEMO_MEETING_ID}`, method);
      assert.equal(res.status, 405, method);
      assert.equal(res.headers.get("allow"), "GET");
    }
  });
});
