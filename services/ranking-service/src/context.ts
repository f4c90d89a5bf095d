import type { TokenVerifier } from "@nova/auth";
import type { DatabaseHandle } from "@nova/db";
import {
  type BaseContext,
  type BaseContextOverrides,
  createBaseContext,
  createPeerClient,
  createServiceTokenVerifier,
} from "@nova/kit";
import { FeatureStoreService } from "@nova/proto/feature_store/v1";
import type { ServiceConfig } from "./config.ts";
import type { FeatureSource } from "./domain/feature-source.ts";
import { createRankingMetrics, type RankingMetrics } from "./domain/ranking-metrics.ts";
import { createFeatureStoreSource } from "./features/feature-store-source.ts";
import { createImpressionStore } from "./store/create-impression-store.ts";
import type { ImpressionStore } from "./store/impression-store.ts";

export interface ServiceContext extends BaseContext<ServiceConfig> {
  readonly db: DatabaseHandle;
  /** End-user access tokens forwarded with feed-service's calls. */
  readonly verifier: TokenVerifier;
  /** Online features (feature-store's GetFeatures). */
  readonly features: FeatureSource;
  /** Impressions and feedback: ClickHouse when CLICKHOUSE_URL is set, else `ranking_service` tables. */
  readonly impressions: ImpressionStore;
  readonly rankingMetrics: RankingMetrics;
}

/** Test seams on top of the kit's: a feature source and an impression store. */
export interface RankingServiceOverrides extends BaseContextOverrides {
  features?: FeatureSource;
  impressions?: ImpressionStore;
  verifier?: TokenVerifier;
}

export async function createContext(
  config: ServiceConfig,
  overrides?: RankingServiceOverrides,
): Promise<ServiceContext> {
  const base = await createBaseContext(config, { schema: "ranking_service", overrides });
  try {
    const db = base.db;
    if (!db) throw new Error("ranking-service needs its database (embedded impression log, migrations)");
    let features = overrides?.features;
    if (!features) {
      features = createFeatureStoreSource(
        createPeerClient(base, FeatureStoreService, {
          target: "feature-store",
          baseUrl: config.extra.FEATURE_STORE_URL,
        }),
      );
    }
    const impressions =
      overrides?.impressions ??
      (await createImpressionStore({ clickhouseUrl: config.clickhouse.url, db: db.db }));
    base.onClose(() => impressions.close());
    if (impressions.kind === "clickhouse")
      base.health.add({ name: "clickhouse", check: () => impressions.ping() });
    return {
      ...base,
      db,
      verifier: overrides?.verifier ?? createServiceTokenVerifier(base, config.extra.IDENTITY_SERVICE_URL),
      features,
      impressions,
      rankingMetrics: createRankingMetrics(base.metrics.registry),
    };
  } catch (err) {
    await base.close();
    throw err;
  }
}
