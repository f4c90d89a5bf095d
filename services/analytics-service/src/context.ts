import type { TokenVerifier } from "@nova/auth";
import type { DatabaseHandle } from "@nova/db";
import type { EventBus } from "@nova/events";
import {
  type BaseContext,
  createServiceContext,
  type PeerSpec,
  type ServiceContextOverrides,
} from "@nova/kit";
import { RankingService } from "@nova/proto/ranking/v1";
import { createRateLimiter, type RateLimiter } from "@nova/rate-limit";
import type { ServiceConfig } from "./config.ts";
import { createIngestWriter, type IngestWriter } from "./domain/ingest-writer.ts";
import { subscribeToDomainEvents } from "./events/subscribe-to-domain-events.ts";
import { createRankingLog, type RankingLog } from "./peers/ranking-log.ts";
import type { AnalyticsStore } from "./store/analytics-store.ts";
import { createClickHouseAnalyticsStore } from "./store/create-clickhouse-analytics-store.ts";
import { createPostgresAnalyticsStore } from "./store/create-postgres-analytics-store.ts";

export interface ServiceContext extends BaseContext<ServiceConfig> {
  readonly db: DatabaseHandle;
  readonly verifier: TokenVerifier;
  readonly bus: EventBus;
  /** Events and rollups: ClickHouse when CLICKHOUSE_URL is set, else PostgreSQL tables. */
  readonly store: AnalyticsStore;
  readonly ingest: IngestWriter;
  /** Sliding-window limits of event batches per device, account and IP, in the shared cache (Redis in production). */
  readonly ingestLimiter: RateLimiter;
  /** ranking-service's impression/feedback log (fed with served pages and engagement). */
  readonly rankingLog: RankingLog;
}

/** The kit's test seams (verifier, bus, noBackgroundWork: no domain-event consumer), and a store. */
export interface AnalyticsOverrides extends ServiceContextOverrides<Peers> {
  store?: AnalyticsStore;
  rankingLog?: RankingLog;
}

type Peers = { ranking: PeerSpec<typeof RankingService> };

async function createStore(
  config: ServiceConfig,
  db: DatabaseHandle,
  clock: () => Date,
): Promise<AnalyticsStore> {
  return config.clickhouse.url
    ? createClickHouseAnalyticsStore({
        url: config.clickhouse.url,
        prefix: config.extra.ANALYTICS_CLICKHOUSE_PREFIX,
        ttlDays: config.extra.ANALYTICS_EVENT_TTL_DAYS,
        funnels: config.extra.ANALYTICS_FUNNELS,
        rollupZones: config.extra.ANALYTICS_ROLLUP_ZONES,
      })
    : createPostgresAnalyticsStore(db.db, {
        now: clock,
        rollupZones: config.extra.ANALYTICS_ROLLUP_ZONES,
        funnels: config.extra.ANALYTICS_FUNNELS,
      });
}

export async function createContext(
  config: ServiceConfig,
  overrides?: AnalyticsOverrides,
): Promise<ServiceContext> {
  const spec = {
    schema: "analytics_service",
    identityServiceUrl: config.extra.IDENTITY_SERVICE_URL,
    peers: { ranking: [RankingService, "ranking-service", config.extra.RANKING_SERVICE_URL] },
  } as const;
  return createServiceContext(config, spec, overrides, async (rt) => {
    const store = overrides?.store ?? (await createStore(config, rt.db, rt.clock));
    rt.onClose(() => store.close());
    if (store.kind === "clickhouse") rt.health.add({ name: "clickhouse", check: () => store.ping() });
    const ctx: ServiceContext = {
      ...rt,
      store,
      ingest: createIngestWriter(store, rt.metrics.registry, rt.clock),
      ingestLimiter: createRateLimiter({
        store: rt.cache,
        prefix: "nova:analytics-service:rl:",
        now: () => rt.clock().getTime(),
        onError: (err) => rt.log.warn("ingestion limits unavailable; letting the batch through", { err }),
      }),
      rankingLog: overrides?.rankingLog ?? createRankingLog(rt.clients.ranking),
    };
    await rt.startBackground(() => subscribeToDomainEvents(ctx));
    return ctx;
  });
}
