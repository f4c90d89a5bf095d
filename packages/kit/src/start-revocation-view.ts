import { createRevocationList, type Revocation, type RevocationList } from "@nova/auth";
import type { CacheStore } from "@nova/cache";
import { type EventBus, serviceTopic } from "@nova/events";
import type { BaseContext } from "./base-context.ts";
import { createServiceEventBus } from "./event-bus.ts";
import { processRevocationStore } from "./process-revocation-store.ts";
import { openRevocationChannel } from "./revocation-channel.ts";
import { revocationFromEvent } from "./revocation-from-event.ts";
import { createServiceCacheStore } from "./service-clients.ts";

/** Bound on revocations an instance holds (≈100 bytes each); the soonest-expiring go first. */
const MAX_REVOCATIONS = 100_000;

/** An instance's revocation view and the way to add to it everywhere. */
export interface ServiceRevocations {
  /** Pass to the token verifier (`createServiceTokenVerifier(ctx, url, { revocations: r.view })`). */
  readonly view: RevocationList;
  /**
   * Applies a revocation here, stores it and tells every instance of every service (the fast path;
   * identity-service calls it after committing the revocation, whose event stays the durable source).
   */
  announce(revocation: Revocation): Promise<void>;
}

export interface RevocationViewOptions {
  /** The service's cache store (used when REDIS_URL is set; without it the process-wide store is). */
  store?: CacheStore;
  /**
   * The service's event bus, to consume identity's revocation events (group
   * `nova-<service>.revocations`). Without one, a Kafka bus is made when KAFKA_BROKERS is set; else
   * the view is fed by the revocation channel alone (the gateway in the embedded default). Pass
   * `false` in tests that drive no background work.
   */
  bus?: EventBus | false;
}

/**
 * The revocation view every service that verifies tokens keeps: revoked session ids and per-account
 * "not before" times, in memory (checked on every request) and in the cache store (Redis in
 * production, shared by all services; the process-wide in-process store in the embedded default).
 * Fed three ways: what the store holds at start; the `nova:revocations` channel, on which identity
 * announces each revocation right after committing it (milliseconds); and identity's
 * SessionsRevoked/AccountTokensRevoked events (durable: a missed message or a restart loses
 * nothing), whose consumer re-announces them for this service's other replicas. Entries expire with
 * the tokens they cover.
 */
export async function startRevocationView(
  ctx: BaseContext,
  opts: RevocationViewOptions = {},
): Promise<ServiceRevocations> {
  const { config, log } = ctx;
  const view = createRevocationList({
    maxEntries: MAX_REVOCATIONS,
    clock: ctx.clock,
    onOverflow: (dropped) => log.warn("revocation view full: dropped unexpired entries", { dropped }),
  });
  const store = config.redis.url
    ? (opts.store ?? (await createServiceCacheStore(ctx)))
    : processRevocationStore();
  const channel = await openRevocationChannel(store, {
    maxEntries: MAX_REVOCATIONS,
    onRevocation: (r) => view.apply(r),
    onError: (err) => log.warn("revocation channel: message ignored", { err }),
  });
  ctx.onClose(() => channel.close());
  for (const r of await channel.load(ctx.clock().getTime())) view.apply(r);

  const announce = async (revocation: Revocation) => {
    view.apply(revocation);
    await channel.announce(revocation);
  };

  let bus = opts.bus;
  if (bus === undefined && config.kafka.brokers) bus = await createServiceEventBus(ctx);
  if (bus) {
    const subscription = await bus.subscribe({
      service: config.service.name,
      consumer: "revocations",
      topics: [serviceTopic("identity-service")],
      registry: ctx.metrics.registry,
      handler: async function applyRevocationEvent(event) {
        const revocation = revocationFromEvent(event);
        if (!revocation || revocation.expiresAt <= ctx.clock().getTime()) return;
        view.apply(revocation);
        // Replicas of this service that did not consume the event hear it from the channel; if the
        // store is down they learn it from the set once it is back (or the token expires first).
        await channel
          .announce(revocation)
          .catch((err) => log.warn("revocation not shared through the cache store", { err }));
      },
    });
    ctx.onClose(() => subscription.stop());
  }
  return { view, announce };
}
