import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { create, toBinary } from "@bufbuild/protobuf";
import { anyPack, timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { AuthContext } from "@nova/auth";
import { loadConfig } from "@nova/config";
import type { DatabaseHandle } from "@nova/db";
import { createEmbeddedEventBus, EMBEDDED_BUS_MIGRATIONS, type EventBus, serviceTopic } from "@nova/events";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import { AccountTokensRevokedSchema, RevocationReason, SessionsRevokedSchema } from "@nova/proto/identity/v1";
import { createTestDatabase, silentLogger } from "@nova/testing";
import { type BaseContext, createBaseContext, startRevocationView } from "../src/index.ts";

const MIN = 60_000;
let db: DatabaseHandle;
let bus: EventBus;
const contexts: BaseContext[] = [];

async function context(service: string): Promise<BaseContext> {
  const ctx = await createBaseContext(loadConfig(service, { LOG_LEVEL: "error" }), {
    schema: null,
    overrides: { log: silentLogger(), processMetrics: false },
  });
  contexts.push(ctx);
  return ctx;
}

function auth(accountId: string, sessionId: string, issuedAt = Date.now() - 1000): AuthContext {
  return {
    accountId,
    sessionId,
    tokenId: crypto.randomUUID(),
    issuedAt: new Date(issuedAt),
    expiresAt: new Date(issuedAt + 15 * MIN),
    roles: [],
  };
}

async function until(what: string, fn: () => boolean, ms = 5000): Promise<number> {
  const t0 = performance.now();
  while (!fn()) {
    if (performance.now() - t0 > ms) throw new Error(`gave up waiting for ${what}`);
    await Bun.sleep(5);
  }
  return performance.now() - t0;
}

/** Publishes an identity event on the bus, as identity's outbox relay does. */
async function publishIdentityEvent(
  schema: typeof SessionsRevokedSchema | typeof AccountTokensRevokedSchema,
  payload: Parameters<typeof create>[1],
  accountId: string,
) {
  const id = Bun.randomUUIDv7();
  const envelope = create(EventEnvelopeSchema, {
    id,
    type: schema.typeName,
    aggregateId: accountId,
    source: "identity-service",
    // biome-ignore lint/suspicious/noExplicitAny: the two schemas' init shapes differ; each call passes its own
    payload: anyPack(schema as any, create(schema as any, payload as any)),
  });
  await bus.publish(serviceTopic("identity-service"), [
    {
      id,
      type: schema.typeName,
      key: accountId,
      traceparent: null,
      occurredAt: new Date(),
      value: toBinary(EventEnvelopeSchema, envelope),
    },
  ]);
}

beforeAll(async () => {
  db = await createTestDatabase({ services: [EMBEDDED_BUS_MIGRATIONS] });
  bus = createEmbeddedEventBus({ db: db.db, log: silentLogger() });
});

afterAll(async () => {
  for (const ctx of contexts.reverse()) await ctx.close();
  await bus.close();
  await db.close();
});

describe("startRevocationView", () => {
  test("an announced revocation reaches every service's view at once, and a view started later loads it", async () => {
    const content = await startRevocationView(await context("content-service"), { bus: false });
    const graph = await startRevocationView(await context("graph-service"), { bus: false });
    const accountId = crypto.randomUUID();
    const sessionId = crypto.randomUUID();
    const token = auth(accountId, sessionId);
    expect(graph.view.isRevoked(token)).toBe(false);

    await content.announce({
      kind: "sessions",
      accountId,
      sessionIds: [sessionId],
      expiresAt: Date.now() + MIN,
    });
    expect(content.view.isRevoked(token)).toBe(true);
    const ms = await until("graph hears the revocation", () => graph.view.isRevoked(token));
    console.log(`revocation channel: graph's view refused the session after ${ms.toFixed(1)} ms`);

    const late = await startRevocationView(await context("social-service"), { bus: false });
    expect(late.view.isRevoked(token)).toBe(true);
    expect(late.view.isRevoked(auth(accountId, crypto.randomUUID()))).toBe(false);
  });

  test("identity's SessionsRevoked and AccountTokensRevoked events feed the view (the durable path)", async () => {
    const user = await startRevocationView(await context("user-service"), { bus });
    const accountId = crypto.randomUUID();
    const sessionId = crypto.randomUUID();
    const now = Date.now();
    await publishIdentityEvent(
      SessionsRevokedSchema,
      {
        accountId,
        sessionIds: [sessionId],
        reason: RevocationReason.LOGOUT,
        revokedAt: timestampFromMs(now),
        tokensExpireAt: timestampFromMs(now + 15 * MIN),
      },
      accountId,
    );
    await until("user-service consumes SessionsRevoked", () =>
      user.view.isRevoked(auth(accountId, sessionId)),
    );

    const deleted = crypto.randomUUID();
    await publishIdentityEvent(
      AccountTokensRevokedSchema,
      {
        accountId: deleted,
        notBefore: timestampFromMs(now),
        reason: RevocationReason.ACCOUNT_DELETED,
        tokensExpireAt: timestampFromMs(now + 15 * MIN),
      },
      deleted,
    );
    await until("user-service consumes AccountTokensRevoked", () =>
      user.view.isRevoked(auth(deleted, crypto.randomUUID(), now - 2000)),
    );
    // The consumer re-announced it: another instance (a replica without the event) knows it too.
    const replica = await startRevocationView(await context("user-service"), { bus: false });
    expect(replica.view.isRevoked(auth(deleted, crypto.randomUUID(), now - 2000))).toBe(true);
  });

  test("an expired revocation event changes nothing", async () => {
    const feed = await startRevocationView(await context("feed-service"), { bus });
    const accountId = crypto.randomUUID();
    const sessionId = crypto.randomUUID();
    const fresh = crypto.randomUUID();
    const past = Date.now() - 20 * MIN;
    await publishIdentityEvent(
      SessionsRevokedSchema,
      {
        accountId,
        sessionIds: [sessionId],
        reason: RevocationReason.LOGOUT,
        revokedAt: timestampFromMs(past),
        tokensExpireAt: timestampFromMs(past + 15 * MIN),
      },
      accountId,
    );
    await publishIdentityEvent(
      SessionsRevokedSchema,
      {
        accountId,
        sessionIds: [fresh],
        reason: RevocationReason.LOGOUT,
        revokedAt: timestampFromMs(Date.now()),
        tokensExpireAt: timestampFromMs(Date.now() + MIN),
      },
      accountId,
    );
    await until("the later event", () => feed.view.isRevoked(auth(accountId, fresh)));
    expect(feed.view.isRevoked(auth(accountId, sessionId))).toBe(false);
  });
});
