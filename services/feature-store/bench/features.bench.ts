/**
 * feature-store figures in production mode's backends: PostgreSQL (DATABASE_URL's server, else
 * 127.0.0.1:5432; a throwaway database) and Redis (REDIS_URL, else redis://127.0.0.1:6379/15).
 * Prints materialisation throughput through the consumer, and GetFeatures latency for ranking's
 * shape (500 posts × all post features; 500 viewer×author pairs) over Connect, warm and cold cache.
 *   bun run services/feature-store/bench/features.bench.ts
 */
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import { createTestServicePki, testRpcCredentials } from "@nova/auth/testing";
import { EMBEDDED_BUS_MIGRATIONS } from "@nova/events";
import { EntityType, FeatureStoreService } from "@nova/proto/feature_store/v1";
import { createServiceServer } from "@nova/server";
import { createPostgresTestDatabase, silentLogger } from "@nova/testing";
import { count } from "drizzle-orm";
import { createApp } from "../src/app.ts";
import { loadServiceConfig } from "../src/config.ts";
import { createContext } from "../src/context.ts";
import { processedEvents } from "../src/db/schema/index.ts";
import { events, publish, type SourceEventSpec } from "../test/support/source-events.ts";

const POSTS = 500;
const AUTHORS = 100;
const USERS = 1_000;
const ENGAGEMENTS = 10_000;
const RUNS = 200;

const db = await createPostgresTestDatabase({
  services: ["feature-store", EMBEDDED_BUS_MIGRATIONS],
  ...(process.env.DATABASE_URL ? { adminUrl: process.env.DATABASE_URL } : {}),
  maxConnections: 10,
});
const config = loadServiceConfig({
  LOG_LEVEL: "fatal",
  REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379/15",
});
// Keys made for the run: the bench reads as ranking-service does, with a real service credential.
const pki = createTestServicePki();
const ctx = await createContext(config, {
  db,
  log: silentLogger(),
  processMetrics: false,
  identity: pki.identity("feature-store"),
});
try {
  const server = createServiceServer({
    service: "feature-store",
    version: config.service.version,
    env: config.service.env,
    description: "feature-store bench",
    log: ctx.log,
    metrics: ctx.metrics,
    health: ctx.health,
    surface: createApp(ctx),
  });
  const fetchApp = (input: RequestInfo | URL, init?: RequestInit) =>
    Promise.resolve(server.app.fetch(new Request(input, init)));
  const rpc = createClient(
    FeatureStoreService,
    createConnectTransport({
      baseUrl: "http://feature-store.bench",
      fetch: fetchApp as typeof fetch,
      interceptors: testRpcCredentials(pki, "feature-store", "ranking-service"),
    }),
  );

  const now = Date.now();
  const authors = Array.from({ length: AUTHORS }, () => Bun.randomUUIDv7());
  const users = Array.from({ length: USERS }, () => Bun.randomUUIDv7());
  const posts = Array.from({ length: POSTS }, (_, i) => ({
    postId: Bun.randomUUIDv7(),
    authorId: authors[i % AUTHORS] as string,
  }));
  const specs: [SourceEventSpec, Date][] = [];
  for (const [i, p] of posts.entries()) {
    const publishedAt = new Date(now - (i % 48) * 3_600_000);
    specs.push([events.postCreated({ ...p, hashtags: [`tag${i % 20}`], publishedAt }), publishedAt]);
  }
  for (let i = 0; i < ENGAGEMENTS; i++) {
    const p = posts[i % POSTS] as (typeof posts)[number];
    const accountId = users[(i * 7) % USERS] as string;
    const when = new Date(now - (i % 1_440) * 60_000);
    const kind = i % 10;
    specs.push([
      kind < 6
        ? events.likeCreated({ accountId, postId: p.postId, authorId: p.authorId })
        : kind < 8
          ? events.commentCreated({ postId: p.postId, postAuthorId: p.authorId, authorId: accountId })
          : kind < 9
            ? events.repostCreated({ accountId, postId: p.postId, authorId: p.authorId })
            : events.followCreated({ followerId: accountId, followeeId: p.authorId }),
      when,
    ]);
  }
  const started = performance.now();
  for (const [spec, when] of specs) await publish(ctx.bus, spec, when);
  for (;;) {
    const [row] = await db.db.select({ n: count() }).from(processedEvents);
    if ((row?.n ?? 0) >= specs.length) break;
    await Bun.sleep(100);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `materialise: ${specs.length} events published and applied in ${seconds.toFixed(1)} s = ${(specs.length / seconds).toFixed(0)} events/s (embedded bus on PostgreSQL, one consumer)`,
  );

  const measure = async (label: string, call: () => Promise<unknown>, before?: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await before?.();
      const t = performance.now();
      await call();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const q = (p: number) =>
      (times[Math.min(times.length - 1, Math.floor(p * times.length))] as number).toFixed(2);
    console.log(`${label}: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms (${RUNS} calls)`);
  };
  const postIds = posts.map((p) => p.postId);
  const pairs = Array.from({ length: 500 }, (_, i) => `${users[i % USERS]}:${authors[i % AUTHORS]}`);
  await measure("GetFeatures 500 posts × 10 features, warm cache", () =>
    rpc.getFeatures({ entityType: EntityType.POST, entityIds: postIds }),
  );
  await measure("GetFeatures 500 user×author pairs × 5 features, warm cache", () =>
    rpc.getFeatures({ entityType: EntityType.USER_AUTHOR, entityIds: pairs }),
  );
  await measure(
    "GetFeatures 500 posts, cold cache (states from PostgreSQL)",
    () => rpc.getFeatures({ entityType: EntityType.POST, entityIds: postIds }),
    () => ctx.online.clear(),
  );
  await measure("GetHistoricalFeatures 500 posts (offline store: PostgreSQL tables)", () =>
    rpc.getHistoricalFeatures({
      entityType: EntityType.POST,
      entityIds: postIds,
      at: { seconds: BigInt(Math.floor((now - 3_600_000) / 1000)), nanos: 0 },
    }),
  );
} finally {
  await ctx.online.clear();
  await ctx.close();
  await db.close();
}
