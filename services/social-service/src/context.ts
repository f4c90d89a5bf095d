import type { TokenVerifier } from "@nova/auth";
import { createCacheMetrics, createInstanceCache, createTwoLevelCache } from "@nova/cache";
import type { DatabaseHandle } from "@nova/db";
import type { EventBus } from "@nova/events";
import {
  type BaseContext,
  createServiceContext,
  type PeerSpec,
  type ServiceContextOverrides,
  type ServiceWriteLimits,
} from "@nova/kit";
import type { Outbox, OutboxRelay } from "@nova/outbox";
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

type Peers = { content: PeerSpec<typeof ContentService>; graph: PeerSpec<typeof GraphService> };

/** The kit's test seams; `clients.content`/`clients.graph`: in-memory routers implementing their protos. */
export type SocialServiceOverrides = ServiceContextOverrides<Peers>;

export async function createContext(
  config: ServiceConfig,
  overrides?: SocialServiceOverrides,
): Promise<ServiceContext> {
  const { extra } = config;
  const spec = {
    schema: "social_service",
    identityServiceUrl: extra.IDENTITY_SERVICE_URL,
    outboxTable,
    peers: {
      content: [ContentService, "content-service", extra.CONTENT_SERVICE_URL],
      graph: [GraphService, "graph-service", extra.GRAPH_SERVICE_URL],
    },
    writeLimits: { actions: SOCIAL_WRITE_ACTIONS, env: extra },
  } as const;
  return createServiceContext(config, spec, overrides, async (rt) => {
    const cache = await createTwoLevelCache({
      store: rt.cache,
      name: "engagement",
      onError: (err) => rt.log.warn("engagement cache degraded", { err }),
    });
    rt.onClose(() => cache.close());
    const viewerStatesHeld = await createInstanceCache<number>({
      store: rt.cache,
      name: "viewer-states",
      maxEntries: HELD_VIEWER_STATES,
      ttlMs: extra.ENGAGEMENT_CACHE_TTL,
      metrics: createCacheMetrics(rt.metrics.registry),
      onError: (err) => rt.log.warn("viewer-states cache: bad invalidation message", { err }),
    });
    rt.onClose(() => viewerStatesHeld.close());
    const ctx: ServiceContext = {
      ...rt,
      counters: createCounterDirectory({ db: rt.db.db, cache, ttlMs: extra.ENGAGEMENT_CACHE_TTL }),
      viewerStates: createViewerStateDirectory({ db: rt.db.db, held: viewerStatesHeld }),
      content: createContentPeer(rt.clients.content),
      graph: createGraphPeer(rt.clients.graph),
    };
    await rt.startBackground(() => subscribeToPeerEvents(ctx));
    return ctx;
  });
}
