import type { Client } from "@connectrpc/connect";
import type { TestServicePki, TestTokenIssuer } from "@nova/auth/testing";
import type { DatabaseHandle } from "@nova/db";
import { EMBEDDED_BUS_MIGRATIONS } from "@nova/events";
import { socketPeer, startServiceUnderTest } from "@nova/kit/testing";
import { createLogger } from "@nova/observability";
import { ContentService } from "@nova/proto/content/v1";
import { createPostgresTestDatabase, createTestDatabase } from "@nova/testing";
import { asc, eq } from "drizzle-orm";
import { createApp } from "../../src/app.ts";
import { loadServiceConfig } from "../../src/config.ts";
import { type ContentServiceOverrides, createContext, type ServiceContext } from "../../src/context.ts";
import { outbox } from "../../src/db/schema/index.ts";
import { ALLOW_ALL } from "../../src/domain/moderation-hook.ts";
import { PeerWorld, type WorldUser } from "./peer-world.ts";

export type DatabaseKind = "pglite" | "postgres";
export const DATABASE_KINDS: readonly DatabaseKind[] = ["pglite", "postgres"];

export interface TestUser {
  id: string;
  username: string;
  token: string;
}

export interface ContentHarness {
  ctx: ServiceContext;
  db: DatabaseHandle;
  world: PeerWorld;
  issuer: TestTokenIssuer;
  /** Service keys: the service under test and any peer calling it. */
  pki: TestServicePki;
  /** Log lines at warn level and above (JSON), for "the error is logged" checks. */
  logs: string[];
  /** REST/GraphQL through the real Hono app (kit middleware, error mapping), without a socket. */
  /** `ip`: the socket peer the request comes from (no socket without it, so no per-IP limits). */
  request(path: string, init?: RequestInit & { token?: string; ip?: string }): Promise<Response>;
  graphql(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphqlResult>;
  /**
   * A Connect client; `token`: the end user\'s; `caller`: the service whose credential the call
   * carries (default feed-service), null for none (an end-user client).
   */
  rpc(token?: string, caller?: string | null): Client<typeof ContentService>;
  /** A user known to the in-memory user-service, with a token. */
  user(
    username: string,
    opts?: Partial<Pick<WorldUser, "privateAccount" | "whoCanMention">>,
  ): Promise<TestUser>;
  /** Event types in the outbox for one aggregate, oldest first. */
  events(aggregateId: string): Promise<string[]>;
  close(): Promise<void>;
}

export interface GraphqlResult {
  // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON shapes
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export function openTestDatabase(kind: DatabaseKind): Promise<DatabaseHandle> {
  const services = ["content-service", EMBEDDED_BUS_MIGRATIONS] as const;
  return kind === "pglite" ? createTestDatabase({ services }) : createPostgresTestDatabase({ services });
}

export { socketPeer };

/** content-service on a fresh migrated database (or `db`), peers in memory, tokens from a test key. */
export async function startContentService(
  kind: DatabaseKind,
  opts: {
    db?: DatabaseHandle;
    world?: PeerWorld;
    overrides?: ContentServiceOverrides;
    env?: Record<string, string>;
  } = {},
): Promise<ContentHarness> {
  const db = opts.db ?? (await openTestDatabase(kind));
  const world = opts.world ?? new PeerWorld();
  const logs: string[] = [];
  const h = await startServiceUnderTest(
    { name: "content-service", loadConfig: loadServiceConfig, createContext, createApp },
    {
      database: db,
      env: { LOG_LEVEL: "warn", ...opts.env },
      log: createLogger({ level: "warn", write: (line) => logs.push(line) }),
      // Tests not about moderation publish everything; trust-safety's hook is tested on its own.
      overrides: { clients: world.clients(), moderation: ALLOW_ALL, ...opts.overrides },
    },
  );
  const { ctx, issuer } = h;
  const request = (path: string, init: RequestInit & { token?: string; ip?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (init.body && !headers.has("content-type")) headers.set("content-type", "application/json");
    return h.request(path, { ...init, headers });
  };
  return {
    ctx,
    db,
    world,
    issuer,
    pki: h.pki,
    logs,
    request,
    async graphql(query, variables, token) {
      const res = await request("/graphql", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          ...(await h.gatewayHeaders()),
        },
        body: JSON.stringify({ query, variables }),
        ...(token ? { token } : {}),
      });
      return (await res.json()) as GraphqlResult;
    },
    rpc: (token, caller = "feed-service") =>
      h.rpc(ContentService, { service: caller, ...(token ? { token } : {}) }),
    async user(username, userOpts = {}) {
      const id = Bun.randomUUIDv7();
      world.addUser(id, username, userOpts);
      return { id, username, token: await issuer.sign({ accountId: id }) };
    },
    async events(aggregateId) {
      const rows = await ctx.db.db
        .select({ type: outbox.eventType })
        .from(outbox)
        .where(eq(outbox.aggregateId, aggregateId))
        .orderBy(asc(outbox.position));
      return rows.map((r) => r.type.replace("nova.content.v1.", ""));
    },
    async close() {
      await h.close();
      if (!opts.db) await db.close();
    },
  };
}

/** JSON body of a response, typed loosely for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON shapes
export async function body(res: Response): Promise<Record<string, any>> {
  return (await res.json()) as Record<string, unknown>;
}

/** POST/PATCH init with a JSON body. */
export const send = (method: string, payload: unknown, token?: string): RequestInit & { token?: string } => ({
  method,
  headers: { "content-type": "application/json" },
  body: typeof payload === "string" ? payload : JSON.stringify(payload),
  ...(token ? { token } : {}),
});

/** Creates a post through REST and returns its JSON (fails loudly when not 201). */
export async function post(
  h: ContentHarness,
  author: TestUser,
  payload: Record<string, unknown>,
  // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON shapes
): Promise<Record<string, any>> {
  const res = await h.request("/api/v1/posts", send("POST", payload, author.token));
  const json = await body(res);
  if (res.status !== 201) throw new Error(`create post: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
