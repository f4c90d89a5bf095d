import { type Client, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import { createTestServicePki, type TestServicePki } from "@nova/auth/testing";
import type { DatabaseHandle } from "@nova/db";
import { RankingService } from "@nova/proto/ranking/v1";
import { createServiceServer } from "@nova/server";
import { createTestDatabase, silentLogger } from "@nova/testing";
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
  postJson(path: string, body: unknown): Promise<Response>;
  /** A Connect client on the in-process app (JSON by default, binary as production clients send). */
  /** Service keys: ranking-service and any peer calling it. */
  pki: TestServicePki;
  /** A Connect client carrying `caller`'s service credential (default feed-service; null: none). */
  rpc(opts?: { binary?: boolean; caller?: string | null }): Client<typeof RankingService>;
  close(): Promise<void>;
}

/**
 * ranking-service on a fresh migrated PGlite database, a fixed clock and an in-memory feature
 * source; `env` adds variables (exploration rate, deadline, model version…).
 */
export async function startRankingService(env: Record<string, string> = {}): Promise<RankingServiceHarness> {
  const db: DatabaseHandle = await createTestDatabase({ services: ["ranking-service"] });
  const features = createStaticFeatureSource();
  const config = loadServiceConfig({ LOG_LEVEL: "fatal", ...env });
  const pki = createTestServicePki();
  const ctx = await createContext(config, {
    identity: pki.identity("ranking-service"),
    db,
    log: silentLogger(),
    processMetrics: false,
    clock: () => new Date(NOW),
    features,
  });
  const server = createServiceServer({
    service: "ranking-service",
    version: config.service.version,
    env: config.service.env,
    description: "ranking-service under test",
    log: ctx.log,
    metrics: ctx.metrics,
    health: ctx.health,
    surface: createApp(ctx),
  });
  const fetchApp = (input: RequestInfo | URL, init?: RequestInit) =>
    Promise.resolve(server.app.fetch(new Request(input, init)));
  const request = (path: string, init: RequestInit = {}) =>
    fetchApp(`http://ranking-service.test${path}`, init);
  return {
    ctx,
    features,
    request,
    postJson: (path, body) =>
      request(path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    pki,
    rpc: (opts = {}) =>
      createClient(
        RankingService,
        createConnectTransport({
          baseUrl: "http://ranking-service.test",
          fetch: fetchApp as typeof fetch,
          useBinaryFormat: opts.binary ?? false,
          interceptors:
            opts.caller === null ? [] : [pki.interceptor(opts.caller ?? "feed-service", "ranking-service")],
        }),
      ),
    async close() {
      await ctx.close();
      await db.close();
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
