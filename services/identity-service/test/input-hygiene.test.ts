import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { GOOD_PASSWORD, type IdentityHarness, startIdentity } from "./support/identity-harness.ts";

/** Finding 5 (NUL reached PostgreSQL → 500) and finding 9 (/graphql reflected any Origin), at identity. */
describe("identity input hygiene", () => {
  let h: IdentityHarness;
  beforeAll(async () => {
    h = await startIdentity("pglite");
    await h.register("nulcheck");
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const fields = async (res: Response) => {
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; violations: { field: string }[] };
    expect(body.code).toBe("invalid_argument");
    return body.violations.map((v) => v.field);
  };

  test("a login identifier with NUL is a 400 naming the field, not a 500", async () => {
    const res = await h.request("/api/v1/auth/login", {
      json: { identifier: "nulcheck\u0000", password: GOOD_PASSWORD },
    });
    expect(await fields(res)).toEqual(["identifier"]);
  });

  test("a deviceName with NUL is a 400 at login and at registration, and no account is created", async () => {
    const login = await h.request("/api/v1/auth/login", {
      json: { identifier: "nulcheck", password: GOOD_PASSWORD, deviceName: "phone\u0000" },
    });
    expect(await fields(login)).toEqual(["deviceName"]);
    const register = await h.request("/api/v1/auth/register", {
      json: {
        email: "nul2@example.com",
        password: GOOD_PASSWORD,
        username: "nulcheck2",
        deviceName: "\u0000",
      },
    });
    expect(await fields(register)).toEqual(["deviceName"]);
    const retry = await h.request("/api/v1/auth/register", {
      json: { email: "nul2@example.com", password: GOOD_PASSWORD, username: "nulcheck2" },
    });
    expect(retry.status).toBe(201);
  });

  test("the GraphQL login refuses NUL with INVALID_ARGUMENT naming the variable", async () => {
    const result = await h.graphql("mutation L($input: LoginInput!) { login(input: $input) { status } }", {
      input: { identifier: "nulcheck\u0000", password: GOOD_PASSWORD },
    });
    expect(result.errors?.[0]?.extensions?.code).toBe("INVALID_ARGUMENT");
    expect(result.errors?.[0]?.extensions?.violations).toEqual([
      { field: "$input.identifier", message: expect.any(String) },
    ]);
  });

  test("control characters in the User-Agent are stripped before the session stores it", async () => {
    const login = await h.request("/api/v1/auth/login", {
      json: { identifier: "nulcheck", password: GOOD_PASSWORD },
      headers: { "user-agent": "Evil\u0001Agent\u001b/1.0" },
    });
    expect(login.status).toBe(200);
    const { tokens } = (await login.json()) as { tokens: { accessToken: string } };
    const res = await h.request("/api/v1/auth/sessions", { token: tokens.accessToken });
    const { sessions } = (await res.json()) as { sessions: { userAgent: string }[] };
    expect(sessions.map((s) => s.userAgent)).toContain("EvilAgent/1.0");
  });

  test("/graphql does not reflect a foreign Origin", async () => {
    const res = await h.request("/graphql", {
      json: { query: "{ _sdl }" },
      headers: {
        origin: "https://evil.example",
        ...(await h.pki.headers("graphql-gateway", "identity-service")),
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
  });
});
