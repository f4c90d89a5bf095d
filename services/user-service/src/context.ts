import type { Client } from "@connectrpc/connect";
import type { TokenVerifier } from "@nova/auth";
import { createTwoLevelCache } from "@nova/cache";
import type { DatabaseHandle } from "@nova/db";
import type { EventBus } from "@nova/events";
import {
  type BaseContext,
  createServiceContext,
  type PeerSpec,
  type ServiceContextOverrides,
} from "@nova/kit";
import type { Outbox, OutboxRelay } from "@nova/outbox";
import { MediaService } from "@nova/proto/media/v1";
import { TrustSafetyService } from "@nova/proto/trust_safety/v1";
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
  /** media-service: avatar/banner attach checks (owner + ready) and their URLs in profile views. */
  readonly media: Client<typeof MediaService>;
  /** trust-safety-service: Check on display name, bio and username changes (see README). */
  readonly trustSafety: Client<typeof TrustSafetyService>;
}

/** The kit's test seams (verifier, bus, noBackgroundWork: no relay, no identity-event consumer; clients.media). */
export type UserServiceOverrides = ServiceContextOverrides<{
  media: PeerSpec<typeof MediaService>;
  trustSafety: PeerSpec<typeof TrustSafetyService>;
}>;

export async function createContext(
  config: ServiceConfig,
  overrides?: UserServiceOverrides,
): Promise<ServiceContext> {
  const spec = {
    schema: "user_service",
    identityServiceUrl: config.extra.IDENTITY_SERVICE_URL,
    outboxTable,
    peers: {
      media: [MediaService, "media-service", config.extra.MEDIA_SERVICE_URL],
      trustSafety: [TrustSafetyService, "trust-safety-service", config.extra.TRUST_SAFETY_SERVICE_URL],
    },
  } as const;
  return createServiceContext(config, spec, overrides, async (rt) => {
    const { db, cache: store, outbox, relay } = rt;
    const cache = await createTwoLevelCache({
      store,
      name: "profiles",
      onError: (err) => rt.log.warn("profile cache degraded", { err }),
    });
    rt.onClose(() => cache.close());
    const ctx: ServiceContext = {
      ...rt,
      profiles: createProfileDirectory({ db: db.db, cache, ttlMs: config.extra.PROFILE_CACHE_TTL }),
      media: rt.clients.media,
      trustSafety: rt.clients.trustSafety,
      visits: createProfileVisits({ db: db.db, store, outbox, relay, clock: rt.clock, log: rt.log }),
    };
    await rt.startBackground(() => subscribeToIdentityEvents(ctx));
    // Closers run in reverse: visits in flight finish before the relay, the store and the database stop.
    rt.onClose(() => ctx.visits.settled());
    return ctx;
  });
}
