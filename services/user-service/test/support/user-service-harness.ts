import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { type Client, createClient, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import {
  createTestServicePki,
  createTestTokenIssuer,
  type TestServicePki,
  type TestTokenIssuer,
} from "@nova/auth/testing";
import { type DatabaseHandle, withTransaction } from "@nova/db";
import { EMBEDDED_BUS_MIGRATIONS } from "@nova/events";
import { readEnqueued } from "@nova/outbox";
import { UserService } from "@nova/proto/user/v1";
import { createServiceServer } from "@nova/server";
import { createPostgresTestDatabase, createTestDatabase, silentLogger } from "@nova/testing";
import { createApp } from "../../src/app.ts";
import { loadServiceConfig } from "../../src/config.ts";
import { createContext, type ServiceContext } from "../../src/context.ts";
import { outbox } from "../../src/db/schema/index.ts";
import { createProfileForAccount } from "../../src/domain/create-profile-for-account.ts";

export type DatabaseKind = "pglite" | "postgres";
export const DATABASE_KINDS: readonly DatabaseKind[] = ["pglite", "postgres"];

export interface UserServiceHarness {
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
  rpc(token?: string, caller?: string | null): Client<typeof UserService>;
  /** A profile as identity's account-created event would create it, and a token for it. */
  seedUser(username: string): Promise<{ id: string; token: string }>;
  /** The payloads of the `schema` events user-service enqueued, oldest first. */
  enqueued<D extends DescMessage>(schema: D): Promise<MessageShape<D>[]>;
  close(): Promise<void>;
}

export interface GraphqlResult {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; violations?: unknown[] } }[];
}

function openDatabase(kind: DatabaseKind): Promise<DatabaseHandle> {
  return kind === "pglite"
    ? createTestDatabase({ services: ["user-service", EMBEDDED_BUS_MIGRATIONS] })
    : createPostgresTestDatabase({ services: ["user-service", EMBEDDED_BUS_MIGRATIONS] });
}

/** user-service on a fresh migrated database, tokens signed by a test key pair it trusts by PEM. */
export async function startUserService(kind: DatabaseKind): Promise<UserServiceHarness> {
  const db = await openDatabase(kind);
  const issuer = await createTestTokenIssuer();
  const pki = createTestServicePki();
  const config = loadServiceConfig({
    LOG_LEVEL: "fatal",
    JWT_PUBLIC_KEY_PEM: issuer.publicPem,
    // Nothing listens here: only the configured public key may verify tokens.
    IDENTITY_SERVICE_URL: "http://127.0.0.1:9",
  });
  const ctx = await createContext(config, {
    identity: pki.identity("user-service"),
    db,
    log: silentLogger(),
    processMetrics: false,
    noBackgroundWork: true,
  });
  const server = createServiceServer({
    service: "user-service",
    version: config.service.version,
    env: config.service.env,
    description: "user-service under test",
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
    return fetchApp(`http://user-service.test${path}`, { ...init, headers });
  };
  return {
    ctx,
    issuer,
    pki,
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
      const interceptors: Interceptor[] = caller ? [pki.interceptor(caller, "user-service")] : [];
      if (token)
        interceptors.push((next) => (req) => {
          req.header.set("authorization", `Bearer ${token}`);
          return next(req);
        });
      return createClient(
        UserService,
        createConnectTransport({
          baseUrl: "http://user-service.test",
          fetch: fetchApp as typeof fetch,
          interceptors,
        }),
      );
    },
    async seedUser(username) {
      const id = Bun.randomUUIDv7();
      const result = await withTransaction(ctx.db.db, (tx) =>
        createProfileForAccount({ ctx, tx, input: { accountId: id, username } }),
      );
      await result.afterCommit();
      return { id, token: await issuer.sign({ accountId: id }) };
    },
    enqueued: (schema) => readEnqueued(ctx.db.db, outbox, schema),
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

export const jsonPatch = (payload: unknown, token?: string): RequestInit & { token?: string } => ({
  method: "PATCH",
  headers: { "content-type": "application/json" },
  body: typeof payload === "string" ? payload : JSON.stringify(payload),
  ...(token ? { token } : {}),
});
