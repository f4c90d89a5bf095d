/**
 * trust-safety's suspensions and bans as identity applies them: EnforcementChanged(account, suspend
 * or ban) → sessions revoked, earlier tokens refused everywhere (AccountTokensRevoked with reason
 * ACCOUNT_SUSPENDED), login and refresh answer 403 naming the suspension and the appeal link;
 * lifting restores login. Each event applied once.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { anyPack, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { serviceTopic } from "@nova/events";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import { EnforcementChangedSchema } from "@nova/proto/trust_safety/v1/enforcement-events";
import { sql } from "drizzle-orm";
import { handleEnforcementEvent } from "../src/events/subscribe-to-enforcement-events.ts";
import { GOOD_PASSWORD, type IdentityHarness, startIdentity } from "./support/identity-harness.ts";

let h: IdentityHarness;
beforeAll(async () => {
  h = await startIdentity("pglite");
}, 60_000);
afterAll(() => h?.close());

async function deliver(payload: MessageInitShape<typeof EnforcementChangedSchema>) {
  const id = Bun.randomUUIDv7();
  const event = {
    id,
    type: EnforcementChangedSchema.typeName,
    aggregateId: payload.subjectAccountId ?? "",
    occurredAt: new Date(),
    traceparent: undefined,
    source: "trust-safety-service",
    topic: serviceTopic("trust-safety-service"),
    headers: {},
    envelope: create(EventEnvelopeSchema, {
      id,
      type: EnforcementChangedSchema.typeName,
      aggregateId: payload.subjectAccountId ?? "",
      occurredAt: timestampFromDate(new Date()),
      payload: anyPack(EnforcementChangedSchema, create(EnforcementChangedSchema, payload)),
      source: "trust-safety-service",
    }),
    attempt: 1,
  };
  const handle = handleEnforcementEvent(h.ctx);
  await handle(event);
  await handle(event); // redelivery: no second effect
}

const login = (identifier: string) =>
  h.request("/api/v1/auth/login", { json: { identifier, password: GOOD_PASSWORD } });

test("suspend → sessions and tokens revoked, login and refresh 403 naming it with the appeal link; lifting restores", async () => {
  const alice = await h.register("suspended_alice");
  expect((await h.request("/api/v1/accounts/me", { token: alice.accessToken })).status).toBe(200);
  const actionId = crypto.randomUUID();
  const expiresAt = new Date(h.now().getTime() + 72 * 3_600_000);
  await deliver({
    actionId,
    subjectType: "account",
    subjectId: alice.id,
    subjectAccountId: alice.id,
    action: "suspend",
    active: true,
    reason: "repeated harassment",
    expiresAt: timestampFromDate(expiresAt),
  });
  // Her token is refused (its session is revoked), her login and refresh name the suspension.
  expect((await h.request("/api/v1/accounts/me", { token: alice.accessToken })).status).toBe(401);
  const refused = await login(alice.username);
  expect(refused.status).toBe(403);
  const problem = (await refused.json()) as Record<string, unknown>;
  expect(problem.detail).toContain("suspended until");
  expect(problem.detail).toContain("repeated harassment");
  expect(problem).toMatchObject({
    code: "permission_denied",
    appealUrl: expect.stringContaining("/api/v1/appeals"),
    suspension: { action: "suspend", actionId, reason: "repeated harassment" },
  });
  const refresh = await h.request("/api/v1/auth/refresh", { json: { refreshToken: alice.refreshToken } });
  expect([401, 403]).toContain(refresh.status);
  // The revocation every other service applies.
  const res = await h.ctx.db.db.execute(
    sql`select event_type from identity_service.outbox where aggregate_id = ${alice.id} and event_type like '%AccountTokensRevoked'`,
  );
  const rows = (res as unknown as { rows?: unknown[] }).rows ?? (res as unknown as unknown[]);
  expect(rows.length).toBe(1);

  // Overturned on appeal: she can log in again.
  await deliver({
    actionId,
    subjectType: "account",
    subjectId: alice.id,
    subjectAccountId: alice.id,
    action: "suspend",
    active: false,
    reason: "repeated harassment",
  });
  expect((await login(alice.username)).status).toBe(200);
});

test("a ban has no end; a suspension past its end no longer refuses login; other actions are ignored", async () => {
  const bob = await h.register("banned_bob");
  await deliver({
    actionId: crypto.randomUUID(),
    subjectType: "account",
    subjectId: bob.id,
    subjectAccountId: bob.id,
    action: "limit",
    active: true,
    reason: "spam",
  });
  expect((await login(bob.username)).status).toBe(200);
  await deliver({
    actionId: crypto.randomUUID(),
    subjectType: "account",
    subjectId: bob.id,
    subjectAccountId: bob.id,
    action: "ban",
    active: true,
    reason: "spam network",
  });
  const banned = await login(bob.username);
  expect(banned.status).toBe(403);
  expect(((await banned.json()) as { detail: string }).detail).toContain("banned");
  const carol = await h.register("short_carol");
  await deliver({
    actionId: crypto.randomUUID(),
    subjectType: "account",
    subjectId: carol.id,
    subjectAccountId: carol.id,
    action: "suspend",
    active: true,
    reason: "cool off",
    expiresAt: timestampFromDate(new Date(h.now().getTime() + 3_600_000)),
  });
  expect((await login(carol.username)).status).toBe(403);
  h.advance(2 * 3_600_000);
  expect((await login(carol.username)).status).toBe(200);
});
