import { create, type DescMessage, type MessageShape, toBinary } from "@bufbuild/protobuf";
import { anyPack, timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Client } from "@connectrpc/connect";
import type { TestServicePki, TestTokenIssuer } from "@nova/auth/testing";
import { withTransaction } from "@nova/db";
import { serviceTopic } from "@nova/events";
import { startServiceUnderTest } from "@nova/kit/testing";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import { GraphService } from "@nova/proto/graph/v1";
import { asc } from "drizzle-orm";
import { createApp } from "../../src/app.ts";
import { loadServiceConfig } from "../../src/config.ts";
import { createContext, type ServiceContext } from "../../src/context.ts";
import { outbox } from "../../src/db/schema/index.ts";
import { recordAccountPrivacy } from "../../src/domain/record-account-privacy.ts";

export type DatabaseKind = "pglite" | "postgres";
export const DATABASE_KINDS: readonly DatabaseKind[] = ["pglite", "postgres"];

export interface TestUser {
  id: string;
  token: string;
}

export interface GraphServiceHarness {
  ctx: ServiceContext;
  issuer: TestTokenIssuer;
  /** Service keys: the service under test and any peer calling it. */
  pki: TestServicePki;
  /** REST/GraphQL through the real Hono app (kit middleware, error mapping), without a socket. */
  request(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  graphql(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphqlResult>;
  /**
   * A Connect client; `token`: the end user\'s; `caller`: the service whose credential the call
   * carries (default feed-service), null for none (an end-user client).
   */
  rpc(token?: string, caller?: string | null): Client<typeof GraphService>;
  /** A fresh account id and a token for it; `private` as user-service's ProfileUpdated would set it. */
  seedUser(opts?: { private?: boolean }): Promise<TestUser>;
  setPrivate(id: string, privateAccount: boolean): Promise<void>;
  /** Event types in the outbox about `aggregateId` (or all), oldest first. */
  outboxTypes(aggregateId?: string): Promise<string[]>;
  /** Publishes an event on another service's topic, as its outbox relay would. */
  publishEvent<D extends DescMessage>(
    service: string,
    schema: D,
    aggregateId: string,
    payload: MessageShape<D>,
    id?: string,
  ): Promise<string>;
  close(): Promise<void>;
}

export interface GraphqlResult {
  // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON shapes
  data?: Record<string, any> | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string } }[];
}

/**
 * graph-service on a fresh migrated database (embedded graph store), tokens from a test key pair;
 * `env` adds variables (the bench sets REDIS_URL).
 */
export async function startGraphService(
  kind: DatabaseKind,
  env: Record<string, string> = {},
): Promise<GraphServiceHarness> {
  const h = await startServiceUnderTest(
    { name: "graph-service", loadConfig: loadServiceConfig, createContext, createApp },
    { database: kind, env },
  );
  const { ctx, issuer } = h;
  const setPrivate = async (id: string, privateAccount: boolean) => {
    await withTransaction(ctx.db.db, (tx) =>
      recordAccountPrivacy({ ctx, tx, input: { accountId: id, privateAccount } }),
    );
  };
  return {
    ctx,
    issuer,
    pki: h.pki,
    request: h.request,
    graphql: (query, variables, token) => h.graphql<GraphqlResult>(query, variables, token),
    rpc: (token, caller = "feed-service") =>
      h.rpc(GraphService, { service: caller, ...(token ? { token } : {}) }),
    async seedUser(opts = {}) {
      const id = Bun.randomUUIDv7();
      await setPrivate(id, opts.private ?? false);
      return { id, token: await issuer.sign({ accountId: id }) };
    },
    setPrivate,
    async outboxTypes(aggregateId) {
      const rows = await ctx.db.db
        .select({ type: outbox.eventType, aggregateId: outbox.aggregateId })
        .from(outbox)
        .orderBy(asc(outbox.position));
      return rows
        .filter((r) => aggregateId === undefined || r.aggregateId === aggregateId)
        .map((r) => r.type);
    },
    async publishEvent(service, schema, aggregateId, payload, id = Bun.randomUUIDv7()) {
      const envelope = create(EventEnvelopeSchema, {
        id,
        type: schema.typeName,
        aggregateId,
        occurredAt: timestampFromDate(new Date()),
        payload: anyPack(schema, payload),
        source: service,
      });
      await ctx.bus.publish(serviceTopic(service), [
        {
          id,
          type: schema.typeName,
          key: aggregateId,
          traceparent: null,
          occurredAt: new Date(),
          value: toBinary(EventEnvelopeSchema, envelope),
        },
      ]);
      return id;
    },
    close: h.close,
  };
}

/** JSON body of a response, typed loosely for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON shapes
export async function body(res: Response): Promise<any> {
  return await res.json();
}

/** Polls until `check` holds (consumers are asynchronous); fails with `what` after a bound. */
export async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await Bun.sleep(25);
  }
  throw new Error(`never happened: ${what}`);
}

export const put = (token?: string): RequestInit & { token?: string } => ({
  method: "PUT",
  ...(token ? { token } : {}),
});
export const del = (token?: string): RequestInit & { token?: string } => ({
  method: "DELETE",
  ...(token ? { token } : {}),
});
export const post = (token?: string): RequestInit & { token?: string } => ({
  method: "POST",
  ...(token ? { token } : {}),
});
