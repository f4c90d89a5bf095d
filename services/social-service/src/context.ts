import type { Client } from "@connectrpc/connect";
import type { TokenVerifier } from "@nova/auth";
import { createCacheMetrics, createInstanceCache, createTwoLevelCache } from "@nova/cache";
import type { DatabaseHandle } from "@nova/db";
import type { EventBus } from "@nova/events";
import {
  type BaseContext,
  type BaseContextOverrides,
  createBaseContext,
  createPeerClient,
  createServiceCacheStore,
  createServiceEventBus,
  createServiceTokenVerifier,
  createServiceWriteLimits,
  type ServiceWriteLimits,
  startRevocationView,
} from "@nova/kit";
import { createOutbox, createOutboxRelay, type Outbox, type OutboxRelay } from "@nova/outbox";
import { ContentService } from "@nova/proto/content/v1";
import { GraphService } from "@nova/proto/graph/v1";
import { type ServiceConfig, SOCIAL_WRITE_ACTIONS } from "./config.ts";
import { outbox as outboxTable } from "./db/schema/index.ts";
import { type CounterDirectory, createCounterDirectory } from "./domain/counter-directory.ts";
import { createViewerStateDirectory, type ViewerStateDirectory } from "./domain/viewer-state-directory.ts";
import { subscribeToPeerEvents } from "./events/subscribe-to-peer-events.ts";
import { type ContentPeer, createContentPeer } from "./peers/content-peer.ts";
import { createGraphPeer, type GraphPeer } from "./peers/graph-peer.ts";

// (account, post) viewer states held per instance (~100 bytes each).
const HELD_VIEWER_STATES = 200_000;

export interface ServiceContext extends BaseContext<ServiceConfig> {
  readonly db: DatabaseHandle;
  readonly verifier: TokenVerifier;
  readonly counters: CounterDirectory;
  /** Each account's likes, reposts and bookmarks of posts, held per instance for timeline pages. */
  readonly viewerStates: ViewerStateDirectory;
  readonly content: ContentPeer;
  readonly graph: GraphPeer;
  readonly outbox: Outbox;
  readonly relay: OutboxRelay;
  readonly bus: EventBus;
  /** Per-account and per-IP limits of likes, reposts and bookmarks. */
  readonly writeLimits: ServiceWriteLimits;
}

/** Test seams on top of the kit's: a verifier, an event bus, peer clients, no background consumers. */
export interface SocialServiceOverrides extends BaseContextOverrides {
  verifier?: TokenVerifier;
  bus?: EventBus;
  /** Clients of the peers (tests pass in-memory Connect routers implementing their protos). */
  contentClient?: Client<typeof ContentService>;
  graphClient?: Client<typeof GraphService>;
  /** Don't start the outbox relay and the event consumers (tests drive them). */
  noBackgroundWork?: boolean;
}

export async function createContext(
  config: ServiceConfig,
  overrides?: SocialServiceOverrides,
): Promise<ServiceContext> {
  const base = await createBaseContext(config, { schema: "social_service", overrides });
  try {
    const db = base.db;
    if (!db) throw new Error("social-service needs its database");
    const store = await createServiceCacheStore(base);
    const cache = await createTwoLevelCache({
      store,
      name: "engagement",
      onError: (err) => base.log.warn("engagement cache degraded", { err }),
    });
    base.onClose(() => cache.close());
    const viewerStatesHeld = await createInstanceCache<number>({
      store,
      name: "viewer-states",
      maxEntries: HELD_VIEWER_STATES,
      ttlMs: config.extra.ENGAGEMENT_CACHE_TTL,
      metrics: createCacheMetrics(base.metrics.registry),
      onError: (err) => base.log.warn("viewer-states cache: bad invalidation message", { err }),
    });
    base.onClose(() => viewerStatesHeld.close());
    const contentClient =
      overrides?.contentClient ??
      createPeerClient(base, ContentService, {
        target: "content-service",
        baseUrl: config.extra.CONTENT_SERVICE_URL,
      });
    const graphClient =
      overrides?.graphClient ??
      createPeerClient(base, GraphService, {
        target: "graph-service",
        baseUrl: config.extra.GRAPH_SERVICE_URL,
      });
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
      counters: createCounterDirectory({ db: db.db, cache, ttlMs: config.extra.ENGAGEMENT_CACHE_TTL }),
      viewerStates: createViewerStateDirectory({ db: db.db, held: viewerStatesHeld }),
      content: createContentPeer(contentClient),
      graph: createGraphPeer(graphClient),
      outbox,
      relay,
      bus,
      writeLimits: createServiceWriteLimits(base, store, SOCIAL_WRITE_ACTIONS, config.extra),
    };
    if (!overrides?.noBackgroundWork) {
      relay.start();
      base.onClose(() => relay.stop());
      const subscription = await subscribeToPeerEvents(ctx);
      base.onClose(() => subscription.stop());
    }
    return ctx;
  } catch (err) {
    await base.close();
    throw err;
  }
}
