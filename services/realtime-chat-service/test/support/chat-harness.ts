import { create, type DescMessage, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import { anyPack, timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Client } from "@connectrpc/connect";
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  createTokenVerifier,
  type TokenVerifier,
} from "@nova/auth";
import { createTestTokenIssuer, type TestTokenIssuer } from "@nova/auth/testing";
import { type CacheStore, createEmbeddedCacheStore } from "@nova/cache";
import type { DatabaseHandle } from "@nova/db";
import { UnauthenticatedError } from "@nova/errors";
import { serviceTopic } from "@nova/events";
import { startServiceUnderTest } from "@nova/kit/testing";
import { readEnqueued } from "@nova/outbox";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import { RealtimeChatService } from "@nova/proto/realtime_chat/v1";
import { listen, type RunningServer } from "@nova/server";
import { createApp } from "../../src/app.ts";
import { loadServiceConfig } from "../../src/config.ts";
import { createContext, type ServiceContext } from "../../src/context.ts";
import { outbox } from "../../src/db/schema/index.ts";
import { handleAccountEvent } from "../../src/events/subscribe-to-account-events.ts";
import { createFakePeers, type FakePeers } from "./fake-peers.ts";
import type { Json } from "./json.ts";

export type DatabaseKind = "pglite" | "postgres";

export interface ChatHarness {
  ctx: ServiceContext;
  db: DatabaseHandle;
  issuer: TestTokenIssuer;
  peers: FakePeers;
  cache: CacheStore;
  /** A real socket (for WebSocket tests): ws://127.0.0.1:<port>. */
  port: number;
  request(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  /** JSON request helper: method, path, body, token → { status, body }. */
  call(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: Json }>;
  graphql<T = unknown>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  user(): Promise<{ id: string; token: string }>;
  /** A Connect client of the service; `caller`: the service credential (default identity-service). */
  rpc(token?: string, caller?: string | null): Client<typeof RealtimeChatService>;
  /** Delivers an identity-service event to the consumer, as the bus would (twice = a redelivery). */
  deliver<D extends DescMessage>(
    schema: D,
    aggregateId: string,
    payload: MessageInitShape<D>,
    id?: string,
  ): Promise<string>;
  enqueued<D extends DescMessage>(schema: D, aggregateId: string): Promise<MessageShape<D>[]>;
  close(): Promise<void>;
}

/**
 * realtime-chat-service on a fresh migrated database (or `shared.db` — a second instance), with
 * in-memory user/graph peers, test tokens, and its HTTP port bound so sockets can connect. Two
 * instances given the same `cache` share delivery through its pub/sub, as Redis does in production.
 */
export async function startChatService(
  opts: {
    database?: DatabaseKind;
    env?: Record<string, string>;
    shared?: { db: DatabaseHandle; issuer: TestTokenIssuer; peers: FakePeers; cache: CacheStore };
    /** Accounts whose tokens stop verifying (what the revocation view does in production). */
    revokedAccounts?: Set<string>;
    /** A cache store to use (e.g. Redis for the bench); default a fresh in-process one. */
    cache?: CacheStore;
  } = {},
): Promise<ChatHarness> {
  const peers = opts.shared?.peers ?? createFakePeers();
  const cache = opts.shared?.cache ?? opts.cache ?? (await createEmbeddedCacheStore());
  const issuer = opts.shared?.issuer ?? (await createTestTokenIssuer());
  const revoked = opts.revokedAccounts;
  const verifier = revoked ? revocableVerifier(issuer, revoked) : undefined;
  const h = await startServiceUnderTest(
    { name: "realtime-chat-service", loadConfig: loadServiceConfig, createContext, createApp },
    {
      database: opts.shared?.db ?? opts.database ?? "pglite",
      postgresMaxConnections: 40,
      issuer,
      env: {
        RATE_LIMIT_PREKEYS: "off",
        RATE_LIMIT_MESSAGES: "off",
        RATE_LIMIT_CONVERSATIONS: "off",
        ...opts.env,
      },
      overrides: {
        clients: { user: peers.userClient, graph: peers.graphClient },
        cache,
        ...(verifier ? { verifier } : {}),
      },
    },
  );
  let running: RunningServer | undefined;
  try {
    running = await listen(h.server, { httpPort: 0, grpcPort: null, hostname: "127.0.0.1" });
  } catch (err) {
    await h.close();
    throw err;
  }
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await h.request(path, {
      method,
      ...(token ? { token } : {}),
      ...(body !== undefined
        ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } }
        : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    ctx: h.ctx,
    db: h.db,
    issuer: h.issuer,
    peers,
    cache,
    port: running.httpPort,
    request: h.request,
    call,
    graphql: h.graphql,
    user: h.user,
    rpc: (token, caller = "identity-service") =>
      h.rpc(RealtimeChatService, { service: caller, ...(token ? { token } : {}) } as never),
    async deliver(schema, aggregateId, payload, id = Bun.randomUUIDv7()) {
      const envelope = create(EventEnvelopeSchema, {
        id,
        type: schema.typeName,
        aggregateId,
        occurredAt: timestampFromDate(new Date()),
        payload: anyPack(schema, create(schema, payload)),
        source: "identity-service",
      });
      await handleAccountEvent(h.ctx)({
        id,
        type: schema.typeName,
        aggregateId,
        occurredAt: new Date(),
        traceparent: undefined,
        source: "identity-service",
        topic: serviceTopic("identity-service"),
        headers: {},
        envelope,
        attempt: 1,
      });
      return id;
    },
    enqueued: (schema, aggregateId) => readEnqueued(h.ctx.db.db, outbox, schema, aggregateId),
    async close() {
      await running?.stop({ timeoutMs: 500 });
      await h.close();
    },
  };
}

function revocableVerifier(issuer: TestTokenIssuer, revoked: Set<string>): TokenVerifier {
  const base = createTokenVerifier({
    publicKeys: [issuer.publicPem],
    issuer: ACCESS_TOKEN_ISSUER,
    audience: ACCESS_TOKEN_AUDIENCE,
  });
  return {
    insecure: false,
    async verify(token) {
      const auth = await base.verify(token);
      if (revoked.has(auth.accountId)) throw new UnauthenticatedError("token revoked");
      return auth;
    },
  };
}

/** Polls `probe` until it returns a value other than undefined, or fails after `ms`. */
export async function eventually<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 5000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await Bun.sleep(10);
  }
}
