import type { Client } from "@connectrpc/connect";
import { createTestTokenIssuer, type TestServicePki, type TestTokenIssuer } from "@nova/auth/testing";
import { createEmbeddedEventBus, type EventBus } from "@nova/events";
import { startServiceUnderTest } from "@nova/kit/testing";
import { RankingService } from "@nova/proto/ranking/v1";
import { silentLogger } from "@nova/testing";
import { createApp } from "../../src/app.ts";
import { loadServiceConfig } from "../../src/config.ts";
import { createContext, type ServiceContext } from "../../src/context.ts";
import { createStaticFeatureSource, type StaticFeatureSource } from "../../src/testing/index.ts";

/** The fixed "now" of every harness: candidate ages are measured from it. */
export const NOW = new Date("2026-11-27T06:00:00.000Z");

export interface RankingServiceHarness {
  ctx: ServiceContext;
  features: StaticFeatureSource;
  /** REST through the real Hono app (kit middleware, error mapping), without a socket. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /**
   * POSTs JSON with an end user's token: by default one for the body's `viewerId` (or a fresh
   * account); `token: null` sends none.
   */
  postJson(path: string, body: unknown, opts?: { token?: string | null }): Promise<Response>;
  /**
   * A Connect client on the in-process app (JSON by default, binary as production clients send),
   * carrying `caller`'s (or `service`'s) real service credential — feed-service by default, null
   * for none — and, with `token`, an end user's token.
   */
  rpc(opts?: {
    binary?: boolean;
    caller?: string | null;
    service?: string | null;
    token?: string;
  }): Client<typeof RankingService>;
  /** The embedded event bus the service consumes identity's events from. */
  bus: EventBus;
  /** Signs end-user access tokens the service accepts. */
  issuer: TestTokenIssuer;
  /** Service keys: ranking-service and any peer calling it. */
  pki: TestServicePki;
  close(): Promise<void>;
}

/**
 * ranking-service on a fresh migrated PGlite database, a fixed clock and an in-memory feature
 * source; `env` adds variables (exploration rate, deadline, model version…).
 */
export async function startRankingService(env: Record<string, string> = {}): Promise<RankingServiceHarness> {
  const features = createStaticFeatureSource();
  let bus: EventBus | undefined;
  const h = await startServiceUnderTest(
    { name: "ranking-service", loadConfig: loadServiceConfig, createContext, createApp },
    {
      env,
      issuer: await createTestTokenIssuer({ clock: () => new Date(NOW) }),
      overrides: (db) => {
        bus = createEmbeddedEventBus({ db: db.db, log: silentLogger() });
        return { clock: () => new Date(NOW), features, bus, noBackgroundWork: false };
      },
    },
  );
  const { ctx, issuer, pki } = h;
  const started = bus as EventBus;
  const request = (path: string, init: RequestInit = {}) => h.request(path, init);
  return {
    ctx,
    features,
    request,
    issuer,
    bus: started,
    async postJson(path, body, opts = {}) {
      const named = (body as { viewerId?: unknown } | null)?.viewerId;
      const token =
        opts.token === undefined
          ? await issuer.sign({ accountId: typeof named === "string" && named ? named : Bun.randomUUIDv7() })
          : opts.token;
      const headers = new Headers({ "content-type": "application/json" });
      if (token) headers.set("authorization", `Bearer ${token}`);
      return request(path, {
        method: "POST",
        headers,
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
    },
    pki,
    rpc: (opts = {}) =>
      h.rpc(
        RankingService,
        {
          service: opts.caller !== undefined ? opts.caller : opts.service,
          ...(opts.token ? { token: opts.token } : {}),
        },
        { binary: opts.binary ?? false },
      ),
    async close() {
      await ctx.close();
      await started.close();
      await h.close();
    },
  };
}

/** A candidate `hoursOld` hours before NOW. */
export function candidate(postId: string, authorId: string, hoursOld: number, source = "following") {
  return { postId, authorId, createdAt: new Date(NOW.getTime() - hoursOld * 3_600_000), source };
}

/** JSON body of a response, typed loosely for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON shapes
export async function body(res: Response): Promise<any> {
  return await res.json();
}
