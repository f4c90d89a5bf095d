import type { TokenVerifier } from "@nova/auth";
import { createTwoLevelCache } from "@nova/cache";
import type { DatabaseHandle } from "@nova/db";
import type { EventBus } from "@nova/events";
import {
  type BaseContext,
  createServiceContext,
  type ServiceContextOverrides,
  type ServiceWriteLimits,
} from "@nova/kit";
import type { Outbox, OutboxRelay } from "@nova/outbox";
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

/** The kit's test seams, and a graph store. */
export interface GraphServiceOverrides extends ServiceContextOverrides {
  store?: GraphStore;
}

export async function createContext(
  config: ServiceConfig,
  overrides?: GraphServiceOverrides,
): Promise<ServiceContext> {
  const spec = {
    schema: "graph_service",
    identityServiceUrl: config.extra.IDENTITY_SERVICE_URL,
    outboxTable,
    writeLimits: { actions: GRAPH_WRITE_ACTIONS, env: config.extra },
  };
  return createServiceContext(config, spec, overrides, async (rt) => {
    const store = overrides?.store ?? (await createGraphStore(config, rt.db.db));
    rt.onClose(() => store.close());
    if (store.kind === "neo4j") rt.health.add({ name: "neo4j", check: () => store.ping() });
    const cache = await createTwoLevelCache({
      store: rt.cache,
      name: "relationships",
      onError: (err) => rt.log.warn("relationship cache degraded", { err }),
    });
    rt.onClose(() => cache.close());
    const ctx: ServiceContext = {
      ...rt,
      store,
      relationships: createRelationshipCache({ cache, store, ttlMs: config.extra.RELATIONSHIP_CACHE_TTL }),
    };
    await rt.startBackground(() => subscribeToAccountEvents(ctx));
    return ctx;
  });
}
