import { beforeAll, describe, expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import { createClient, createRouterTransport } from "@connectrpc/connect";
import { problemResponse } from "@nova/errors";
import { Health, HealthCheckRequestSchema } from "@nova/proto/grpc/health/v1";
import { Hono } from "hono";
import {
  type AuthEnv,
  authContextKey,
  authenticate,
  authInterceptor,
  authRequestGate,
  bearerToken,
  createTokenVerifier,
  requireAuth,
  type TokenVerifier,
} from "../src/index.ts";
import { createTestTokenIssuer, type TestTokenIssuer } from "../src/testing/index.ts";

let issuer: TestTokenIssuer;
let verifier: TokenVerifier;
beforeAll(async () => {
  issuer = await createTestTokenIssuer();
  verifier = createTokenVerifier({ publicKeys: [issuer.publicJwk] });
});

function app(optional: boolean) {
  const a = new Hono<AuthEnv>();
  a.onError((err) => problemResponse(err));
  a.use(authenticate(verifier, { optional }));
  a.get("/me", (c) => c.json({ who: c.get("auth")?.accountId ?? null, required: requireAuth(c).accountId }));
  a.get("/maybe", (c) => c.json({ who: c.get("auth")?.accountId ?? null }));
  return a;
}

describe("bearerToken", () => {
  test("parses the header, and refuses a malformed one", () => {
    expect(bearerToken("Bearer abc.def.ghi")).toBe("abc.def.ghi");
    expect(bearerToken(undefined)).toBeUndefined();
    expect(() => bearerToken("Basic dXNlcjpwYXNz")).toThrow(/Bearer/);
  });
});

describe("authenticate (Hono)", () => {
  test("sets c.get('auth') for a valid token", async () => {
    const token = await issuer.sign({ accountId: "acc-7" });
    const res = await app(false).request("/me", { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ who: "acc-7", required: "acc-7" });
  });

  test("401 problem without a token unless optional", async () => {
    const res = await app(false).request("/me");
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe("unauthenticated");
    const anon = await app(true).request("/maybe");
    expect(anon.status).toBe(200);
    expect(await anon.json()).toEqual({ who: null });
  });

  test("a bad token is refused even on optional routes", async () => {
    const res = await app(true).request("/maybe", { headers: { authorization: "Bearer x.y.z" } });
    expect(res.status).toBe(401);
  });

  test("requireAuth refuses an anonymous request on an optional route", async () => {
    const res = await app(true).request("/me");
    expect(res.status).toBe(401);
  });
});

describe("Connect", () => {
  function transport(kind: "interceptor" | "gate", publicServices?: string[]) {
    return createRouterTransport(
      (router) => {
        router.service(
          Health,
          {
            check(_req, ctx) {
              const auth = ctx.values.get(authContextKey);
              return { status: auth ? 1 : 2 };
            },
          },
          kind === "gate" ? { requestGate: authRequestGate(verifier, { publicServices }) } : undefined,
        );
      },
      {
        router: {
          interceptors: kind === "interceptor" ? [authInterceptor(verifier, { publicServices })] : [],
        },
      },
    );
  }

  for (const kind of ["interceptor", "gate"] as const) {
    test(`${kind}: a valid token reaches the handler as a context value`, async () => {
      const token = await issuer.sign({ accountId: "acc-rpc" });
      const client = createClient(Health, transport(kind));
      const res = await client.check(create(HealthCheckRequestSchema, {}), {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(1);
    });

    test(`${kind}: a missing token is refused on a non-public service`, async () => {
      const client = createClient(Health, transport(kind, []));
      await expect(client.check(create(HealthCheckRequestSchema, {}))).rejects.toThrow(
        /access token is required/,
      );
    });

    test(`${kind}: health stays public; a bad token is still refused`, async () => {
      const client = createClient(Health, transport(kind));
      expect((await client.check(create(HealthCheckRequestSchema, {}))).status).toBe(2);
      await expect(
        client.check(create(HealthCheckRequestSchema, {}), { headers: { authorization: "Bearer a.b.c" } }),
      ).rejects.toThrow(/access token is invalid/);
    });
  }

  test("requireAuth reads a HandlerContext-like source and throws when empty", () => {
    const values = new Map<unknown, unknown>();
    const ctx = { values: { get: (k: unknown) => values.get(k) } } as never;
    expect(() => requireAuth(ctx)).toThrow(/access token is required/);
    values.set(authContextKey, { accountId: "x" });
    expect(requireAuth(ctx).accountId).toBe("x");
  });
});
