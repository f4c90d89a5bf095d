import type { DescService } from "@bufbuild/protobuf";
import type { Client } from "@connectrpc/connect";
import type { TokenVerifier } from "@nova/auth";
import { type CacheStore, createCacheMetrics, createInstanceCache, type InstanceCache } from "@nova/cache";
import type { EventBus } from "@nova/events";
import {
  type BaseContext,
  type BaseContextOverrides,
  createBaseContext,
  createPeerClient,
  createServiceCacheStore,
  createServiceEventBus,
  createServiceTokenVerifier,
  startRevocationView,
} from "@nova/kit";
import { ContentService, type Post } from "@nova/proto/content/v1";
import { GraphService } from "@nova/proto/graph/v1";
import { RankingService } from "@nova/proto/ranking/v1";
import { type EngagementCounts, SocialService } from "@nova/proto/social/v1";
import { UserService } from "@nova/proto/user/v1";
import { createStreamCap } from "@nova/rate-limit";
import type { ServiceConfig } from "./config.ts";
import { createEngagementStore, type EngagementStore } from "./domain/engagement-store.ts";
import type { FanOutAudience } from "./domain/fan-out-audience.ts";
import { loadUpdateAudience } from "./domain/load-update-audience.ts";
import { createTimelineStore, type TimelineStore } from "./domain/timeline-store.ts";
import { createTrendingStore, type TrendingStore } from "./domain/trending-store.ts";
import { subscribeToPeerEvents } from "./events/subscribe-to-peer-events.ts";
import { type ContentPeer, createContentPeer } from "./peers/content-peer.ts";
import { createGraphPeer, type GraphPeer, type HiddenAuthors } from "./peers/graph-peer.ts";
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
  readonly graph: GraphPeer;
  readonly content: ContentPeer;
  readonly social: SocialPeer;
  readonly users: UserPeer;
  /**
   * content's answers for a logged-out viewer, per post (found: public to anyone but across a block;
   * absent: ask with the viewer's token), in this instance's memory — see domain/visible-posts.ts.
   */
  readonly publicPosts: InstanceCache<Post>;
  /** Authors' fan-out audiences (follower count and, below the threshold, the followers). */
  readonly audiences: InstanceCache<FanOutAudience>;
  readonly ranking: RankingPeer;
  readonly bus: EventBus;
  /** "New posts" notifications: published on cache pub/sub, dispatched to this replica's streams. */
  readonly homeUpdates: HomeUpdatesHub;
}

/** Test seams on top of the kit's: a verifier, an event bus, a cache store, no background consumers. */
export interface FeedServiceOverrides extends BaseContextOverrides {
  verifier?: TokenVerifier;
  bus?: EventBus;
  store?: CacheStore;
  /** Don't start the event consumers (tests drive them). */
  noBackgroundWork?: boolean;
}

export async function createContext(
  config: ServiceConfig,
  overrides?: FeedServiceOverrides,
): Promise<ServiceContext> {
  const base = await createBaseContext(config, { schema: "feed_service", overrides });
  try {
    let store = overrides?.store;
    if (!store) {
      store = await createServiceCacheStore(base);
    }
    const peer = <S extends DescService>(service: S, target: string, baseUrl: string): Client<S> =>
      createPeerClient(base, service, { target, baseUrl });
    const bus = overrides?.bus ?? (await createServiceEventBus(base));
    const held = async <T>(name: string, maxEntries: number) => {
      const cache = await createInstanceCache<T>({
        store: store as CacheStore,
        name,
        maxEntries,
        ttlMs: HELD_TTL_MS,
        negativeTtlMs: HELD_TTL_MS,
        metrics: createCacheMetrics(base.metrics.registry),
        onError: (err) => base.log.warn(`${name} cache: bad invalidation message`, { err }),
      });
      base.onClose(() => cache.close());
      return cache;
    };
    const graph = createGraphPeer(
      peer(GraphService, "graph-service", config.extra.GRAPH_SERVICE_URL),
      await held<HiddenAuthors>("hidden-authors", HELD_VIEWERS),
    );
    const homeUpdates = createHomeUpdatesHub({
      store,
      loadAudience: (viewerId) => loadUpdateAudience(graph, viewerId),
      maxStreams: config.extra.FEED_UPDATES_MAX_STREAMS,
      perAccount: createStreamCap({
        store,
        prefix: "nova:feed-service:streams:home-updates:",
        limit: config.extra.FEED_UPDATES_MAX_STREAMS_PER_ACCOUNT,
        onError: (err) =>
          base.log.warn("per-account stream cap unavailable; letting the stream open", { err }),
      }),
      onError: (what, err) => base.log.warn(what, { err }),
    });
    base.onClose(() => homeUpdates.close());
    const ctx: ServiceContext = {
      ...base,
      verifier:
        overrides?.verifier ??
        createServiceTokenVerifier(base, config.extra.IDENTITY_SERVICE_URL, {
          revocations: (await startRevocationView(base, { store, bus: !overrides?.noBackgroundWork && bus }))
            .view,
        }),
      store,
      timelines: createTimelineStore(store, config.extra.FEED_TIMELINE_CAP),
      reposts: createTimelineStore(store, config.extra.FEED_TIMELINE_CAP, "reposts"),
      authorPosts: createTimelineStore(store, config.extra.FEED_TIMELINE_CAP, "author-posts"),
      trending: createTrendingStore(store, config.extra.FEED_TRENDING_CAP, {
        snapshotMs: TRENDING_SNAPSHOT_MS,
      }),
      engaged: createEngagementStore(store),
      graph,
      content: createContentPeer(peer(ContentService, "content-service", config.extra.CONTENT_SERVICE_URL)),
      social: createSocialPeer(peer(SocialService, "social-service", config.extra.SOCIAL_SERVICE_URL), {
        counts: await held<EngagementCounts>("engagement-counts", HELD_POSTS),
        viewerStates: await held<number>("viewer-states", HELD_VIEWER_STATES),
      }),
      users: createUserPeer(
        peer(UserService, "user-service", config.extra.USER_SERVICE_URL),
        await held<AuthorView>("authors", HELD_AUTHORS),
        base.log,
      ),
      publicPosts: await held<Post>("public-posts", HELD_POSTS),
      audiences: await held<FanOutAudience>("fan-out-audiences", HELD_AUDIENCES),
      ranking: createRankingPeer(
        peer(RankingService, "ranking-service", config.extra.RANKING_SERVICE_URL),
        config.extra.FEED_RANKING_DEADLINE,
      ),
      bus,
      homeUpdates,
    };
    if (!overrides?.noBackgroundWork) {
      const subscription = await subscribeToPeerEvents(ctx);
      base.onClose(() => subscription.stop());
    }
    return ctx;
  } catch (err) {
    await base.close();
    throw err;
  }
}
