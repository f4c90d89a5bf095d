/**
 * Every way identity ends a session publishes a revocation (outbox event, durable) and announces it
 * on the revocation channel (fast path), so another service's view refuses the token as soon as the
 * request returns. Deletion also schedules the erasure sweep (AccountDeleted again, `sweep`).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { fromBinary } from "@bufbuild/protobuf";
import { anyUnpack, timestampMs } from "@bufbuild/protobuf/wkt";
import type { AuthContext } from "@nova/auth";
import { loadConfig } from "@nova/config";
import { type BaseContext, createBaseContext, type ServiceRevocations, startRevocationView } from "@nova/kit";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import {
  AccountDeletedSchema,
  AccountTokensRevokedSchema,
  RevocationReason,
  SessionsRevokedSchema,
} from "@nova/proto/identity/v1";
import { silentLogger } from "@nova/testing";
import { sql } from "drizzle-orm";
import {
  GOOD_PASSWORD,
  type IdentityHarness,
  startIdentity,
  tokenFromMail,
} from "./support/identity-harness.ts";

const TTL_MS = 15 * 60_000;
let h: IdentityHarness;
let otherCtx: BaseContext;
/** content-service's view, as it runs in the same process in the embedded default. */
let content: ServiceRevocations;

beforeAll(async () => {
  h = await startIdentity("pglite");
  otherCtx = await createBaseContext(loadConfig("content-service", { LOG_LEVEL: "fatal" }), {
    schema: null,
    overrides: { log: silentLogger(), processMetrics: false, clock: () => h.now() },
  });
  content = await startRevocationView(otherCtx, { bus: false });
}, 60_000);

afterAll(async () => {
  await otherCtx?.close();
  await h?.close();
});

interface OutboxRow {
  type: string;
  payload: ReturnType<typeof fromBinary<typeof EventEnvelopeSchema>>["payload"];
  availableAt: Date;
}

async function outbox(accountId: string): Promise<OutboxRow[]> {
  const res = await h.ctx.db.db.execute(
    sql`select event_type, envelope, available_at from identity_service.outbox
        where aggregate_id = ${accountId} order by position`,
  );
  const rows = ((res as unknown as { rows?: unknown[] }).rows ?? res) as {
    event_type: string;
    envelope: Uint8Array;
    available_at: Date | string;
  }[];
  return rows.map((r) => ({
    type: r.event_type,
    payload: fromBinary(EventEnvelopeSchema, new Uint8Array(r.envelope)).payload,
    availableAt: new Date(r.available_at),
  }));
}

async function sessionsRevoked(accountId: string) {
  return (await outbox(accountId))
    .filter((r) => r.type === SessionsRevokedSchema.typeName)
    .map((r) => r.payload && anyUnpack(r.payload, SessionsRevokedSchema));
}

/** The claims of one of the account's tokens, as a verifier would see them. */
function claims(accountId: string, sessionId: string): AuthContext {
  const issuedAt = new Date(h.now().getTime() - 1000);
  return {
    accountId,
    sessionId,
    tokenId: "t",
    issuedAt,
    expiresAt: new Date(issuedAt.getTime() + TTL_MS),
    roles: [],
  };
}

const login = async (identifier: string, password = GOOD_PASSWORD) =>
  (await (await h.request("/api/v1/auth/login", { json: { identifier, password } })).json()) as {
    tokens: { accessToken: string; refreshToken: string };
  };

const sessionOf = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()).sid as string;

