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
import { CONTENT_WRITE_ACTIONS, type ServiceConfig } from "./config.ts";
import { outbox as outboxTable } from "./db/schema/index.ts";
import { ALLOW_ALL, type ModerationHook } from "./domain/moderation-hook.ts";
import { startScheduledPublisher } from "./domain/scheduled-publisher.ts";
import { subscribeToAccountEvents } from "./events/subscribe-to-account-events.ts";
import { createPeerClients, type PeerClients } from "./peers/peer-clients.ts";
import { createPeerDirectory } from "./peers/peer-directory.ts";
import { type CachedPeerDirectory, cachePrivateAccounts } from "./peers/privacy-cache.ts";

export interface ServiceContext extends BaseContext<ServiceConfig> {
  readonly db: DatabaseHandle;
  readonly verifier: TokenVerifier;
  /** user and graph as content asks them; private-account flags cached (see privacy-cache.ts). */
  readonly peers: CachedPeerDirectory;
  readonly moderation: ModerationHook;
  readonly outbox: Outbox;
  readonly relay: OutboxRelay;
  readonly bus: EventBus;
  /** Per-account and per-IP limits of posts and comments. */
  readonly writeLimits: ServiceWriteLimits;
}

// A lost ProfileUpdated leaves a stale private flag at most this long.
const PRIVACY_TTL_MS = 5 * 60_000;

/** Test seams on top of the kit's: a verifier, peers, a moderation hook, an event bus. */
export interface ContentServiceOverrides extends BaseContextOverrides {
  verifier?: TokenVerifier;
  /** Peer clients (tests pass in-memory Connect routers implementing user's and graph's protos). */
  clients?: PeerClients;
  moderation?: ModerationHook;
  bus?: EventBus;
  /** Don't start the outbox relay, the scheduled-post publisher and the consumers (tests drive them). */
  noBackgroundWork?: boolean;
}

export async function createContext(
  config: ServiceConfig,
  overrides?: ContentServiceOverrides,
): Promise<ServiceContext> {
  const base = await createBaseContext(config, { schema: "content_service", overrides });
  try {
    const db = base.db;
    if (!db) throw new Error("content-service needs its database");
    const clients = overrides?.clients ?? createPeerClients(base);
    const store = await createServiceCacheStore(base);
    const privacyCache = await createTwoLevelCache({
      store,
      name: "author-privacy",
      localMaxEntries: 10_000,
      onError: (err) => base.log.warn("author privacy cache degraded", { err }),
    });
    base.onClose(() => privacyCache.close());
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
      peers: cachePrivateAccounts(createPeerDirectory(clients), privacyCache, PRIVACY_TTL_MS),
      // trust-safety-service will provide the real hook; until then every post publishes.
      moderation: overrides?.moderation ?? ALLOW_ALL,
      outbox,
      relay,
      bus,
      writeLimits: createServiceWriteLimits(base, store, CONTENT_WRITE_ACTIONS, config.extra),
    };
    if (!overrides?.noBackgroundWork) {
      relay.start();
      base.onClose(() => relay.stop());
      const publisher = startScheduledPublisher(ctx);
      base.onClose(() => publisher.stop());
      const subscription = await subscribeToAccountEvents(ctx);
      base.onClose(() => subscription.stop());
    }
    return ctx;
  } catch (err) {
    await base.close();
    throw err;
  }
}
