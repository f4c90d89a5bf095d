import { create, type DescMessage, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import { anyPack, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { type Client, createClient, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import {
  createTestServicePki,
  createTestTokenIssuer,
  type TestServicePki,
  type TestTokenIssuer,
  testRpcCredentials,
} from "@nova/auth/testing";
import type { DatabaseHandle } from "@nova/db";
import { EMBEDDED_BUS_MIGRATIONS, serviceTopic } from "@nova/events";
import { readEnqueued } from "@nova/outbox";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import { SocialService } from "@nova/proto/social/v1";
import { createServiceServer } from "@nova/server";
import { createPostgresTestDatabase, createTestDatabase, silentLogger } from "@nova/testing";
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

function openDatabase(kind: DatabaseKind): Promise<DatabaseHandle> {
  const services = ["social-service", EMBEDDED_BUS_MIGRATIONS];
  // 50 connections (and so 500 waiting callers) let the concurrency test's 200 requests (each
  // taking the pool two or three times) queue instead of meeting the pool's 503 back-pressure.
  return kind === "pglite"
    ? createTestDatabase({ services })
    : createPostgresTestDatabase({ services, maxConnections: 50 });
}

/**
 * social-service on a fresh migrated database, with in-memory content/graph peers and test tokens;
 * `env` adds variables (e.g. REDIS_URL for the real cache).
 */
export async function startSocialService(
  kind: DatabaseKind,
  env: Record<string, string> = {},
): Promise<SocialServiceHarness> {
  const db = await openDatabase(kind);
  const issuer = await createTestTokenIssuer();
  const pki = createTestServicePki();
  const peers = createFakePeers();
  const config = loadServiceConfig({
    LOG_LEVEL: "fatal",
    JWT_PUBLIC_KEY_PEM: issuer.publicPem,
    // Nothing listens here: only the configured public key may verify tokens.
    IDENTITY_SERVICE_URL: "http://127.0.0.1:9",
    ...env,
  });
  const ctx = await createContext(config, {
    identity: pki.identity("social-service"),
    db,
    log: silentLogger(),
    processMetrics: false,
    noBackgroundWork: true,
    clients: { content: peers.contentClient, graph: peers.graphClient },
  });
  const server = createServiceServer({
    service: "social-service",
    version: config.service.version,
    env: config.service.env,
    description: "social-service under test",
    log: ctx.log,
    metrics: ctx.metrics,
    health: ctx.health,
    surface: createApp(ctx),
  });
  const fetchApp = (input: RequestInfo | URL, init?: RequestInit) =>
    Promise.resolve(server.app.fetch(new Request(input, init)));
  const request = (path: string, init: RequestInit & { token?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set("authorization", `Bearer ${init.token}`);
    return fetchApp(`http://social-service.test${path}`, { ...init, headers });
  };
  const handle = handlePeerEvent(ctx);
  return {
    ctx,
    db,
    issuer,
    pki,
    peers,
    request,
    async graphql(query, variables, token) {
      const res = await request("/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ query, variables }),
        ...(token ? { token } : {}),
      });
      return (await res.json()) as GraphqlResult;
    },
    rpc(token, caller = "feed-service") {
      return createClient(
        SocialService,
        createConnectTransport({
          baseUrl: "http://social-service.test",
          fetch: fetchApp as typeof fetch,
          interceptors: testRpcCredentials(pki, "social-service", {
            service: caller,
            ...(token ? { token } : {}),
          }),
        }),
      );
    },
    async user() {
      const id = Bun.randomUUIDv7();
      return { id, token: await issuer.sign({ accountId: id }) };
    },
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
    async close() {
      await ctx.close();
      await db.close();
    },
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
