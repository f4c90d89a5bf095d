import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { GOOD_PASSWORD, type IdentityHarness, startIdentity } from "./support/identity-harness.ts";

// Finding 4 of issue 15: X-Forwarded-For sent straight to identity chose the "client IP" — a new
// value per request escaped the per-IP login limit, and any string was stored as the session's IP.
describe("client IP (trusted proxies)", () => {
  let h: IdentityHarness;
  beforeAll(async () => {
    h = await startIdentity("pglite", { AUTH_RATE_LIMIT_PER_MINUTE: "6", TRUSTED_PROXIES: "10.0.0.0/8" });
  });
  afterAll(async () => {
    await h.close();
  });

  test("a client calling identity directly cannot escape the per-IP login limit with X-Forwarded-For", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await h.request("/api/v1/auth/login", {
        // A different account each time (so only the per-IP limit can bite) and a forged hop each time.
        json: { identifier: `nobody${i}@example.com`, password: "WrongPass123!" },
        headers: { "x-forwarded-for": `198.51.100.${i + 1}` },
        ip: "203.0.113.50",
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(statuses.slice(6)).toEqual([429, 429]);
  }, 60_000);

  test("the session records the validated peer address, never a header string", async () => {
    const res = await h.request("/api/v1/auth/register", {
      json: { email: "xff@example.com", password: GOOD_PASSWORD, username: "xffsession" },
      headers: { "x-forwarded-for": "<script>alert(1)</script>" },
      ip: "192.0.2.44",
    });
    expect(res.status).toBe(201);
    const { tokens } = (await res.json()) as { tokens: { accessToken: string } };
    const list = (await (await h.request("/api/v1/auth/sessions", { token: tokens.accessToken })).json()) as {
      sessions: { ip: string }[];
    };
    expect(list.sessions.map((s) => s.ip)).toEqual(["192.0.2.44"]);
  });

  test("behind a trusted proxy the forwarded client address is used (and validated)", async () => {
    const viaProxy = async (xff: string, username: string) => {
      const res = await h.request("/api/v1/auth/register", {
        json: { email: `${username}@example.com`, password: GOOD_PASSWORD, username },
        headers: { "x-forwarded-for": xff },
        ip: "10.0.0.7",
      });
      const { tokens } = (await res.json()) as { tokens: { accessToken: string } };
      const list = (await (
        await h.request("/api/v1/auth/sessions", { token: tokens.accessToken })
      ).json()) as {
        sessions: { ip: string }[];
      };
      return list.sessions[0]?.ip;
    };
    expect(await viaProxy("6.6.6.6, 203.0.113.80", "proxied1")).toBe("203.0.113.80");
    expect(await viaProxy("<script>alert(1)</script>", "proxied2")).toBe("10.0.0.7");
  });
});
