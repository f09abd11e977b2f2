import { expect, test } from "../fixtures.js";

// The API as any client meets it, over a real socket: no browser page, no plugin build needed.
test.describe("the API server", () => {
  test("answers its health check", async ({ server }) => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  test("hands a demo user a token", async ({ server }) => {
    const token = await server.token("member-1");
    // A compact JWS: three base64url parts.
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  test("tells a signed-in member the demo council has 45 seats", async ({ server }) => {
    const result = await server.gql<{ assemblies: Array<{ seatCount: number }> }>("member-1", "{ assemblies { seatCount } }");
    expect(result.errors).toEqual([]);
    expect(result.data?.assemblies.map((a) => a.seatCount)).toEqual([45]);
  });
});
