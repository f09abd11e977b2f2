import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { pino } from "pino";
import { ConfigError, loadConfig } from "../config.js";
import { LIMITS } from "../graphql/yoga.js";
import { codes, startTestServer, testConfig, type TestServer } from "../testing/server.js";
import { MAX_BODY_BYTES, startServer, type RunningServer } from "./server.js";

describe("the demo server over HTTP", () => {
  let api: TestServer;
  before(async () => {
    api = await startTestServer();
  });
  after(async () => {
    await api.dispose();
  });

  it("issues demo tokens for demo users only", async () => {
    const ok = await fetch(`${api.url}/dev/token?user=member-1`);
    assert.equal(ok.status, 200);
    const { token } = (await ok.json()) as { token: string };
    const viewer = await api.gql<{ viewer: { userId: string; roles: string[] } }>(`Bearer ${token}`, "{ viewer { userId roles } }");
    assert.deepEqual(viewer.data?.viewer, { userId: "member-1", roles: ["MEMBER", "CHAIR"] });
    assert.equal((await fetch(`${api.url}/dev/token?user=mallory`)).status, 404);
    const { users } = (await (await fetch(`${api.url}/dev/users`)).json()) as { users: { userId: string; roles: string[] }[] };
    assert.deepEqual(users.find((u) => u.userId === "member-1")?.roles, ["MEMBER", "CHAIR"]);
    assert.equal(users.length, 69 + 4);
    assert.equal((await fetch(`${api.url}/dev/token`)).status, 400);
  });

  it("refuses a document deeper than the limit with BAD_INPUT", async () => {
    const deep = `{ assemblies { meetings { agenda { votes { item { votes { item { votes { item { votes { item { votes { id } } } } } } } } } } } } }`;
    const response = await api.gql("member-1", deep);
    assert.deepEqual(codes(response), ["BAD_INPUT"]);
    assert.match(response.errors[0]?.message ?? "", /depth/i);
  });

  it("refuses too many aliases and too many tokens with BAD_INPUT", async () => {
    const aliases = `{ ${Array.from({ length: LIMITS.aliases + 1 }, (_, i) => `a${i}: viewer { userId }`).join(" ")} }`;
    assert.deepEqual(codes(await api.gql("member-1", aliases)), ["BAD_INPUT"]);
    const tokens = `{ viewer { ${Array.from({ length: LIMITS.tokens }, () => "userId").join(" ")} } }`;
    assert.deepEqual(codes(await api.gql("member-1", tokens)), ["BAD_INPUT"]);
  });

  it("refuses a request body over the size limit", async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ viewer { userId } } # ${"x".repeat(MAX_BODY_BYTES)}` }),
    });
    assert.equal(response.status, 413);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    assert.equal(body.errors[0]?.extensions.code, "BAD_INPUT");
  });

  it("prevents CSRF: a GET without the yoga CSRF header is refused", async () => {
    const token = await api.token("member-1");
    const url = `${api.url}/graphql?query=${encodeURIComponent("{ viewer { userId } }")}`;
    const bare = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: "application/json" } });
    assert.equal(bare.status, 403);
    const withHeader = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: "application/json", "x-graphql-yoga-csrf": "1" } });
    assert.equal(withHeader.status, 200);
  });

  it("answers RATE_LIMITED to one user's flood of changes, and lets other users through", async () => {
    const head = api.server.council.head;
    const flood = await Promise.all(
      Array.from({ length: 200 }, () => api.gql("member-9", `mutation { closeMeeting(meetingId: "kf-2026-12-14") { id } }`)),
    );
    const seen = new Set(flood.flatMap(codes));
    assert.deepEqual([...seen].sort(), ["FORBIDDEN", "RATE_LIMITED"]);
    const limited = flood.find((r) => codes(r)[0] === "RATE_LIMITED");
    assert.match(limited?.errors[0]?.message ?? "", /wait a moment/);
    assert.deepEqual(codes(await api.gql("member-10", `mutation { closeMeeting(meetingId: "kf-2026-12-14") { id } }`)), ["FORBIDDEN"]);
    assert.deepEqual(api.server.council.head, head);
  });

  it("serves GraphiQL from the package (no CDN) with a demo token in its headers", async () => {
    const page = await fetch(`${api.url}/graphql`, { headers: { accept: "text/html" } });
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /graphiql/i);
    assert.doesNotMatch(html, /unpkg\.com|cdn\.jsdelivr/);
    assert.match(html, /Bearer ey/);
  });
});

