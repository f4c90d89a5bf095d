import type { TokenVerifier } from "@nova/auth";
import type { DatabaseHandle } from "@nova/db";
import type { EventBus } from "@nova/events";
import { type BaseContext, createServiceContext, type ServiceContextOverrides } from "@nova/kit";
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

/** The kit's test seams (verifier, bus, noBackgroundWork: no source-event consumer), and an offline store. */
export interface FeatureStoreOverrides extends Omit<ServiceContextOverrides, "clients"> {
  offline?: OfflineStore;
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
  const spec = { schema: "feature_store", identityServiceUrl: config.extra.IDENTITY_SERVICE_URL };
  return createServiceContext(config, spec, overrides, async (rt) => {
    const offline = overrides?.offline ?? (await createOfflineStore(config, rt.db));
    rt.onClose(() => offline.close());
    if (offline.kind === "clickhouse") rt.health.add({ name: "clickhouse", check: () => offline.ping() });
    const ctx: ServiceContext = { ...rt, online: createOnlineStore(rt.cache), offline };
    await rt.startBackground(() => subscribeToSourceEvents(ctx));
    return ctx;
  });
}
