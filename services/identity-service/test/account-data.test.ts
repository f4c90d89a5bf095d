import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import {
  AccountState,
  GetAccountStatusRequestSchema,
  IntrospectTokenRequestSchema,
} from "@nova/proto/identity/v1";
import { sql } from "drizzle-orm";
import { totpAt } from "../src/security/totp.ts";
import {
  DATABASE_KINDS,
  GOOD_PASSWORD,
  type IdentityHarness,
  startIdentity,
} from "./support/identity-harness.ts";

for (const kind of DATABASE_KINDS) {
  describe(`on ${kind}`, () => {
    let h: IdentityHarness;
    beforeAll(async () => {
      h = await startIdentity(kind);
    }, 60_000);
    afterAll(async () => {
      await h?.close();
    });

    async function outboxTypes(accountId: string): Promise<string[]> {
      const res = await h.ctx.db.db.execute(
        sql`select event_type from identity_service.outbox where aggregate_id = ${accountId} order by id`,
      );
      const rows = ((res as unknown as { rows?: unknown[] }).rows ?? res) as { event_type: string }[];
      return rows.map((r) => r.event_type);
    }

    const del = (token: string | undefined, json: unknown) =>
      h.request("/api/v1/account", { method: "DELETE", token, json });

    describe("DELETE /api/v1/account", () => {
      test("needs a token and the right password, and changes nothing otherwise", async () => {
        const a = await h.register("keepme");
        expect((await del(undefined, { password: GOOD_PASSWORD })).status).toBe(401);
        const missing = await del(a.accessToken, {});
        expect(missing.status).toBe(400);
        expect((await missing.json()).violations[0].field).toBe("password");
        const wrong = await del(a.accessToken, { password: "Wrong-password-1" });
        expect(wrong.status).toBe(400);
        expect((await h.request("/api/v1/accounts/me", { token: a.accessToken })).status).toBe(200);
        expect(await outboxTypes(a.id)).not.toContain("nova.identity.v1.AccountDeleted");
      });

      test("erases the account, revokes every session, emits AccountDeleted and frees the email and username", async () => {
        const a = await h.register("deleteme");
        const other = await h.request("/api/v1/auth/login", {
          json: { identifier: a.email, password: GOOD_PASSWORD },
        });
        const otherTokens = (await other.json()).tokens;
        const res = await del(a.accessToken, { password: GOOD_PASSWORD });
        expect(res.status).toBe(200);
        expect((await res.json()).deletedAt).toBe(h.now().toISOString());

        expect((await h.request("/api/v1/accounts/me", { token: a.accessToken })).status).toBe(401);
        expect((await h.request("/api/v1/accounts/me", { token: otherTokens.accessToken })).status).toBe(401);
        const refresh = await h.request("/api/v1/auth/refresh", {
          json: { refreshToken: otherTokens.refreshToken },
        });
        expect(refresh.status).toBe(401);
        const login = await h.request("/api/v1/auth/login", {
          json: { identifier: a.email, password: GOOD_PASSWORD },
        });
        expect(login.status).toBe(401);

        const rpc = h.rpc();
        const intro = await rpc.introspectToken(
          create(IntrospectTokenRequestSchema, { token: otherTokens.accessToken }),
        );
        expect(intro.active).toBe(false);
        const status = await rpc.getAccountStatus(create(GetAccountStatusRequestSchema, { accountId: a.id }));
        expect(status.status?.state).toBe(AccountState.DELETED);
        expect(await outboxTypes(a.id)).toContain("nova.identity.v1.AccountDeleted");

        const row = await h.ctx.db.db.execute(
          sql`select email, username, password_hash, status from identity_service.accounts where id = ${a.id}`,
        );
        const [account] = ((row as unknown as { rows?: unknown[] }).rows ?? row) as Record<string, unknown>[];
        expect(account).toEqual({ email: null, username: null, password_hash: null, status: "deleted" });
        const again = await h.request("/api/v1/auth/register", {
          json: { email: a.email, password: GOOD_PASSWORD, username: a.username },
        });
        expect(again.status).toBe(201);
        expect((await again.json()).account.id).not.toBe(a.id);
      });

      test("with two-factor on, a fresh code is needed besides the password", async () => {
        const a = await h.register("deletewith2fa");
        const enrol = await (
          await h.request("/api/v1/auth/2fa/enroll", { method: "POST", token: a.accessToken })
        ).json();
        await h.request("/api/v1/auth/2fa/confirm", {
          json: { code: totpAt(enrol.secret, h.now()) },
          token: a.accessToken,
        });
        const noCode = await del(a.accessToken, { password: GOOD_PASSWORD });
        expect(noCode.status).toBe(400);
        expect((await noCode.json()).violations[0].field).toBe("code");
        // The code used to confirm was consumed for its step: the same step again is refused.
        const reused = await del(a.accessToken, {
          password: GOOD_PASSWORD,
          code: totpAt(enrol.secret, h.now()),
        });
        expect(reused.status).toBe(400);
        h.advance(30_000);
        const ok = await del(a.accessToken, { password: GOOD_PASSWORD, code: totpAt(enrol.secret, h.now()) });
        expect(ok.status).toBe(200);
      });
    });

    describe("GET /api/v1/account/export", () => {
      test("returns identity's part and names the part a down service could not give", async () => {
        const a = await h.register("exportme");
        expect((await h.request("/api/v1/account/export")).status).toBe(401);
        const res = await h.request("/api/v1/account/export", {
          token: a.accessToken,
          headers: { "user-agent": "ExportTest/1" },
        });
        expect(res.status).toBe(200);
        const body = await res.json();
        expect(body.accountId).toBe(a.id);
        const identity = body.parts.find((p: { service: string }) => p.service === "identity-service");
        expect(identity.data.account).toMatchObject({
          id: a.id,
          email: a.email,
          username: a.username,
          passwordSet: true,
        });
        expect(identity.data.sessions).toHaveLength(1);
        expect(identity.data.securityEvents.map((e: { event: string }) => e.event)).toContain(
          "account.registered",
        );
        // user-service is not running in this test: its part is an error and the export says so.
        const user = body.parts.find((p: { service: string }) => p.service === "user-service");
        expect(user.error).toBeString();
        expect(body.incomplete).toBe(true);
      });
    });
  });
}
