import { create, type DescMessage, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import { anyPack, timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Client } from "@connectrpc/connect";
import type { TestServicePki, TestTokenIssuer } from "@nova/auth/testing";
import type { DatabaseHandle } from "@nova/db";
import { serviceTopic } from "@nova/events";
import { startServiceUnderTest } from "@nova/kit/testing";
import { readEnqueued } from "@nova/outbox";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import { SocialService } from "@nova/proto/social/v1";
import { createApp } from "../../src/app.ts";
import { loadServiceConfig } from "../../src/config.ts";
import { createContext, type ServiceContext } from "../../src/context.ts";
import { outbox } from "../../src/db/schema/index.ts";
import { handlePeerEvent } from "../../src/events/subscribe-to-peer-events.ts";
import { createFakePeers, type FakePeers } from "./fake-peers.ts";

export type DatabaseKind = "pglite" | "postgres";
export const DATABASE_KINDS: readonly DatabaseKind[] = ["pglite", "postgres"];

export interface TestUser {
  id: string;
  token: string;
}

export interface SocialServiceHarness {
  ctx: ServiceContext;
  db: DatabaseHandle;
  issuer: TestTokenIssuer;
  /** Service keys: the service under test and any peer calling it. */
  pki: TestServicePki;
  peers: FakePeers;
  /** REST/GraphQL through the real Hono app (kit middleware, error mapping), without a socket. */
  request(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  graphql(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphqlResult>;
  /**
   * A Connect client; `token`: the end user's; `caller`: the service whose credential the call
   * carries (default feed-service), null for none (an end-user client).
   */
  rpc(token?: string, caller?: string | null): Client<typeof SocialService>;
  user(): Promise<TestUser>;
  /** Delivers an event of `service` to social-service's consumer, as the bus would; returns its id. */
  deliver<D extends DescMessage>(
    service: "content-service" | "identity-service",
    schema: D,
    aggregateId: string,
    payload: MessageInitShape<D>,
    id?: string,
  ): Promise<string>;
  /** The payloads of the `schema` events social-service enqueued about `aggregateId`, oldest first. */
  enqueued<D extends DescMessage>(schema: D, aggregateId: string): Promise<MessageShape<D>[]>;
  close(): Promise<void>;
}

export interface GraphqlResult {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * social-service on a fresh migrated database, with in-memory content/graph peers and test tokens;
 * `env` adds variables (e.g. REDIS_URL for the real cache).
 */
export async function startSocialService(
  kind: DatabaseKind,
  env: Record<string, string> = {},
): Promise<SocialServiceHarness> {
  const peers = createFakePeers();
  const h = await startServiceUnderTest(
    { name: "social-service", loadConfig: loadServiceConfig, createContext, createApp },
    {
      database: kind,
      // 50 connections (and so 500 waiting callers) let the concurrency test's 200 requests (each
      // taking the pool two or three times) queue instead of meeting the pool's 503 back-pressure.
      postgresMaxConnections: 50,
      env,
      overrides: { clients: { content: peers.contentClient, graph: peers.graphClient } },
    },
  );
  const { ctx } = h;
  const handle = handlePeerEvent(ctx);
  return {
    ctx,
    db: h.db,
    issuer: h.issuer,
    pki: h.pki,
    peers,
    request: h.request,
    graphql: (query, variables, token) => h.graphql<GraphqlResult>(query, variables, token),
    rpc: (token, caller = "feed-service") =>
      h.rpc(SocialService, { service: caller, ...(token ? { token } : {}) }),
    user: h.user,
    async deliver(service, schema, aggregateId, payload, id = Bun.randomUUIDv7()) {
      const envelope = create(EventEnvelopeSchema, {
        id,
        type: schema.typeName,
        aggregateId,
        occurredAt: timestampFromDate(new Date()),
        payload: anyPack(schema, create(schema, payload)),
        source: service,
      });
      await handle({
        id,
        type: schema.typeName,
        aggregateId,
        occurredAt: new Date(),
        traceparent: undefined,
        source: service,
        topic: serviceTopic(service),
        headers: {},
        envelope,
        attempt: 1,
      });
      return id;
    },
    enqueued: (schema, aggregateId) => readEnqueued(ctx.db.db, outbox, schema, aggregateId),
    close: h.close,
  };
}

/** JSON body of a response, typed loosely for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON shapes
export async function body(res: Response): Promise<Record<string, any>> {
  return (await res.json()) as Record<string, unknown>;
}

/** A request with the given method and token (no body: none of these routes take one). */
export const as = (method: string, token?: string): RequestInit & { token?: string } => ({
  method,
  ...(token ? { token } : {}),
});
