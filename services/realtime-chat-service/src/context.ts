import type { TokenVerifier } from "@nova/auth";
import type { CacheStore } from "@nova/cache";
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
import { GraphService } from "@nova/proto/graph/v1";
import { UserService } from "@nova/proto/user/v1";
import { createStreamCap, type StreamCap } from "@nova/rate-limit";
import { CHAT_WRITE_ACTIONS, type ServiceConfig } from "./config.ts";
import { outbox as outboxTable } from "./db/schema/index.ts";
import { type ChatMetrics, chatMetrics } from "./domain/chat-metrics.ts";
import { startEnvelopeSweeper } from "./domain/sweep-expired-envelopes.ts";
import { subscribeToAccountEvents } from "./events/subscribe-to-account-events.ts";
import { createGraphPeer, type GraphPeer } from "./peers/graph-peer.ts";
import { createUserPeer, type UserPeer } from "./peers/user-peer.ts";
import { createDeliveryHub, type DeliveryHub } from "./socket/delivery-hub.ts";

export interface ServiceContext extends BaseContext<ServiceConfig> {
  readonly db: DatabaseHandle;
  readonly verifier: TokenVerifier;
  readonly outbox: Outbox;
  readonly relay: OutboxRelay;
  readonly bus: EventBus;
  readonly cache: CacheStore;
  readonly users: UserPeer;
  readonly graph: GraphPeer;
  /** Open sockets here, delivery hints between instances, presence. */
  readonly hub: DeliveryHub;
  /** At most CHAT_MAX_SOCKETS_PER_ACCOUNT open sockets per account, across instances. */
  readonly socketCap: StreamCap;
  readonly writeLimits: ServiceWriteLimits;
  readonly chatMetrics: ChatMetrics;
}

type Peers = { user: PeerSpec<typeof UserService>; graph: PeerSpec<typeof GraphService> };

/** The kit's test seams; `clients.user`/`clients.graph`: in-memory routers implementing their protos. */
export type ChatServiceOverrides = ServiceContextOverrides<Peers>;

export async function createContext(
  config: ServiceConfig,
  overrides?: ChatServiceOverrides,
): Promise<ServiceContext> {
  const { extra } = config;
  const spec = {
    schema: "realtime_chat_service",
    identityServiceUrl: extra.IDENTITY_SERVICE_URL,
    outboxTable,
    peers: {
      user: [UserService, "user-service", extra.USER_SERVICE_URL],
      graph: [GraphService, "graph-service", extra.GRAPH_SERVICE_URL],
    },
    writeLimits: { actions: CHAT_WRITE_ACTIONS, env: extra },
  } as const;
  return createServiceContext(config, spec, overrides, async (rt) => {
    const hub = await createDeliveryHub({
      store: rt.cache,
      onError: (what, err) => rt.log.warn(what, { err }),
    });
    rt.onClose(() => hub.close());
    const ctx: ServiceContext = {
      ...rt,
      users: createUserPeer(rt.clients.user),
      graph: createGraphPeer(rt.clients.graph),
      hub,
      chatMetrics: chatMetrics(rt.metrics.registry),
      socketCap: createStreamCap({
        store: rt.cache,
        prefix: "nova:realtime-chat-service:sockets:",
        limit: extra.CHAT_MAX_SOCKETS_PER_ACCOUNT,
        onError: (err) => rt.log.warn("per-account socket cap unavailable; letting the socket open", { err }),
      }),
    };
    await rt.startBackground(
      () => subscribeToAccountEvents(ctx),
      () => startEnvelopeSweeper(ctx),
    );
    return ctx;
  });
}
