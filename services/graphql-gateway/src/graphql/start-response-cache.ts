import type { CacheStore } from "@nova/cache";
import { type DeliveredEvent, type EventBus, serviceTopic } from "@nova/events";
import { type BaseContext, createServiceEventBus } from "@nova/kit";
import type { ServiceConfig } from "../config.ts";
import {
  type AnonymousResponseCache,
  createAnonymousResponseCache,
  idsIn,
} from "./anonymous-response-cache.ts";
import { responseCacheMetrics } from "./response-cache-metrics.ts";

/** The services whose events name what a signed-out caller can read (accounts, profiles, posts, engagement, media, moderation). */
export const RESPONSE_CACHE_SOURCES = [
  "identity-service",
  "user-service",
  "content-service",
  "social-service",
  "graph-service",
  "media-service",
  "trust-safety-service",
] as const;

/** Every gateway instance drops the answers an event names: the consuming instance announces them here. */
export const RESPONSE_EVICTIONS_CHANNEL = "nova:graphql-gateway:response-evictions";

/**
 * The ids an event names: its aggregate and every id in its payload (a follow names both accounts,
 * a like the post; protobuf writes strings as their bytes, so they are found in the payload as sent).
 */
export function idsOfEvent(event: DeliveredEvent): string[] {
  const payload = event.envelope.payload?.value;
  return idsIn(event.aggregateId, payload ? Buffer.from(payload).toString("latin1") : "");
}

/**
 * The anonymous response cache (anonymous-response-cache.ts) and what keeps it fresh: a consumer of
 * the sources' topics (group `nova-graphql-gateway.response-cache`, one member handles each event)
 * announcing the ids each event names on RESPONSE_EVICTIONS_CHANNEL, which every instance follows.
 * Off (undefined) when the TTL is 0 or when the gateway has no event stream to follow — it keeps no
 * database, so in the embedded default (no KAFKA_BROKERS) only a bus handed in (tests) serves.
 */
export async function startResponseCache(
  base: BaseContext<ServiceConfig>,
  opts: {
    store: CacheStore;
    bus?: EventBus | undefined;
    ttlMs: number;
    maxBytes: number;
    persistedText?: (sha256Hash: string) => string | undefined;
    /** The stitched schema now: a new one clears the cache. */
    schema: () => unknown;
  },
): Promise<AnonymousResponseCache | undefined> {
  if (opts.ttlMs <= 0) return undefined;
  const bus = opts.bus ?? (base.config.kafka.brokers ? await createServiceEventBus(base) : undefined);
  if (!bus) {
    base.log.info("anonymous response cache off: no event stream to keep it fresh (KAFKA_BROKERS unset)");
    return undefined;
  }
  const metrics = responseCacheMetrics(base.metrics.registry);
  const cache: AnonymousResponseCache = createAnonymousResponseCache({
    ttlMs: opts.ttlMs,
    maxBytes: opts.maxBytes,
    persistedText: opts.persistedText,
    generation: opts.schema,
    onLookup: (hit) => {
      metrics.requests.inc({ result: hit ? "hit" : "miss" });
      metrics.bytes.set(cache.stats().bytes);
    },
  });
  const announce = async (events: readonly DeliveredEvent[]) => {
    const ids = new Set(events.flatMap(idsOfEvent));
    if (ids.size > 0) await opts.store.publish(RESPONSE_EVICTIONS_CHANNEL, JSON.stringify([...ids]));
  };
  // Followed in the background: the front door must not wait for (or fail with) Kafka or Redis at
  // start. Until both the channel and the consumer are in place nothing is kept or served from here.
  let following = false;
  let stopped = false;
  const stops: (() => Promise<void>)[] = [];
  const follow = async () => {
    const unsubscribe = await opts.store.subscribe(RESPONSE_EVICTIONS_CHANNEL, (message) => {
      try {
        const ids = JSON.parse(message) as unknown;
        if (Array.isArray(ids)) cache.evict(ids.filter((id): id is string => typeof id === "string"));
      } catch (error) {
        base.log.warn("response cache: unreadable eviction message", { error });
      }
    });
    if (stopped) return void (await unsubscribe());
    stops.push(unsubscribe);
    const subscription = await bus.subscribe({
      service: "graphql-gateway",
      consumer: "response-cache",
      topics: RESPONSE_CACHE_SOURCES.map((s) => serviceTopic(s)),
      handler: (event) => announce([event]),
      batchHandler: announce,
      registry: base.metrics.registry,
    });
    if (stopped) return void (await subscription.stop());
    stops.unshift(() => subscription.stop());
    following = true;
  };
  void follow().catch((error) =>
    base.log.warn("anonymous response cache off: cannot follow the services' events", { error }),
  );
  base.onClose(async () => {
    // A follow still connecting stops what it gets once it gets it (a start that never connected
    // must not hold the shutdown).
    stopped = true;
    following = false;
    for (const stop of stops.splice(0)) await stop();
  });
  return {
    ...cache,
    serve: (request, handle) => (following ? cache.serve(request, handle) : handle(request)),
  };
}
