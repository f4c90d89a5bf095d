import type { TokenVerifier } from "@nova/auth";
import type { DatabaseHandle } from "@nova/db";
import { type BaseContext, createServiceContext, type ServiceContextOverrides } from "@nova/kit";
import { FeatureStoreService } from "@nova/proto/feature_store/v1";
import type { ServiceConfig } from "./config.ts";
import type { FeatureSource } from "./domain/feature-source.ts";
import { createRankingMetrics, type RankingMetrics } from "./domain/ranking-metrics.ts";
import { subscribeToAccountEvents } from "./events/subscribe-to-account-events.ts";
import { createFeatureStoreSource } from "./features/feature-store-source.ts";
import { createImpressionStore } from "./store/create-impression-store.ts";
import type { ImpressionStore } from "./store/impression-store.ts";

export interface ServiceContext extends BaseContext<ServiceConfig> {
  readonly db: DatabaseHandle;
  /** Online features (feature-store's GetFeatures). */
  readonly features: FeatureSource;
  /** Impressions and feedback: ClickHouse when CLICKHOUSE_URL is set, else `ranking_service` tables. */
  readonly impressions: ImpressionStore;
  readonly rankingMetrics: RankingMetrics;
  /** Verifies end users' access tokens (REST routes; a user's token forwarded on an RPC). */
  readonly verifier: TokenVerifier;
}

/**
 * The kit's test seams (verifier; bus: where identity's AccountDeleted arrives; noBackgroundWork: no
 * account-event consumer), a feature source and an impression store.
 */
export interface RankingServiceOverrides extends Omit<ServiceContextOverrides, "clients"> {
  features?: FeatureSource;
  impressions?: ImpressionStore;
}

export async function createContext(
  config: ServiceConfig,
  overrides?: RankingServiceOverrides,
): Promise<ServiceContext> {
  const spec = {
    schema: "ranking_service",
    identityServiceUrl: config.extra.IDENTITY_SERVICE_URL,
    peers: { featureStore: [FeatureStoreService, "feature-store", config.extra.FEATURE_STORE_URL] },
  } as const;
  return createServiceContext(config, spec, overrides, async (rt) => {
    const impressions =
      overrides?.impressions ??
      (await createImpressionStore({ clickhouseUrl: config.clickhouse.url, db: rt.db.db }));
    rt.onClose(() => impressions.close());
    if (impressions.kind === "clickhouse")
      rt.health.add({ name: "clickhouse", check: () => impressions.ping() });
    const ctx: ServiceContext = {
      ...rt,
      features: overrides?.features ?? createFeatureStoreSource(rt.clients.featureStore),
      impressions,
      rankingMetrics: createRankingMetrics(rt.metrics.registry),
    };
    // Erasure on account deletion (impressions and feedback are the account's signals).
    await rt.startBackground(() => subscribeToAccountEvents(ctx, rt.bus));
    return ctx;
  });
}
