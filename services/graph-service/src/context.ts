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
  createServiceWriteLimits,
  type ServiceWriteLimits,
  startRevocationView,
} from "@nova/kit";
import { createOutbox, createOutboxRelay, type Outbox, type OutboxRelay } from "@nova/outbox";
import { GRAPH_WRITE_ACTIONS, type ServiceConfig } from "./config.ts";
import { outbox as outboxTable } from "./db/schema/index.ts";
import { createRelationshipCache, type RelationshipCache } from "./domain/relationship-cache.ts";
import { subscribeToAccountEvents } from "./events/subscribe-to-account-events.ts";
import { createGraphStore } from "./store/create-graph-store.ts";
import type { GraphStore } from "./store/graph-store.ts";

export interface ServiceContext extends BaseContext<ServiceConfig> {
  readonly db: DatabaseHandle;
  readonly verifier: TokenVerifier;
  /** The follow graph: Neo4j when NEO4J_URI is set, else adjacency tables in `graph_service`. */
  readonly store: GraphStore;
  readonly relationships: RelationshipCache;
  readonly outbox: Outbox;
  readonly relay: OutboxRelay;
  readonly bus: EventBus;
  /** Per-account and per-IP limits of follows. */
  readonly writeLimits: ServiceWriteLimits;
}

/** Test seams on top of the kit's: a verifier, a graph store, an event bus, no background work. */
export interface GraphServiceOverrides extends BaseContextOverrides {
  verifier?: TokenVerifier;
  store?: GraphStore;
  bus?: EventBus;
  /** Don't start the outbox relay and the account-event consumer (tests drive them). */
  noBackgroundWork?: boolean;
}

export async function createContext(
  config: ServiceConfig,
  overrides?: GraphServiceOverrides,
): Promise<ServiceContext> {
  const base = await createBaseContext(config, { schema: "graph_service", overrides });
  try {
    const db = base.db;
    if (!db) throw new Error("graph-service needs its database (outbox, privacy copy, embedded graph)");
    const store = overrides?.store ?? (await createGraphStore(config, db.db));
    base.onClose(() => store.close());
    if (store.kind === "neo4j") base.health.add({ name: "neo4j", check: () => store.ping() });
    const cacheStore = await createServiceCacheStore(base);
    const cache = await createTwoLevelCache({
      store: cacheStore,
      name: "relationships",
      onError: (err) => base.log.warn("relationship cache degraded", { err }),
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
          revocations: (
            await startRevocationView(base, { store: cacheStore, bus: !overrides?.noBackgroundWork && bus })
          ).view,
        }),
      store,
      relationships: createRelationshipCache({ cache, store, ttlMs: config.extra.RELATIONSHIP_CACHE_TTL }),
      outbox,
      relay,
      bus,
      writeLimits: createServiceWriteLimits(base, cacheStore, GRAPH_WRITE_ACTIONS, config.extra),
    };
    if (!overrides?.noBackgroundWork) {
      relay.start();
      base.onClose(() => relay.stop());
      const subscription = await subscribeToAccountEvents(ctx);
      base.onClose(() => subscription.stop());
    }
    return ctx;
  } catch (err) {
    await base.close();
    throw err;
  }
}