describe("configuration", () => {
  it("defaults to demo mode on 127.0.0.1:3000 with ./data", () => {
    const config = loadConfig({});
    assert.equal(config.mode, "demo");
    assert.equal(config.host, "127.0.0.1");
    assert.equal(config.port, 3000);
    assert.match(config.dataDir, /\/data$/);
  });
  it("keeps demo mode on 127.0.0.1 whatever HOST says", () => {
    assert.equal(loadConfig({ HOST: "0.0.0.0" }).host, "127.0.0.1");
  });
  it("refuses production mode without tenant id, client id and JWKS URL, naming what is missing", () => {
    assert.throws(() => loadConfig({ NODE_ENV: "production" }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /ENTRA_TENANT_ID, ENTRA_CLIENT_ID, ENTRA_JWKS_URL/);
      return true;
    });
    assert.throws(() => loadConfig({ NODE_ENV: "production", ENTRA_TENANT_ID: "t", ENTRA_CLIENT_ID: "c" }), /ENTRA_JWKS_URL/);
  });
  it("refuses a bad PORT", () => {
    assert.throws(() => loadConfig({ PORT: "http" }), ConfigError);
  });
});

describe("production mode with Entra ID tokens", () => {
  const TENANT = "11111111-2222-3333-4444-555555555555";
  const CLIENT = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
  let jwks: Server;
  let key: CryptoKey;
  let demo: TestServer;
  let prod: RunningServer;
  const logLines: string[] = [];

  const entraToken = (claims: { oid?: string; aud?: string; iss?: string; exp?: number }) =>
    new SignJWT({ oid: claims.oid ?? "member-1", preferred_username: "anna.nilsson@exempelstad.se" })
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setIssuer(claims.iss ?? `https://login.microsoftonline.com/${TENANT}/v2.0`)
      .setAudience(claims.aud ?? CLIENT)
      .setIssuedAt()
      .setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 600)
      .sign(key);

  const ask = async (token: string | null, query: string, url = prod.url) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (token) headers["authorization"] = `Bearer ${token}`;
    const res = await fetch(`${url}/graphql`, { method: "POST", headers, body: JSON.stringify({ query }) });
    return (await res.json()) as { data?: { viewer?: { userId: string } } | null; errors?: { extensions?: { code?: string } }[] };
  };

  before(async () => {
    const pair = await generateKeyPair("RS256");
    key = pair.privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
    jwks = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/keys`;
    // The demo council's roster, served in production mode: roster user ids stand for Entra object ids.
    demo = await startTestServer();
    await demo.stop();
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString().split("\n").filter(Boolean));
        done();
      },
    });
    prod = await startServer(
      testConfig(demo.dataDir, { mode: "production", entra: { tenantId: TENANT, clientId: CLIENT, jwksUrl, audiences: [CLIENT] } }),
      { log: pino({ level: "info" }, sink) },
    );
  });
  after(async () => {
    await prod.close();
    await demo.dispose();
    await new Promise<void>((resolve) => jwks.close(() => resolve()));
  });

  it("accepts a valid tenant token and maps its object id to the roster", async () => {
    const response = await ask(await entraToken({}), "{ viewer { userId } }");
    assert.deepEqual(response.data?.viewer, { userId: "member-1" });
  });

  it("refuses expired, wrong-audience, wrong-issuer, unknown-user and local demo tokens", async () => {
    const past = Math.floor(Date.now() / 1000) - 60;
    const bad = [
      await entraToken({ exp: past }),
      await entraToken({ aud: "api://someone-else" }),
      await entraToken({ iss: "https://login.microsoftonline.com/another-tenant/v2.0" }),
      await entraToken({ oid: "99999999-0000-0000-0000-000000000000" }),
    ];
    for (const token of bad) assert.deepEqual((await ask(token, "{ viewer { userId } }")).errors?.map((e) => e.extensions?.code), ["UNAUTHENTICATED"]);
    const demoIssuerToken = await demo.token("member-1");
    assert.deepEqual((await ask(demoIssuerToken, "{ viewer { userId } }")).errors?.map((e) => e.extensions?.code), ["UNAUTHENTICATED"]);
  });

  it("has no /dev routes and no GraphiQL", async () => {
    assert.equal((await fetch(`${prod.url}/dev/token?user=member-1`)).status, 404);
    assert.equal((await fetch(`${prod.url}/dev/users`)).status, 404);
    const page = await fetch(`${prod.url}/graphql`, { headers: { accept: "text/html" } });
    assert.doesNotMatch(await page.text(), /graphiql/i);
  });

  it("logs one line per request with the user, and never a token", async () => {
    const token = await entraToken({});
    await ask(token, "{ viewer { userId } }");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const requests = logLines.map((l) => JSON.parse(l) as { msg: string; user?: string; path?: string }).filter((l) => l.msg === "request");
    assert.ok(requests.some((l) => l.user === "member-1" && l.path === "/graphql"));
    assert.ok(!logLines.some((l) => l.includes(token.split(".")[1] ?? "never")), "no token in the logs");
    assert.ok(!logLines.some((l) => /eyJ[\w-]{10,}/.test(l)), "nothing that looks like a JWT in the logs");
  });
});
