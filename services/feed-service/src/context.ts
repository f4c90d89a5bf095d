import type { TokenVerifier } from "@nova/auth";
import { type CacheStore, createCacheMetrics, createInstanceCache, type InstanceCache } from "@nova/cache";
import type { EventBus } from "@nova/events";
import { type BaseContext, createServiceContext, type ServiceContextOverrides } from "@nova/kit";
import { AnalyticsService } from "@nova/proto/analytics/v1";
import { ContentService, type Post } from "@nova/proto/content/v1";
import { GraphService } from "@nova/proto/graph/v1";
import { MediaService } from "@nova/proto/media/v1";
import { RankingService } from "@nova/proto/ranking/v1";
import { type EngagementCounts, SocialService } from "@nova/proto/social/v1";
import { UserService } from "@nova/proto/user/v1";
import { createStreamCap } from "@nova/rate-limit";
import type { ServiceConfig } from "./config.ts";
import { createEngagementStore, type EngagementStore } from "./domain/engagement-store.ts";
import type { FanOutAudience } from "./domain/fan-out-audience.ts";
import { createLimitedAccounts, type LimitedAccounts } from "./domain/limited-accounts.ts";
import { loadUpdateAudience } from "./domain/load-update-audience.ts";
import { createTimelineStore, type TimelineStore } from "./domain/timeline-store.ts";
import { createTrendingStore, type TrendingStore } from "./domain/trending-store.ts";
import { subscribeToPeerEvents } from "./events/subscribe-to-peer-events.ts";
import { type ContentPeer, createContentPeer } from "./peers/content-peer.ts";
import { createGraphPeer, type GraphPeer, type HiddenAuthors } from "./peers/graph-peer.ts";
import { createImpressionLogPeer, type ImpressionLogPeer } from "./peers/impression-log-peer.ts";
import { createMediaPeer, type MediaPeer } from "./peers/media-peer.ts";
import { createRankingPeer, type RankingPeer } from "./peers/ranking-peer.ts";
import { createSocialPeer, type SocialPeer } from "./peers/social-peer.ts";
import { type AuthorView, createUserPeer, type UserPeer } from "./peers/user-peer.ts";
import { createHomeUpdatesHub, type HomeUpdatesHub } from "./updates/home-updates-hub.ts";

// Held posts and profiles: invalidated by their owners' events; the TTL bounds a lost invalidation.
const HELD_TTL_MS = 60_000;
const HELD_POSTS = 50_000;
const HELD_AUTHORS = 20_000;
const HELD_VIEWERS = 20_000;
/** Authors' follower lists (≤ 5,000 ids each): recent posters. */
const HELD_AUDIENCES = 2_000;
/** Viewer × post states (a number each): e.g. 4,000 active viewers × 50 posts. */
const HELD_VIEWER_STATES = 200_000;
// How often explore's and for-you's trending order is recomputed per instance.
const TRENDING_SNAPSHOT_MS = 5_000;
// How long an instance holds the set of limited accounts (another instance's change applies within it).
const LIMITED_SNAPSHOT_MS = 5_000;

export interface ServiceContext extends BaseContext<ServiceConfig> {
  readonly verifier: TokenVerifier;
  readonly store: CacheStore;
  readonly timelines: TimelineStore;
  /** Each account's reposts (entries scored by repost time), for its user timeline. */
  readonly reposts: TimelineStore;
  /**
   * Each author's top-level posts and quotes (by publication time), marked complete for accounts
   * created since: heavy authors' posts merged into home timelines at read time, and user timelines.
   */
  readonly authorPosts: TimelineStore;
  /** Explore's candidates: recent posts and their weighted engagement. */
  readonly trending: TrendingStore;
  /** For-you's friends-of-friends source: the posts each account recently liked or reposted. */
  readonly engaged: EngagementStore;
  /** Accounts under trust-safety's `limit`: out of explore and trending for non-followers. */
  readonly limited: LimitedAccounts;
  readonly graph: GraphPeer;
  readonly content: ContentPeer;
  readonly social: SocialPeer;
  readonly users: UserPeer;
  /** media-service: the media objects of a page's posts (REST pages; GraphQL merges Post.media itself). */
  readonly media: MediaPeer;
  /**
   * content's answers for a logged-out viewer, per post (found: public to anyone but across a block;
   * absent: ask with the viewer's token), in this instance's memory — see domain/visible-posts.ts.
   */
  readonly publicPosts: InstanceCache<Post>;
  /** Authors' fan-out audiences (follower count and, below the threshold, the followers). */
  readonly audiences: InstanceCache<FanOutAudience>;
  readonly ranking: RankingPeer;
  /** analytics-service's log of served ranked pages (feed → analytics → ranking's evaluation data). */
  readonly impressionLog: ImpressionLogPeer;
  readonly bus: EventBus;
  /** "New posts" notifications: published on cache pub/sub, dispatched to this replica's streams. */
  readonly homeUpdates: HomeUpdatesHub;
}

