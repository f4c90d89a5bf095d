import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import type { Client } from "@connectrpc/connect";
import type { TestServicePki, TestTokenIssuer } from "@nova/auth/testing";
import { withTransaction } from "@nova/db";
import { FakeTrustSafety, startServiceUnderTest } from "@nova/kit/testing";
import { readEnqueued } from "@nova/outbox";
import { UserService } from "@nova/proto/user/v1";
import { createApp } from "../../src/app.ts";
import { loadServiceConfig } from "../../src/config.ts";
import { createContext, type ServiceContext } from "../../src/context.ts";
import { outbox } from "../../src/db/schema/index.ts";
import { createProfileForAccount } from "../../src/domain/create-profile-for-account.ts";
import { FakeMediaService } from "./fake-media-service.ts";

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

/** user-service on a fresh migrated database, tokens signed by a test key pair it trusts by PEM. */
export async function startUserService(
  kind: DatabaseKind,
  media: FakeMediaService = new FakeMediaService(),
  trustSafety: FakeTrustSafety = new FakeTrustSafety(),
  env: Record<string, string> = {},
): Promise<UserServiceHarness> {
  const h = await startServiceUnderTest(
    { name: "user-service", loadConfig: loadServiceConfig, createContext, createApp },
    {
      database: kind,
      env,
      overrides: { clients: { media: media.client(), trustSafety: trustSafety.client() } },
    },
  );
  const { ctx, issuer } = h;
  return {
    ctx,
    issuer,
    pki: h.pki,
    request: h.request,
    graphql: (query, variables, token) => h.graphql<GraphqlResult>(query, variables, token),
    rpc: (token, caller = "feed-service") =>
      h.rpc(UserService, { service: caller, ...(token ? { token } : {}) }),
    async seedUser(username) {
      const id = Bun.randomUUIDv7();
      const result = await withTransaction(ctx.db.db, (tx) =>
        createProfileForAccount({ ctx, tx, input: { accountId: id, username } }),
      );
      await result.afterCommit();
      return { id, token: await issuer.sign({ accountId: id }) };
    },
    enqueued: (schema) => readEnqueued(ctx.db.db, outbox, schema),
    close: h.close,
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