describe("revocations leave identity as events and reach other services' views", () => {
  test("logout: SessionsRevoked(LOGOUT) for this session; content refuses the token when the response is back", async () => {
    const a = await h.register("rv_logout");
    expect(content.view.isRevoked(claims(a.id, a.sessionId))).toBe(false);
    expect((await h.request("/api/v1/auth/logout", { method: "POST", token: a.accessToken })).status).toBe(
      204,
    );
    expect(content.view.isRevoked(claims(a.id, a.sessionId))).toBe(true);
    const [event] = await sessionsRevoked(a.id);
    expect(event?.sessionIds).toEqual([a.sessionId]);
    expect(event?.reason).toBe(RevocationReason.LOGOUT);
    expect(event?.tokensExpireAt && timestampMs(event.tokensExpireAt)).toBeGreaterThanOrEqual(
      h.now().getTime() + TTL_MS,
    );
  });

  test("logout-everywhere and session revoke name every ended session", async () => {
    const a = await h.register("rv_everywhere");
    const second = sessionOf((await login("rv_everywhere")).tokens.accessToken);
    const third = sessionOf((await login("rv_everywhere")).tokens.accessToken);
    const revoke = await h.request(`/api/v1/auth/sessions/${third}`, {
      method: "DELETE",
      token: a.accessToken,
    });
    expect(revoke.status).toBe(204);
    expect(content.view.isRevoked(claims(a.id, third))).toBe(true);
    expect(content.view.isRevoked(claims(a.id, second))).toBe(false);
    await h.request("/api/v1/auth/logout-everywhere", { method: "POST", token: a.accessToken });
    expect(content.view.isRevoked(claims(a.id, second))).toBe(true);
    expect(content.view.isRevoked(claims(a.id, a.sessionId))).toBe(true);
    const events = await sessionsRevoked(a.id);
    expect(events.map((e) => e?.reason)).toEqual([
      RevocationReason.SESSION_REVOKED,
      RevocationReason.LOGOUT_EVERYWHERE,
    ]);
    expect(events[1]?.sessionIds.toSorted()).toEqual([a.sessionId, second].toSorted());
  });

  test("refresh-token reuse revokes the family's access tokens too", async () => {
    const a = await h.register("rv_reuse");
    await h.request("/api/v1/auth/refresh", { json: { refreshToken: a.refreshToken } });
    expect((await h.request("/api/v1/auth/refresh", { json: { refreshToken: a.refreshToken } })).status).toBe(
      401,
    );
    expect(content.view.isRevoked(claims(a.id, a.sessionId))).toBe(true);
    expect((await sessionsRevoked(a.id))[0]?.reason).toBe(RevocationReason.REFRESH_TOKEN_REUSE);
  });

  test("password change ends the other sessions (not this one); reset ends all", async () => {
    const a = await h.register("rv_password");
    const other = sessionOf((await login("rv_password")).tokens.accessToken);
    const change = await h.request("/api/v1/auth/password/change", {
      json: { currentPassword: GOOD_PASSWORD, newPassword: "ChangedPass456?" },
      token: a.accessToken,
    });
    expect(change.status).toBe(200);
    expect(content.view.isRevoked(claims(a.id, other))).toBe(true);
    expect(content.view.isRevoked(claims(a.id, a.sessionId))).toBe(false);

    await h.request("/api/v1/auth/password/reset-request", { json: { email: a.email } });
    const mail = (await h.mails()).filter((m) => m.to === a.email).find((m) => m.subject.includes("Reset"));
    const reset = await h.request("/api/v1/auth/password/reset", {
      json: { token: tokenFromMail(mail?.text ?? ""), newPassword: "ResetPass789!" },
    });
    expect(reset.status).toBe(200);
    expect(content.view.isRevoked(claims(a.id, a.sessionId))).toBe(true);
    expect((await sessionsRevoked(a.id)).map((e) => e?.reason)).toEqual([
      RevocationReason.PASSWORD_CHANGED,
      RevocationReason.PASSWORD_RESET,
    ]);
  });

  test("deletion: AccountTokensRevoked now, AccountDeleted now and again (sweep) once its last token has expired", async () => {
    const a = await h.register("rv_delete");
    const other = sessionOf((await login("rv_delete")).tokens.accessToken);
    const res = await h.request("/api/v1/account", {
      method: "DELETE",
      token: a.accessToken,
      json: { password: GOOD_PASSWORD },
    });
    expect(res.status).toBe(200);
    expect(content.view.isRevoked(claims(a.id, a.sessionId))).toBe(true);
    expect(content.view.isRevoked(claims(a.id, other))).toBe(true);

    const rows = (await outbox(a.id)).filter((r) => r.type !== "nova.identity.v1.AccountCreated");
    expect(rows.map((r) => r.type)).toEqual([
      AccountDeletedSchema.typeName,
      AccountTokensRevokedSchema.typeName,
      AccountDeletedSchema.typeName,
    ]);
    const revoked = rows[1]?.payload && anyUnpack(rows[1].payload, AccountTokensRevokedSchema);
    expect(revoked?.reason).toBe(RevocationReason.ACCOUNT_DELETED);
    const first = rows[0]?.payload && anyUnpack(rows[0].payload, AccountDeletedSchema);
    const sweep = rows[2]?.payload && anyUnpack(rows[2].payload, AccountDeletedSchema);
    expect(first?.sweep).toBe(false);
    expect(sweep?.sweep).toBe(true);
    // Published only after every token of the account has expired (TTL + the verifiers' margin).
    expect(rows[2]?.availableAt.getTime()).toBe(h.now().getTime() + TTL_MS + 60_000);
  });
});
