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
import type { Outbox, OutboxRelay } from "@nova/outbox";
import { TrustSafetyService } from "@nova/proto/trust_safety/v1";
import sharp from "sharp";
import type { ServiceConfig } from "./config.ts";
import { outbox as outboxTable } from "./db/schema/index.ts";
import { startUnattachedMediaCollector } from "./domain/collect-unattached-media.ts";
import { subscribeToEvents } from "./events/subscribe-to-events.ts";
import { createLiveRuntime, type LiveRuntime } from "./live/live-runtime.ts";
import { startRtmpServer } from "./live/rtmp-server.ts";
import { createMediaStorage, type MediaStorage } from "./storage/create-media-blob-store.ts";

export interface ServiceContext extends BaseContext<ServiceConfig> {
  readonly db: DatabaseHandle;
  readonly verifier: TokenVerifier;
  readonly outbox: Outbox;
  readonly relay: OutboxRelay;
  readonly bus: EventBus;
  /** The bytes: S3 in production, a directory with HMAC-signed URLs otherwise. */
  readonly storage: MediaStorage;
  /** This instance's live transcoders and viewers. */
  readonly live: LiveRuntime;
  /** trust-safety-service's Check (images against the hash blocklist). */
  readonly trustSafety: Client<typeof TrustSafetyService>;
}

/** The kit's test seams plus `storage` (a store in a temporary directory). */
export type MediaServiceOverrides = ServiceContextOverrides<{
  trustSafety: PeerSpec<typeof TrustSafetyService>;
}> & {
  storage?: MediaStorage;
};

export async function createContext(
  config: ServiceConfig,
  overrides?: MediaServiceOverrides,
): Promise<ServiceContext> {
  const spec = {
    schema: "media_service",
    identityServiceUrl: config.extra.IDENTITY_SERVICE_URL,
    outboxTable,
    peers: {
      trustSafety: [TrustSafetyService, "trust-safety-service", config.extra.TRUST_SAFETY_SERVICE_URL],
    },
  } as const;
  // Process-wide (sharp has one libvips): threads per image operation.
  sharp.concurrency(config.extra.MEDIA_IMAGE_THREADS);
  return createServiceContext(config, spec, overrides, async (rt) => {
    const ctx: ServiceContext = {
      ...rt,
      storage: overrides?.storage ?? createMediaStorage(config),
      live: createLiveRuntime(),
      trustSafety: rt.clients.trustSafety,
    };
    await rt.startBackground(
      () => subscribeToEvents(ctx),
      () => startUnattachedMediaCollector(ctx),
      ...(config.extra.LIVE_ENABLED ? [() => startRtmpServer(ctx)] : []),
    );
    return ctx;
  });
}