/** The kit's test seams (verifier, bus, noBackgroundWork: no event consumers); `store` is the cache store. */
export interface FeedServiceOverrides extends Omit<ServiceContextOverrides, "cache" | "clients"> {
  store?: CacheStore;
}

export async function createContext(
  config: ServiceConfig,
  overrides?: FeedServiceOverrides,
): Promise<ServiceContext> {
  const { extra } = config;
  const spec = {
    schema: "feed_service",
    identityServiceUrl: extra.IDENTITY_SERVICE_URL,
    peers: {
      graph: [GraphService, "graph-service", extra.GRAPH_SERVICE_URL],
      content: [ContentService, "content-service", extra.CONTENT_SERVICE_URL],
      social: [SocialService, "social-service", extra.SOCIAL_SERVICE_URL],
      users: [UserService, "user-service", extra.USER_SERVICE_URL],
      ranking: [RankingService, "ranking-service", extra.RANKING_SERVICE_URL],
      analytics: [AnalyticsService, "analytics-service", extra.ANALYTICS_SERVICE_URL],
      media: [MediaService, "media-service", extra.MEDIA_SERVICE_URL],
    },
  } as const;
  return createServiceContext(config, spec, { ...overrides, cache: overrides?.store }, async (rt) => {
    const { cache: store, clients } = rt;
    const held = async <T>(name: string, maxEntries: number) => {
      const cache = await createInstanceCache<T>({
        store,
        name,
        maxEntries,
        ttlMs: HELD_TTL_MS,
        negativeTtlMs: HELD_TTL_MS,
        metrics: createCacheMetrics(rt.metrics.registry),
        onError: (err) => rt.log.warn(`${name} cache: bad invalidation message`, { err }),
      });
      rt.onClose(() => cache.close());
      return cache;
    };
    const graph = createGraphPeer(clients.graph, await held<HiddenAuthors>("hidden-authors", HELD_VIEWERS));
    const homeUpdates = createHomeUpdatesHub({
      store,
      loadAudience: (viewerId) => loadUpdateAudience(graph, viewerId),
      maxStreams: extra.FEED_UPDATES_MAX_STREAMS,
      perAccount: createStreamCap({
        store,
        prefix: "nova:feed-service:streams:home-updates:",
        limit: extra.FEED_UPDATES_MAX_STREAMS_PER_ACCOUNT,
        onError: (err) => rt.log.warn("per-account stream cap unavailable; letting the stream open", { err }),
      }),
      onError: (what, err) => rt.log.warn(what, { err }),
    });
    rt.onClose(() => homeUpdates.close());
    const ctx: ServiceContext = {
      ...rt,
      store,
      timelines: createTimelineStore(store, extra.FEED_TIMELINE_CAP),
      reposts: createTimelineStore(store, extra.FEED_TIMELINE_CAP, "reposts"),
      authorPosts: createTimelineStore(store, extra.FEED_TIMELINE_CAP, "author-posts"),
      trending: createTrendingStore(store, extra.FEED_TRENDING_CAP, { snapshotMs: TRENDING_SNAPSHOT_MS }),
      engaged: createEngagementStore(store),
      limited: createLimitedAccounts(rt.db.db, { snapshotMs: LIMITED_SNAPSHOT_MS, clock: rt.clock }),
      graph,
      content: createContentPeer(clients.content),
      social: createSocialPeer(clients.social, {
        counts: await held<EngagementCounts>("engagement-counts", HELD_POSTS),
        viewerStates: await held<number>("viewer-states", HELD_VIEWER_STATES),
      }),
      users: createUserPeer(clients.users, await held<AuthorView>("authors", HELD_AUTHORS), rt.log),
      media: createMediaPeer(clients.media, rt.log),
      publicPosts: await held<Post>("public-posts", HELD_POSTS),
      audiences: await held<FanOutAudience>("fan-out-audiences", HELD_AUDIENCES),
      ranking: createRankingPeer(clients.ranking, extra.FEED_RANKING_DEADLINE),
      impressionLog: createImpressionLogPeer(clients.analytics),
      homeUpdates,
    };
    await rt.startBackground(() => subscribeToPeerEvents(ctx));
    return ctx;
  });
}
