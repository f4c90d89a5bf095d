import type { TokenVerifier } from "@nova/auth";
import { createTwoLevelCache } from "@nova/cache";
import type { DatabaseHandle } from "@nova/db";
import type { EventBus } from "@nova/events";
import {
  type BaseContext,
  type BaseContextOverrides,
  createBaseContext,
  createServiceCacheStore,
  createServiceEventBus,
  createServiceTokenVerifier,
  startRevocationView,
} from "@nova/kit";
import { createOutbox, createOutboxRelay, type Outbox, type OutboxRelay } from "@nova/outbox";
import type { ServiceConfig } from "./config.ts";
import { outbox as outboxTable } from "./db/schema/index.ts";
import { createProfileDirectory, type ProfileDirectory } from "./domain/profile-directory.ts";
import { createProfileVisits, type ProfileVisits } from "./domain/profile-visits.ts";
import { subscribeToIdentityEvents } from "./events/subscribe-to-identity-events.ts";

export interface ServiceContext extends BaseContext<ServiceConfig> {
  readonly db: DatabaseHandle;
  readonly verifier: TokenVerifier;
  readonly profiles: ProfileDirectory;
  /** ProfileViewed for reads of other accounts' profiles (deduplicated hourly, in the background). */
  readonly visits: ProfileVisits;
  readonly outbox: Outbox;
  readonly relay: OutboxRelay;
  readonly bus: EventBus;
}

/** Test seams on top of the kit's: a verifier, an event bus, no background consumers. */
export interface UserServiceOverrides extends BaseContextOverrides {
  verifier?: TokenVerifier;
  bus?: EventBus;
  /** Don't start the outbox relay and the identity-event consumer (tests drive them). */
  noBackgroundWork?: boolean;
}

export async function createContext(
  config: ServiceConfig,
  overrides?: UserServiceOverrides,
): Promise<ServiceContext> {
  const base = await createBaseContext(config, { schema: "user_service", overrides });
  try {
    const db = base.db;
    if (!db) throw new Error("user-service needs its database");
    const store = await createServiceCacheStore(base);
    const cache = await createTwoLevelCache({
      store,
      name: "profiles",
      onError: (err) => base.log.warn("profile cache degraded", { err }),
    });
    base.onClose(() => cache.close());
    const bus = overrides?.bus ?? (await createServiceEventBus(base));
    const outbox = createOutbox({ service: config.service.name, table: outboxTable });
    const relay = createOutboxRelay({
      db: db.db,
      outbox,
      publisher: bus,
      log: base.log,
      registry: base.metrics.registry,
    });
    const ctx: ServiceContext = {
      ...base,
      db,
      verifier:
        overrides?.verifier ??
        createServiceTokenVerifier(base, config.extra.IDENTITY_SERVICE_URL, {
          revocations: (await startRevocationView(base, { store, bus: !overrides?.noBackgroundWork && bus }))
            .view,
        }),
      profiles: createProfileDirectory({ db: db.db, cache, ttlMs: config.extra.PROFILE_CACHE_TTL }),
      visits: createProfileVisits({ db: db.db, store, outbox, relay, clock: base.clock, log: base.log }),
      outbox,
      relay,
      bus,
    };
    if (!overrides?.noBackgroundWork) {
      relay.start();
      base.onClose(() => relay.stop());
      const subscription = await subscribeToIdentityEvents(ctx);
      base.onClose(() => subscription.stop());
    }
    // Closers run in reverse: visits in flight finish before the relay, the store and the database stop.
    base.onClose(() => ctx.visits.settled());
    return ctx;
  } catch (err) {
    await base.close();
    throw err;
  }
}
