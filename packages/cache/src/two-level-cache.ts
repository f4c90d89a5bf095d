import type { CacheMetrics } from "./cache-metrics.ts";
import type { CacheStore } from "./cache-store.ts";
import { LocalLru } from "./local-lru.ts";
import { createReadThrough, type Envelope, type LoadOptions, type LockOptions } from "./read-through.ts";

/** The channel every instance listens on to drop local entries another instance invalidated. */
export const INVALIDATION_CHANNEL = "nova:cache-invalidation";

/** What goes over the invalidation channel. */
interface InvalidationMessage {
  origin: string;
  keys?: string[];
  prefix?: string;
}

export interface TwoLevelCacheOptions {
  store: CacheStore;
  /** Metrics label, e.g. "profiles". */
  name: string;
  /** Bound on the local tier; least recently used entries go first. Default 1000. */
  localMaxEntries?: number;
  /**
   * Upper bound on how long a local entry lives (ms), default 30 s. Pub/sub is at-most-once (a
   * message sent while an instance reconnects is lost), so this bounds how stale a local copy can get.
   */
  localTtlMs?: number;
  metrics?: CacheMetrics;
  lock?: LockOptions;
  /** Identifies this instance in invalidation messages; default a random UUID. */
  instanceId?: string;
  onError?: (err: unknown) => void;
  now?: () => number;
}

/** A local LRU in front of the shared cache, kept coherent across instances by pub/sub invalidation. */
export interface TwoLevelCache {
  /** Local tier, then shared tier, then `loader` (single-flight, negative caching, optional lock). */
  getOrLoad<T>(
    key: string,
    loader: () => Promise<T | undefined>,
    options: LoadOptions,
  ): Promise<T | undefined>;
  /** Writes through to the shared cache and makes every instance drop its local copy. */
  set<T>(key: string, value: T, options: LoadOptions): Promise<void>;
  /** Deletes a key (string) or every key under `{ prefix }` in the shared cache and on every instance. */
  invalidate(target: string | { prefix: string }): Promise<void>;
  /** Entries held in the local tier now. */
  readonly localSize: number;
  /** Stops listening for invalidations (the store is the caller's to close). */
  close(): Promise<void>;
}

/**
 * Creates a two-level cache and subscribes it to `nova:cache-invalidation`; resolves once the
 * subscription is active, so no invalidation published afterwards can be missed.
 */
export async function createTwoLevelCache(options: TwoLevelCacheOptions): Promise<TwoLevelCache> {
  const { store, name, metrics } = options;
  const now = options.now ?? Date.now;
  const onError = options.onError ?? (() => {});
  const instanceId = options.instanceId ?? crypto.randomUUID();
  const localTtlMs = options.localTtlMs ?? 30_000;
  const local = new LocalLru(options.localMaxEntries ?? 1000, now);
  const shared = createReadThrough({
    store,
    name,
    ...(metrics && { metrics }),
    ...(options.lock && { lock: options.lock }),
    onError,
    now,
  });
  // Bumped by every invalidation: a load that started before one must not repopulate the local tier
  // with the value it read before the delete.
  let generation = 0;

  function dropLocal(msg: Omit<InvalidationMessage, "origin">, origin: "self" | "peer"): void {
    generation++;
    for (const key of msg.keys ?? []) local.delete(key);
    if (msg.prefix !== undefined) local.deleteByPrefix(msg.prefix);
    metrics?.invalidations.inc({ cache: name, origin });
  }

  const unsubscribe = await store.subscribe(INVALIDATION_CHANNEL, (text) => {
    let msg: InvalidationMessage;
    try {
      msg = JSON.parse(text) as InvalidationMessage;
    } catch (err) {
      onError(err);
      return;
    }
    if (msg.origin === instanceId) return;
    dropLocal(msg, "peer");
  });

  function remember<T>(key: string, envelope: Envelope<T>, startedAt: number): void {
    if (startedAt !== generation) return;
    local.set(key, JSON.stringify(envelope), Math.min(localTtlMs, envelope.fa - now()));
  }

  async function broadcast(msg: Omit<InvalidationMessage, "origin">): Promise<void> {
    dropLocal(msg, "self");
    await store.publish(INVALIDATION_CHANNEL, JSON.stringify({ ...msg, origin: instanceId }));
  }

  return {
    async getOrLoad<T>(key: string, loader: () => Promise<T | undefined>, o: LoadOptions) {
      const text = local.get(key);
      if (text !== undefined) {
        metrics?.requests.inc({ cache: name, tier: "local", result: "hit" });
        const e = JSON.parse(text) as Envelope<T>;
        return e.nf ? undefined : e.v;
      }
      metrics?.requests.inc({ cache: name, tier: "local", result: "miss" });
      const startedAt = generation;
      const envelope = await shared.lookup(key, loader, o);
      remember(key, envelope, startedAt);
      return envelope.nf ? undefined : envelope.v;
    },
    async set<T>(key: string, value: T, o: LoadOptions) {
      await shared.set(key, value, o);
      await broadcast({ keys: [key] });
    },
    async invalidate(target) {
      if (typeof target === "string") {
        await store.delete(target);
        await broadcast({ keys: [target] });
      } else {
        await store.deleteByPrefix(target.prefix);
        await broadcast({ prefix: target.prefix });
      }
    },
    get localSize() {
      return local.size;
    },
    async close() {
      local.clear();
      await unsubscribe();
    },
  };
}
