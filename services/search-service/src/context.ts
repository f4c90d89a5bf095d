import type { TokenVerifier } from "@nova/auth";
import { createCacheMetrics, createInstanceCache, type InstanceCache } from "@nova/cache";
import type { DatabaseHandle } from "@nova/db";
import type { EventBus } from "@nova/events";
import {
  type BaseContext,
  createServiceContext,
  type PeerSpec,
  type ServiceContextOverrides,
  type ServiceWriteLimits,
} from "@nova/kit";
import { ContentService } from "@nova/proto/content/v1";
import { GraphService } from "@nova/proto/graph/v1";
import { SocialService } from "@nova/proto/social/v1";
import { TrustSafetyService } from "@nova/proto/trust_safety/v1";
import { UserService } from "@nova/proto/user/v1";
import { SEARCH_LIMITED_ACTIONS, type ServiceConfig } from "./config.ts";
import type { SuggestRows } from "./domain/suggest.ts";
import { createElasticsearchEngine } from "./engine/elasticsearch/create-elasticsearch-engine.ts";
import { createPostgresEngine } from "./engine/postgres-engine.ts";
import type { SearchEngine } from "./engine/search-engine.ts";
import { subscribeToPeerEvents } from "./events/subscribe-to-peer-events.ts";
import { type ContentPeer, createContentPeer } from "./peers/content-peer.ts";
import { createGraphPeer, type GraphPeer } from "./peers/graph-peer.ts";
import { createSocialPeer, type SocialPeer } from "./peers/social-peer.ts";
import { createTrustSafetyPeer, type TrustSafetyPeer } from "./peers/trust-safety-peer.ts";
import { createUserPeer, type UserPeer } from "./peers/user-peer.ts";

export interface ServiceContext extends BaseContext<ServiceConfig> {
  readonly db: DatabaseHandle;
  readonly verifier: TokenVerifier;
  readonly bus: EventBus;
  readonly users: UserPeer;
  readonly social: SocialPeer;
  readonly graph: GraphPeer;
  /** Read only by the reindex (every published post and comment). */
  readonly content: ContentPeer;
  /** Read only by the reindex (every enforcing action in force). */
  readonly trustSafety: TrustSafetyPeer;
  /** Where people and post queries run: Elasticsearch when ELASTICSEARCH_URL is set, else the projection itself. */
  readonly engine: SearchEngine;
  /** Typeahead answers that do not depend on the viewer, held briefly (undefined: SUGGEST_CACHE_TTL=0). */
  readonly suggestions: InstanceCache<SuggestRows> | undefined;
  /** Per-account and per-IP limits of signed-in searches. */
  readonly writeLimits: ServiceWriteLimits;
}

type Peers = {
  user: PeerSpec<typeof UserService>;
  social: PeerSpec<typeof SocialService>;
  graph: PeerSpec<typeof GraphService>;
  content: PeerSpec<typeof ContentService>;
  trustSafety: PeerSpec<typeof TrustSafetyService>;
};

/** The kit's test seams; `clients.*`: in-memory routers implementing the peers' protos. */
export type SearchServiceOverrides = ServiceContextOverrides<Peers>;

export async function createContext(
  config: ServiceConfig,
  overrides?: SearchServiceOverrides,
): Promise<ServiceContext> {
  const { extra } = config;
  const spec = {
    schema: "search_service",
    identityServiceUrl: extra.IDENTITY_SERVICE_URL,
    peers: {
      user: [UserService, "user-service", extra.USER_SERVICE_URL],
      social: [SocialService, "social-service", extra.SOCIAL_SERVICE_URL],
      graph: [GraphService, "graph-service", extra.GRAPH_SERVICE_URL],
      content: [ContentService, "content-service", extra.CONTENT_SERVICE_URL],
      trustSafety: [TrustSafetyService, "trust-safety-service", extra.TRUST_SAFETY_SERVICE_URL],
    },
    writeLimits: { actions: SEARCH_LIMITED_ACTIONS, env: extra },
  } as const;
  return createServiceContext(config, spec, overrides, async (rt) => {
    const engine = extra.ELASTICSEARCH_URL
      ? await createElasticsearchEngine({ url: extra.ELASTICSEARCH_URL, db: rt.db.db, log: rt.log, extra })
      : createPostgresEngine(rt.db.db);
    rt.onClose(() => engine.close());
    const suggestions =
      extra.SUGGEST_CACHE_TTL > 0
        ? await createInstanceCache<SuggestRows>({
            store: rt.cache,
            name: "search-suggestions",
            maxEntries: 20_000,
            ttlMs: extra.SUGGEST_CACHE_TTL,
            metrics: createCacheMetrics(rt.metrics.registry),
            onError: (err) => rt.log.warn("suggestions cache: bad invalidation message", { err }),
          })
        : undefined;
    if (suggestions) rt.onClose(() => suggestions.close());
    const ctx: ServiceContext = {
      ...rt,
      engine,
      suggestions,
      users: createUserPeer(rt.clients.user),
      social: createSocialPeer(rt.clients.social),
      graph: createGraphPeer(rt.clients.graph),
      content: createContentPeer(rt.clients.content),
      trustSafety: createTrustSafetyPeer(rt.clients.trustSafety),
    };
    await rt.startBackground(() => subscribeToPeerEvents(ctx));
    return ctx;
  });
}
