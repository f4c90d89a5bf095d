import { create, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { type Client, Code, ConnectError } from "@connectrpc/connect";
import type { CacheStore } from "@nova/cache";
import { startServiceUnderTest } from "@nova/kit/testing";
import { readEnqueued } from "@nova/outbox";
import { type ContentService, GetPostResponseSchema, PostSchema } from "@nova/proto/content/v1";
import { GetAccountStatusResponseSchema, type IdentityService } from "@nova/proto/identity/v1";
import { TrustSafetyService } from "@nova/proto/trust_safety/v1";
import { createApp } from "../../src/app.ts";
import { loadServiceConfig } from "../../src/config.ts";
import { createContext } from "../../src/context.ts";
import { outbox } from "../../src/db/schema/index.ts";

/** Posts the fake content-service knows: id → author. */
export type PostAuthors = Map<string, string>;

function fakeContent(authors: PostAuthors): Client<typeof ContentService> {
  return {
    getPost: async ({ postId }: { postId: string }) => {
      const authorId = authors.get(postId);
      if (!authorId) throw new ConnectError("post not found", Code.NotFound);
      return create(GetPostResponseSchema, { post: create(PostSchema, { id: postId, authorId }) });
    },
  } as unknown as Client<typeof ContentService>;
}

/** Accounts the fake identity-service knows: id → created at (unknown ids: created 30 days ago). */
export type AccountCreation = Map<string, Date>;

function fakeIdentity(created: AccountCreation): Client<typeof IdentityService> {
  return {
    getAccountStatus: async ({ accountId }: { accountId: string }) =>
      create(GetAccountStatusResponseSchema, {
        status: {
          accountId,
          createdAt: timestampFromDate(created.get(accountId) ?? new Date(Date.now() - 30 * 86_400_000)),
        },
      }),
  } as unknown as Client<typeof IdentityService>;
}

export const TEST_ENV = {
  TS_BLOCKED_PHRASES: JSON.stringify({
    en: ["buy followers", "free crypto giveaway"],
    de: ["follower kaufen"],
  }),
  TS_BLOCKED_DOMAINS: "evil.example,spam-shop.co.uk",
  TS_NEW_ACCOUNT_PER_MINUTE: "5",
};

/**
 * trust-safety-service on a fresh migrated database, with a fake content peer and test tokens.
 * `cache`: a store shared with other instances (replicas); by default each instance has its own.
 */
export async function startTrustSafety(env: Record<string, string> = {}, opts: { cache?: CacheStore } = {}) {
  const posts: PostAuthors = new Map();
  const created: AccountCreation = new Map();
  const h = await startServiceUnderTest(
    { name: "trust-safety-service", loadConfig: loadServiceConfig, createContext, createApp },
    {
      env: { ...TEST_ENV, ...env },
      overrides: {
        clients: { content: fakeContent(posts), identity: fakeIdentity(created) },
        ...(opts.cache ? { cache: opts.cache } : {}),
      },
    },
  );
  const staff = async (...roles: ("moderator" | "admin")[]) => {
    const id = crypto.randomUUID();
    return { id, token: await h.issuer.sign({ accountId: id, roles }) };
  };
  const json = async (path: string, method: string, token: string | undefined, payload?: unknown) => {
    const res = await h.request(path, {
      method,
      ...(token ? { token } : {}),
      ...(payload !== undefined
        ? { body: JSON.stringify(payload), headers: { "content-type": "application/json" } }
        : {}),
    });
    // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON shapes
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };
  return {
    ...h,
    posts,
    created,
    staff,
    json,
    tsRpc: (caller = "content-service") => h.rpc(TrustSafetyService, caller),
    enqueued: <D extends DescMessage>(schema: D, aggregateId: string): Promise<MessageShape<D>[]> =>
      readEnqueued(h.ctx.db.db, outbox, schema, aggregateId),
  };
}
export type TrustSafetyHarness = Awaited<ReturnType<typeof startTrustSafety>>;
