import { InvalidArgumentError } from "@nova/errors";
import { type CacheMetrics, countedLoad } from "./cache-metrics.ts";
import type { CacheStore } from "./cache-store.ts";
import { type InflightLoad, InflightLoads } from "./inflight-loads.ts";
import { type Invalidation, openInvalidationChannel } from "./invalidation-channel.ts";
import { LocalLru } from "./local-lru.ts";
import {
  checkLoadOptions,
  createReadThrough,
  type Envelope,
  type LoadOptions,
  type LockOptions,
} from "./read-through.ts";

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
  /**
   * Many keys at once: local tier, then ONE shared-tier read (MGET) for the rest, then ONE call of
   * `loadMissing` with the keys neither tier holds fresh; what it returns is written back in one
   * MSET (keys it leaves out are "not found": cached only with `negativeTtlMs`). No pub/sub message
   * is sent — a fill is not a change; a key this instance saw invalidated while the fill ran is not
   * written (its value may predate the change). The answer maps every requested key (undefined: not found).
   * No single-flight or lock across batches: concurrent misses of one key may both load it.
   */
  getManyOrLoad<T>(
    keys: readonly string[],
    loadMissing: (keys: string[]) => Promise<ReadonlyMap<string, T>>,
    options: LoadOptions,
  ): Promise<Map<string, T | undefined>>;
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
  // A key invalidated while its load was in flight must not repopulate either tier with the value
  // read before the change.
  const inflight = new InflightLoads();

  function dropLocal(msg: Invalidation, origin: "self" | "peer"): void {
    local.drop(msg);
    inflight.invalidated(msg);
    metrics?.invalidations.inc({ cache: name, origin });
  }

  const channel = await openInvalidationChannel(store, instanceId, (msg) => dropLocal(msg, "peer"), onError);

  function remember<T>(key: string, envelope: Envelope<T>, load: InflightLoad): void {
    if (load.hit.has(key)) return;
    local.set(key, JSON.stringify(envelope), Math.min(localTtlMs, envelope.fa - now()));
  }

  async function broadcast(msg: Invalidation): Promise<void> {
    dropLocal(msg, "self");
    await channel.publish(msg);
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
      const load = inflight.start([key]);
      let envelope: Envelope<T>;
      try {
        envelope = await shared.lookup(key, loader, o);
      } finally {
        load.end();
      }
      remember(key, envelope, load);
      return envelope.nf ? undefined : envelope.v;
    },
    async getManyOrLoad<T>(
      keys: readonly string[],
      loadMissing: (keys: string[]) => Promise<ReadonlyMap<string, T>>,
      o: LoadOptions,
    ) {
      checkLoadOptions(o);
      const out = new Map<string, T | undefined>();
      const count = (tier: "local" | "shared", result: string, n: number) => {
        if (n > 0) metrics?.requests.inc({ cache: name, tier, result }, n);
      };
      const remote: string[] = [];
      for (const key of new Set(keys)) {
        const text = local.get(key);
        if (text === undefined) remote.push(key);
        else out.set(key, (JSON.parse(text) as Envelope<T>).v);
      }
      count("local", "hit", out.size);
      count("local", "miss", remote.length);
      if (remote.length === 0) return out;
      const load = inflight.start(remote);
      try {
        const t = now();
        let envelopes: (Envelope<T> | undefined)[] = [];
        try {
          envelopes = await store.mget<Envelope<T>>(remote);
        } catch (err) {
          if (err instanceof InvalidArgumentError) throw err;
          onError(err);
          count("shared", "error", 1);
        }
        const missing: string[] = [];
        remote.forEach((key, i) => {
          const e = envelopes[i];
          if (e && e.fa > t) {
            out.set(key, e.nf ? undefined : e.v);
            remember(key, e, load);
          } else missing.push(key);
        });
        count("shared", "hit", remote.length - missing.length);
        count("shared", "miss", missing.length);
        if (missing.length === 0) return out;
        const loaded = await countedLoad(metrics, name, missing, loadMissing);
        const filledAt = now();
        const found: [string, Envelope<T>][] = [];
        const absent: [string, Envelope<T>][] = [];
        for (const key of missing) {
          const v = loaded.get(key);
          out.set(key, v);
          if (v !== undefined) found.push([key, { v, fa: filledAt + o.ttlMs }]);
          else if (o.negativeTtlMs !== undefined)
            absent.push([key, { nf: 1, fa: filledAt + o.negativeTtlMs }]);
        }
        // A key invalidated while loading may have changed after it was read: it is answered but
        // cached in neither tier — the next read loads it again.
        const fresh = ([key]: [string, Envelope<T>]) => !load.hit.has(key);
        const foundNow = found.filter(fresh);
        const absentNow = absent.filter(fresh);
        try {
          if (foundNow.length > 0) await store.mset(foundNow, { ttlMs: o.ttlMs + (o.staleTtlMs ?? 0) });
          if (absentNow.length > 0) await store.mset(absentNow, { ttlMs: o.negativeTtlMs as number });
        } catch (err) {
          if (err instanceof InvalidArgumentError) throw err;
          onError(err);
        }
        for (const [key, e] of [...foundNow, ...absentNow]) remember(key, e, load);
        return out;
      } finally {
        load.end();
      }
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
      await channel.close();
    },
  };
}
