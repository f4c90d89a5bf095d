import type { TokenVerifier } from "@nova/auth";
import type { DatabaseHandle } from "@nova/db";
import type { EventBus } from "@nova/events";
import {
  type BaseContext,
  type BaseContextOverrides,
  createBaseContext,
  createServiceEventBus,
  createServiceTokenVerifier,
} from "@nova/kit";
import { createOutbox, createOutboxRelay, type Outbox, type OutboxRelay } from "@nova/outbox";
import type { ServiceConfig } from "./config.ts";
import { outbox as outboxTable } from "./db/schema/index.ts";
import { ALLOW_ALL, type ModerationHook } from "./domain/moderation-hook.ts";
import { startScheduledPublisher } from "./domain/scheduled-publisher.ts";
import { subscribeToIdentityEvents } from "./events/subscribe-to-identity-events.ts";
import { createPeerClients, type PeerClients } from "./peers/peer-clients.ts";
import { createPeerDirectory, type PeerDirectory } from "./peers/peer-directory.ts";

export interface ServiceContext extends BaseContext<ServiceConfig> {
  readonly db: DatabaseHandle;
  readonly verifier: TokenVerifier;
  readonly peers: PeerDirectory;
  readonly moderation: ModerationHook;
  readonly outbox: Outbox;
  readonly relay: OutboxRelay;
  readonly bus: EventBus;
}

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
    let clients = overrides?.clients;
    if (!clients) {
      const created = createPeerClients(config, base.metrics.registry);
      base.onClose(() => created.close());
      clients = created;
    }
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
      verifier: overrides?.verifier ?? createServiceTokenVerifier(base, config.extra.IDENTITY_SERVICE_URL),
      peers: createPeerDirectory(clients),
      // trust-safety-service will provide the real hook; until then every post publishes.
      moderation: overrides?.moderation ?? ALLOW_ALL,
      outbox,
      relay,
      bus,
    };
    if (!overrides?.noBackgroundWork) {
      relay.start();
      base.onClose(() => relay.stop());
      const publisher = startScheduledPublisher(ctx);
      base.onClose(() => publisher.stop());
      const subscription = await subscribeToIdentityEvents(ctx);
      base.onClose(() => subscription.stop());
    }
    return ctx;
  } catch (err) {
    await base.close();
    throw err;
  }
}
