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
import { CONTENT_WRITE_ACTIONS, type ServiceConfig } from "./config.ts";
import { outbox as outboxTable } from "./db/schema/index.ts";
import type { ModerationHook } from "./domain/moderation-hook.ts";
import { startModerationRecheck } from "./domain/recheck-pending-posts.ts";
import { startScheduledPublisher } from "./domain/scheduled-publisher.ts";
import { subscribeToAccountEvents } from "./events/subscribe-to-account-events.ts";
import { subscribeToEnforcementEvents } from "./events/subscribe-to-enforcement-events.ts";
import { contentPeers, type MediaClient } from "./peers/peer-clients.ts";
import { createPeerDirectory } from "./peers/peer-directory.ts";
import { type CachedPeerDirectory, cachePrivateAccounts } from "./peers/privacy-cache.ts";
import { createTrustSafetyModeration } from "./peers/trust-safety-moderation.ts";

export interface ServiceContext extends BaseContext<ServiceConfig> {
  readonly db: DatabaseHandle;
  readonly verifier: TokenVerifier;
  /** user and graph as content asks them; private-account flags cached (see privacy-cache.ts). */
  readonly peers: CachedPeerDirectory;
  readonly moderation: ModerationHook;
  /** media-service: attaches a post's media (owner + ready checks) and gives media objects for views. */
  readonly media: MediaClient;
  readonly outbox: Outbox;
  readonly relay: OutboxRelay;
  readonly bus: EventBus;
  /** Per-account and per-IP limits of posts and comments. */
  readonly writeLimits: ServiceWriteLimits;
}

// A lost ProfileUpdated leaves a stale private flag at most this long.
const PRIVACY_TTL_MS = 5 * 60_000;

/**
 * The kit's test seams (`clients.user`/`clients.graph`: in-memory routers implementing their
 * protos; noBackgroundWork also keeps the scheduled-post publisher off), and a moderation hook.
 */
export interface ContentServiceOverrides extends ServiceContextOverrides<ReturnType<typeof contentPeers>> {
  moderation?: ModerationHook;
}

export async function createContext(
  config: ServiceConfig,
  overrides?: ContentServiceOverrides,
): Promise<ServiceContext> {
  const spec = {
    schema: "content_service",
    identityServiceUrl: config.extra.IDENTITY_SERVICE_URL,
    outboxTable,
    peers: contentPeers(config.extra),
    writeLimits: { actions: CONTENT_WRITE_ACTIONS, env: config.extra },
  };
  return createServiceContext(config, spec, overrides, async (rt) => {
    const privacyCache = await createTwoLevelCache({
      store: rt.cache,
      name: "author-privacy",
      localMaxEntries: 10_000,
      onError: (err) => rt.log.warn("author privacy cache degraded", { err }),
    });
    rt.onClose(() => privacyCache.close());
    const ctx: ServiceContext = {
      ...rt,
      peers: cachePrivateAccounts(createPeerDirectory(rt.clients), privacyCache, PRIVACY_TTL_MS),
      // trust-safety's Check (with the configured fail mode); tests may pass their own hook.
      moderation: overrides?.moderation ?? createTrustSafetyModeration(rt),
      media: rt.clients.media,
    };
    await rt.startBackground(
      () => startScheduledPublisher(ctx),
      () => subscribeToAccountEvents(ctx),
      () => subscribeToEnforcementEvents(ctx),
      () => startModerationRecheck(ctx),
    );
    return ctx;
  });
}
