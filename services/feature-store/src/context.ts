import type { TokenVerifier } from "@nova/auth";
import { createCacheStore } from "@nova/cache";
import type { DatabaseHandle } from "@nova/db";
import type { EventBus } from "@nova/events";
import {
  type BaseContext,
  type BaseContextOverrides,
  createBaseContext,
  createServiceEventBus,
  createServiceTokenVerifier,
  startRevocationView,
} from "@nova/kit";
import type { ServiceConfig } from "./config.ts";
import { subscribeToSourceEvents } from "./events/subscribe-to-source-events.ts";
import { createClickHouseOfflineStore } from "./offline/create-clickhouse-offline-store.ts";
import { createPostgresOfflineStore } from "./offline/create-postgres-offline-store.ts";
import type { OfflineStore } from "./offline/offline-store.ts";
import { createOnlineStore, type OnlineStore } from "./online/online-store.ts";

export interface ServiceContext extends BaseContext<ServiceConfig> {
  readonly db: DatabaseHandle;
  readonly bus: EventBus;
  readonly online: OnlineStore;
  readonly offline: OfflineStore;
  /** Verifies an end user's token (an account may read the features about itself). */
  readonly verifier: TokenVerifier;
}

/** Test seams on top of the kit's: an event bus, an offline store, no background consumers. */
export interface FeatureStoreOverrides extends BaseContextOverrides {
  bus?: EventBus;
  verifier?: TokenVerifier;
  offline?: OfflineStore;
  /** Don't start the source-event consumer (tests and the backfill drive materialisation). */
  noBackgroundWork?: boolean;
}

async function createOfflineStore(config: ServiceConfig, db: DatabaseHandle): Promise<OfflineStore> {
  return config.clickhouse.url
    ? createClickHouseOfflineStore({
        url: config.clickhouse.url,
        table: config.extra.FEATURE_STORE_CLICKHOUSE_TABLE,
      })
    : createPostgresOfflineStore(db.db);
}

export async function createContext(
  config: ServiceConfig,
  overrides?: FeatureStoreOverrides,
): Promise<ServiceContext> {
  const base = await createBaseContext(config, { schema: "feature_store", overrides });
  try {
    const db = base.db;
    if (!db) throw new Error("feature-store needs its database");
    const cache = await createCacheStore({
      redisUrl: config.redis.url,
      redisPoolSize: config.redis.poolSize,
      connectionName: config.service.name,
    });
    base.onClose(() => cache.close());
    const offline = overrides?.offline ?? (await createOfflineStore(config, db));
    base.onClose(() => offline.close());
    if (offline.kind === "clickhouse") base.health.add({ name: "clickhouse", check: () => offline.ping() });
    const bus = overrides?.bus ?? (await createServiceEventBus(base));
    const verifier =
      overrides?.verifier ??
      createServiceTokenVerifier(base, config.extra.IDENTITY_SERVICE_URL, {
        revocations: (
          await startRevocationView(base, { store: cache, bus: !overrides?.noBackgroundWork && bus })
        ).view,
      });
    const ctx: ServiceContext = { ...base, db, bus, verifier, online: createOnlineStore(cache), offline };
    if (!overrides?.noBackgroundWork) {
      const subscription = await subscribeToSourceEvents(ctx);
      base.onClose(() => subscription.stop());
    }
    return ctx;
  } catch (err) {
    await base.close();
    throw err;
  }
}
