import { InvalidArgumentError } from "@nova/errors";
import { type CacheMetrics, countedLoad } from "./cache-metrics.ts";
import type { CacheStore } from "./cache-store.ts";
import { InflightLoads } from "./inflight-loads.ts";
import { type Invalidation, openInvalidationChannel } from "./invalidation-channel.ts";
import { LocalLru } from "./local-lru.ts";

export interface InstanceCacheOptions {
  /** Only its pub/sub is used: the invalidation channel shared with the two-level caches. */
  store: CacheStore;
  /** Metrics label, e.g. "public-posts". */
  name: string;
  /** Bound on the entries held; least recently used go first. */
  maxEntries: number;
  /** How long a found value is kept (ms): bounds staleness when an invalidation is lost. */
  ttlMs: number;
  /** How long "not found" is kept (ms); 0 (default) keeps nothing for absent keys. */
  negativeTtlMs?: number;
  metrics?: CacheMetrics;
  /** Identifies this instance in invalidation messages; default a random UUID. */
  instanceId?: string;
  onError?: (err: unknown) => void;
  now?: () => number;
}

/**
 * Values held in this instance's memory only (as objects: no serialisation, no shared tier), kept
 * coherent across instances by the invalidation channel. For data read on every request whose
 * owner announces changes by event: the instance that consumes the event invalidates, every other
 * instance drops its copy when the message arrives, and `ttlMs` bounds a lost message. Values are
 * shared between callers: they must not be mutated.
 */
export interface InstanceCache<T> {
  /**
   * Every key's value: held ones from memory, the rest from ONE call of `loadMissing` (keys it
   * leaves out are "not found", remembered for `negativeTtlMs`). A key invalidated while its load
   * was in flight is answered but not kept: the value may predate the change. Concurrent misses
   * may both load.
   */
  getMany(
    keys: readonly string[],
    loadMissing: (keys: string[]) => Promise<ReadonlyMap<string, T>>,
  ): Promise<Map<string, T | undefined>>;
  /** The value held for `key` now, without loading (undefined: not held, or held as not found). */
  peek(key: string): T | undefined;
  /** Drops a key, or every key under `{ prefix }`, here and on every other instance. */
  invalidate(target: string | { prefix: string }): Promise<void>;
  /** Entries held now (found and not-found). */
  readonly size: number;
  /** Stops listening for invalidations. */
  close(): Promise<void>;
}

// What a remembered "not found" is stored as.
const ABSENT = Symbol("absent");

export async function createInstanceCache<T>(options: InstanceCacheOptions): Promise<InstanceCache<T>> {
  const { name, metrics } = options;
  const negativeTtlMs = options.negativeTtlMs ?? 0;
  if (!(options.ttlMs > 0) || !(negativeTtlMs >= 0) || !(options.maxEntries > 0)) {
    throw new InvalidArgumentError("ttlMs and maxEntries must be positive, negativeTtlMs not negative");
  }
  const local = new LocalLru<T | typeof ABSENT>(options.maxEntries, options.now);
  const inflight = new InflightLoads();
  const drop = (msg: Invalidation, origin: "self" | "peer") => {
    local.drop(msg);
    inflight.invalidated(msg);
    metrics?.invalidations.inc({ cache: name, origin });
  };
  const channel = await openInvalidationChannel(
    options.store,
    options.instanceId ?? crypto.randomUUID(),
    (msg) => drop(msg, "peer"),
    options.onError ?? (() => {}),
  );
  return {
    async getMany(keys, loadMissing) {
      const out = new Map<string, T | undefined>();
      const missing: string[] = [];
      for (const key of new Set(keys)) {
        const held = local.get(key);
        if (held === undefined) missing.push(key);
        else out.set(key, held === ABSENT ? undefined : held);
      }
      if (out.size > 0) metrics?.requests.inc({ cache: name, tier: "local", result: "hit" }, out.size);
      if (missing.length === 0) return out;
      metrics?.requests.inc({ cache: name, tier: "local", result: "miss" }, missing.length);
      const load = inflight.start(missing);
      let loaded: ReadonlyMap<string, T>;
      try {
        loaded = await countedLoad(metrics, name, missing, loadMissing);
      } finally {
        load.end();
      }
      for (const key of missing) {
        const value = loaded.get(key);
        out.set(key, value);
        if (load.hit.has(key)) continue;
        if (value !== undefined) local.set(key, value, options.ttlMs);
        else local.set(key, ABSENT, negativeTtlMs);
      }
      return out;
    },
    peek(key) {
      const held = local.get(key);
      return held === ABSENT ? undefined : held;
    },
    async invalidate(target) {
      const msg = typeof target === "string" ? { keys: [target] } : { prefix: target.prefix };
      drop(msg, "self");
      await channel.publish(msg);
    },
    get size() {
      return local.size;
    },
    async close() {
      local.clear();
      await channel.close();
    },
  };
}
