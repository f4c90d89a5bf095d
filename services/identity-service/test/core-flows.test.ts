import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTokenVerifier, JWKS_PATH } from "@nova/auth";
import { sql } from "drizzle-orm";
import { decodeJwt, decodeProtectedHeader } from "jose";
import {
  DATABASE_KINDS,
  GOOD_PASSWORD,
  type IdentityHarness,
  startIdentity,
} from "./support/identity-harness.ts";

for (const kind of DATABASE_KINDS) {
  describe(`core flows on ${kind}`, () => {
    let h: IdentityHarness;
    beforeAll(async () => {
      h = await startIdentity(kind);
    }, 60_000);
    afterAll(async () => {
      await h?.close();
    });

    const count = async (table: string) => {
      const rows = await h.ctx.db.db.execute(
        sql.raw(`select count(*)::int as n from identity_service.${table}`),
      );
      return Number(
        (rows as unknown as { rows?: { n: number }[] }).rows?.[0]?.n ??
          (rows as unknown as { n: number }[])[0]?.n,
      );
    };

    test("registers the guide's example: 201, the account and a token pair verifiable through the JWKS", async () => {
      const res = await h.request("/api/v1/auth/register", {
        json: { email: "test@example.com", password: "SecurePass123!", username: "testuser" },
      });
      expect(res.status).toBe(201);
      const body = await res.json();
      expect(body.account).toMatchObject({
        email: "test@example.com",
        username: "testuser",
        emailVerified: false,
        twoFactorEnabled: false,
      });
      expect(body.tokens).toMatchObject({ tokenType: "Bearer", expiresIn: 900 });
      expect(body.tokens.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

      const claims = decodeJwt(body.tokens.accessToken);
      expect(Object.keys(claims).sort()).toEqual(["aud", "exp", "iat", "iss", "jti", "sid", "sub"]);
      expect(claims.sub).toBe(body.account.id);
      expect(claims.sid).toBe(body.tokens.sessionId);
      expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(900);
      const header = decodeProtectedHeader(body.tokens.accessToken);
      expect(header).toMatchObject({ alg: "RS256", typ: "at+jwt" });

      const jwks = await (await h.request(JWKS_PATH)).json();
      expect(jwks.keys.map((k: { kid: string }) => k.kid)).toContain(header.kid);
      expect(jwks.keys[0]).not.toHaveProperty("d");
      const verifier = createTokenVerifier({ publicKeys: jwks.keys, clock: h.now });
      expect((await verifier.verify(body.tokens.accessToken)).accountId).toBe(body.account.id);

      const events = await h.ctx.db.db.execute(
        sql.raw("select event_type, aggregate_id from identity_service.outbox"),
      );
      const rows = ((events as unknown as { rows?: unknown[] }).rows ?? events) as {
        event_type: string;
        aggregate_id: string;
      }[];
      expect(rows).toContainEqual({
        event_type: "nova.identity.v1.AccountCreated",
        aggregate_id: body.account.id,
      });
    });

    // Was: a taken email answered 409 "email is already registered" — account enumeration (issue 15,
    // finding 6). Now it answers like a success and creates nothing (see enumeration.test.ts).
    test("duplicates (case-insensitive) change nothing: a taken username is a 409, a taken email looks like a success", async () => {
      const before = await count("accounts");
      const dupEmail = await h.request("/api/v1/auth/register", {
        json: { email: " Test@Example.com ", password: GOOD_PASSWORD, username: "someoneelse" },
      });
      expect(dupEmail.status).toBe(201);
      const dupName = await h.request("/api/v1/auth/register", {
        json: { email: "other@example.com", password: GOOD_PASSWORD, username: "TestUser" },
      });
      expect(dupName.status).toBe(409);
      expect((await dupName.json()).violations[0].field).toBe("username");
      expect(await count("accounts")).toBe(before);
    });

    test("logs in by email or username; a wrong password and an unknown account get the same answer", async () => {
      const byEmail = await h.request("/api/v1/auth/login", {
        json: { identifier: "TEST@example.com", password: GOOD_PASSWORD },
      });
      expect(byEmail.status).toBe(200);
      expect((await byEmail.json()).status).toBe("authenticated");
      const byName = await h.request("/api/v1/auth/login", {
        json: { identifier: "testuser", password: GOOD_PASSWORD },
      });
      expect(byName.status).toBe(200);
      const strip = async (r: Response) => {
        const { requestId: _r, instance: _i, ...rest } = await r.json();
        return { status: r.status, ...rest };
      };
      const wrong = await strip(
        await h.request("/api/v1/auth/login", {
          json: { identifier: "testuser", password: "WrongPass123!" },
        }),
      );
      const unknown = await strip(
        await h.request("/api/v1/auth/login", {
          json: { identifier: "nobody@example.com", password: "WrongPass123!" },
        }),
      );
      expect(wrong.status).toBe(401);
      expect(unknown).toEqual(wrong);
    });

    test("rotates refresh tokens; reusing a rotated one revokes the whole family", async () => {
      const a = await h.register("rotator");
      const first = await h.request("/api/v1/auth/refresh", { json: { refreshToken: a.refreshToken } });
      expect(first.status).toBe(200);
      const second = await first.json();
      expect(second.refreshToken).not.toBe(a.refreshToken);
      expect(second.sessionId).toBe(a.sessionId);

      const reuse = await h.request("/api/v1/auth/refresh", { json: { refreshToken: a.refreshToken } });
      expect(reuse.status).toBe(401);
      // The thief's reuse also ends the legitimate holder's newer token: the family is gone.
      const after = await h.request("/api/v1/auth/refresh", { json: { refreshToken: second.refreshToken } });
      expect(after.status).toBe(401);
      const me = await h.request("/api/v1/accounts/me", { token: second.accessToken });
      expect(me.status).toBe(401);
    });

    test("logout ends this session; logout-everywhere ends all of them", async () => {
      const a = await h.register("leaver");
      const other = await (
        await h.request("/api/v1/auth/login", { json: { identifier: "leaver", password: GOOD_PASSWORD } })
      ).json();
      expect((await h.request("/api/v1/accounts/me", { token: a.accessToken })).status).toBe(200);
      expect((await h.request("/api/v1/auth/logout", { method: "POST", token: a.accessToken })).status).toBe(
        204,
      );
      expect((await h.request("/api/v1/accounts/me", { token: a.accessToken })).status).toBe(401);
      expect(
        (await h.request("/api/v1/auth/refresh", { json: { refreshToken: a.refreshToken } })).status,
      ).toBe(401);
      // The other device is still in.
      expect((await h.request("/api/v1/accounts/me", { token: other.tokens.accessToken })).status).toBe(200);

      const third = await (
        await h.request("/api/v1/auth/login", { json: { identifier: "leaver", password: GOOD_PASSWORD } })
      ).json();
      const all = await h.request("/api/v1/auth/logout-everywhere", {
        method: "POST",
        token: third.tokens.accessToken,
      });
      expect(await all.json()).toEqual({ revokedSessions: 2 });
      expect((await h.request("/api/v1/accounts/me", { token: other.tokens.accessToken })).status).toBe(401);
      expect(
        (await h.request("/api/v1/auth/refresh", { json: { refreshToken: other.tokens.refreshToken } }))
          .status,
      ).toBe(401);
    });

    test("logout without a token is 401", async () => {
      const res = await h.request("/api/v1/auth/logout", { method: "POST" });
      expect(res.status).toBe(401);
      expect((await res.json()).code).toBe("unauthenticated");
    });
  });
}
