import type { TokenVerifier } from "@nova/auth";
import type { DatabaseHandle } from "@nova/db";
import type { EventBus } from "@nova/events";
import {
  type BaseContext,
  type BaseContextOverrides,
  createBaseContext,
  createPeerClient,
  createServiceEventBus,
  createServiceTokenVerifier,
  startRevocationView,
} from "@nova/kit";
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

/** Test seams on top of the kit's: a feature source and an impression store. */
export interface RankingServiceOverrides extends BaseContextOverrides {
  features?: FeatureSource;
  impressions?: ImpressionStore;
  verifier?: TokenVerifier;
  /** The event bus identity's AccountDeleted arrives on (default: the service's). */
  bus?: EventBus;
  /** Don't consume account events (tests that drive erasure themselves). */
  noBackgroundWork?: boolean;
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
    // Erasure on account deletion and identity's revocations come from the event bus.
    const bus = overrides?.noBackgroundWork
      ? undefined
      : (overrides?.bus ?? (await createServiceEventBus(base)));
    const ctx: ServiceContext = {
      ...base,
      db,
      features,
      impressions,
      rankingMetrics: createRankingMetrics(base.metrics.registry),
      verifier:
        overrides?.verifier ??
        createServiceTokenVerifier(base, config.extra.IDENTITY_SERVICE_URL, {
          revocations: (await startRevocationView(base, { bus: bus ?? false })).view,
        }),
    };
    if (bus) {
      // Erasure on account deletion (impressions and feedback are the account's signals).
      const subscription = await subscribeToAccountEvents(ctx, bus);
      base.onClose(() => subscription.stop());
    }
    return ctx;
  } catch (err) {
    await base.close();
    throw err;
  }
}
