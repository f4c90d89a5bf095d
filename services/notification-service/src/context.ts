import type { Client } from "@connectrpc/connect";
import type { TokenVerifier } from "@nova/auth";
import type { DatabaseHandle } from "@nova/db";
import type { EventBus } from "@nova/events";
import {
  type BaseContext,
  createServiceContext,
  type PeerSpec,
  type ServiceContextOverrides,
} from "@nova/kit";
import { createMailerFromConfig, type Mailer } from "@nova/mailer";
import { ContentService } from "@nova/proto/content/v1";
import { GraphService } from "@nova/proto/graph/v1";
import { IdentityService } from "@nova/proto/identity/v1";
import { UserService } from "@nova/proto/user/v1";
import { createStreamCap } from "@nova/rate-limit";
import type { ServiceConfig } from "./config.ts";
import { createNotificationMetrics, type NotificationMetrics } from "./domain/notification-metrics.ts";
import { unsubscribeKeyOf } from "./domain/unsubscribe-token.ts";
import { subscribeToPeerEvents } from "./events/subscribe-to-peer-events.ts";
import { startDigests } from "./jobs/digests.ts";
import { startHeldPushRelease } from "./jobs/release-held-pushes.ts";
import { startRetention } from "./jobs/retention.ts";
import { createInboxHub, type InboxHub } from "./live/inbox-hub.ts";
import { type ContentPeer, createContentPeer } from "./peers/content-peer.ts";
import { createGraphPeer, type GraphPeer } from "./peers/graph-peer.ts";
import { createUserPeer, type UserPeer } from "./peers/user-peer.ts";
import { createPushSenders, type PushSenders, vapidKeysOf } from "./push/push-senders.ts";
import type { VapidKeys } from "./push/web-push-sender.ts";

export interface PushRuntime {
  senders: PushSenders;
  vapid: VapidKeys;
  /** Attempts per target (1 + retries) and the first retry's delay (then ×4). */
  attempts: number;
  retryBaseMs: number;
}

export interface ServiceContext extends BaseContext<ServiceConfig> {
  readonly db: DatabaseHandle;
  readonly verifier: TokenVerifier;
  readonly bus: EventBus;
  readonly cache: import("@nova/cache").CacheStore;
  readonly graph: GraphPeer;
  readonly content: ContentPeer;
  readonly users: UserPeer;
  /** Inbox changes to open streams on every replica (cache pub/sub). */
  readonly hub: InboxHub;
  readonly push: PushRuntime;
  readonly stats: NotificationMetrics;
  /** identity-service: verified addresses for digests (BatchGetMailRecipients). */
  readonly accounts: Client<typeof IdentityService>;
  /** The mailer identity uses too (@nova/mailer): SMTP, or .eml files under NOVA_DATA_DIR/mail. */
  readonly mailer: Mailer;
  /** HMAC key of one-click unsubscribe links. */
  readonly unsubscribeKey: string;
}

type Peers = {
  graph: PeerSpec<typeof GraphService>;
  content: PeerSpec<typeof ContentService>;
  users: PeerSpec<typeof UserService>;
  accounts: PeerSpec<typeof IdentityService>;
};

/** The kit's seams, plus push senders (tests point them at local fakes) and retry timing. */
export interface NotificationServiceOverrides extends ServiceContextOverrides<Peers> {
  push?: Partial<PushRuntime>;
  mailer?: Mailer;
}

export async function createContext(
  config: ServiceConfig,
  overrides?: NotificationServiceOverrides,
): Promise<ServiceContext> {
  const { extra } = config;
  const spec = {
    schema: "notification_service",
    identityServiceUrl: extra.IDENTITY_SERVICE_URL,
    peers: {
      graph: [GraphService, "graph-service", extra.GRAPH_SERVICE_URL],
      content: [ContentService, "content-service", extra.CONTENT_SERVICE_URL],
      users: [UserService, "user-service", extra.USER_SERVICE_URL],
      accounts: [IdentityService, "identity-service", extra.IDENTITY_SERVICE_URL],
    },
  } as const;
  return createServiceContext(config, spec, overrides, async (rt) => {
    const hub = createInboxHub({
      store: rt.cache,
      perAccount: createStreamCap({
        store: rt.cache,
        prefix: "nova:notification-service:streams:",
        limit: extra.NOTIFICATION_STREAMS_PER_ACCOUNT,
        onError: (err) => rt.log.warn("per-account stream cap unavailable; letting the stream open", { err }),
      }),
      onError: (what, err) => rt.log.warn(what, { err }),
    });
    rt.onClose(() => hub.close());
    const vapid = overrides?.push?.vapid ?? vapidKeysOf(config);
    const made = overrides?.push?.senders ? undefined : createPushSenders(config, vapid);
    if (made) rt.onClose(async () => made.close());
    const ctx: ServiceContext = {
      ...rt,
      graph: createGraphPeer(rt.clients.graph),
      content: createContentPeer(rt.clients.content),
      users: createUserPeer(rt.clients.users, rt.log),
      hub,
      push: {
        senders: overrides?.push?.senders ?? made?.senders ?? {},
        vapid,
        attempts: overrides?.push?.attempts ?? 3,
        retryBaseMs: overrides?.push?.retryBaseMs ?? 500,
      },
      stats: createNotificationMetrics(rt.metrics.registry),
      accounts: rt.clients.accounts,
      mailer: overrides?.mailer ?? createMailerFromConfig(config, rt.clock),
      unsubscribeKey: unsubscribeKeyOf(config),
    };
    await rt.startBackground(
      () => subscribeToPeerEvents(ctx),
      () => startHeldPushRelease(ctx),
      () => startRetention(ctx),
      () => startDigests(ctx),
    );
    return ctx;
  });
}
