import { InvalidArgumentError } from "@nova/errors";
import type { CacheMetrics } from "./cache-metrics.ts";
import type { CacheStore } from "./cache-store.ts";

/** How long a loaded value (or a "not found") is served. */
export interface LoadOptions {
  /** Freshness of a found value, in ms. */
  ttlMs: number;
  /** Remember "not found" for this long (ms); absent: not-found results are not cached. */
  negativeTtlMs?: number;
  /** Keep a value this much longer (ms) so it can be served stale while one instance recomputes. */
  staleTtlMs?: number;
}

/** Distributed stampede protection: only the lock holder recomputes an expired key. */
export interface LockOptions {
  /** Lock lifetime (ms); longer than a slow load, so it does not expire mid-load. */
  ttlMs: number;
  /** How long a non-holder without a stale value waits (ms) for the holder's result. */
  waitMs: number;
  /** Poll interval while waiting; default 25 ms. */
  pollMs?: number;
}

export interface ReadThroughOptions {
  store: CacheStore;
  /** Metrics label, e.g. "profiles". */
  name: string;
  metrics?: CacheMetrics;
  /** Off by default: single-flight already collapses concurrent loads within one process. */
  lock?: LockOptions;
  /** Called when the cache backend fails; the read degrades to the loader instead of failing. */
  onError?: (err: unknown) => void;
  now?: () => number;
}

/** What is stored in the shared cache: the value (or a not-found marker) and when it goes stale. */
export interface Envelope<T> {
  v?: T;
  nf?: 1;
  /** Fresh until this epoch ms. */
  fa: number;
}

/** A read-through cache over a CacheStore with negative caching and stampede protection. */
export interface ReadThrough {
  /** Returns the cached value or runs `loader` once (per process, and per cluster with a lock). */
  getOrLoad<T>(
    key: string,
    loader: () => Promise<T | undefined>,
    options: LoadOptions,
  ): Promise<T | undefined>;
  /** Like `getOrLoad` but resolves to the envelope, whose `fa` tells a local tier how long it may keep it. */
  lookup<T>(key: string, loader: () => Promise<T | undefined>, options: LoadOptions): Promise<Envelope<T>>;
  /** Writes a value in the same envelope `getOrLoad` uses (write-through after an update). */
  set<T>(key: string, value: T, options: LoadOptions): Promise<Envelope<T>>;
  /** Reads the raw envelope (fresh or stale), or undefined. */
  peek<T>(key: string): Promise<Envelope<T> | undefined>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Throws InvalidArgumentError unless every TTL given is a positive integer (ms). */
export function checkLoadOptions(o: LoadOptions): void {
  for (const field of ["ttlMs", "negativeTtlMs", "staleTtlMs"] as const) {
    const v = o[field];
    if (v === undefined && field !== "ttlMs") continue;
    if (!Number.isSafeInteger(v) || (v as number) <= 0) {
      throw new InvalidArgumentError(`${field} must be a positive integer`, [
        { field, message: "must be a positive integer (milliseconds)" },
      ]);
    }
  }
}

/**
 * Builds `getOrLoad`. Values are wrapped in an envelope with a soft expiry (`fa`) inside a longer
 * hard TTL (ttl + staleTtl), so an expired value can still be served while one caller refreshes it.
 */
export function createReadThrough(options: ReadThroughOptions): ReadThrough {
  const { store, name, metrics, lock } = options;
  const now = options.now ?? Date.now;
  const onError = options.onError ?? (() => {});
  const inflight = new Map<string, Promise<unknown>>();

  const count = (result: string) => metrics?.requests.inc({ cache: name, tier: "shared", result });
  const isFresh = (e: Envelope<unknown> | undefined): e is Envelope<unknown> => !!e && e.fa > now();

  async function peek<T>(key: string): Promise<Envelope<T> | undefined> {
    try {
      return await store.get<Envelope<T>>(key);
    } catch (err) {
      if (err instanceof InvalidArgumentError) throw err;
      onError(err);
      count("error");
      return undefined;
    }
  }

  async function write<T>(key: string, value: T | undefined, o: LoadOptions): Promise<Envelope<T>> {
    let envelope: Envelope<T>;
    let ttlMs: number;
    if (value === undefined) {
      // Not cached: an envelope that is already stale, so no tier keeps it.
      if (o.negativeTtlMs === undefined) return { nf: 1, fa: now() };
      envelope = { nf: 1, fa: now() + o.negativeTtlMs };
      ttlMs = o.negativeTtlMs;
    } else {
      envelope = { v: value, fa: now() + o.ttlMs };
      ttlMs = o.ttlMs + (o.staleTtlMs ?? 0);
    }
    try {
      await store.set(key, envelope, { ttlMs });
    } catch (err) {
      if (err instanceof InvalidArgumentError) throw err;
      onError(err);
    }
    return envelope;
  }

  async function load<T>(
    key: string,
    loader: () => Promise<T | undefined>,
    o: LoadOptions,
  ): Promise<Envelope<T>> {
    const end = metrics?.loadDuration.startTimer({ cache: name });
    let value: T | undefined;
    try {
      value = await loader();
    } catch (err) {
      metrics?.loads.inc({ cache: name, outcome: "error" });
      throw err;
    } finally {
      end?.();
    }
    metrics?.loads.inc({ cache: name, outcome: value === undefined ? "not_found" : "ok" });
    return write(key, value, o);
  }

  async function refresh<T>(
    key: string,
    stale: Envelope<T> | undefined,
    loader: () => Promise<T | undefined>,
    o: LoadOptions,
  ): Promise<Envelope<T>> {
    if (!lock) return loadOrServeStale(key, stale, loader, o);
    const lockKey = `${key}:lock`;
    let token: string | undefined;
    try {
      token = await store.acquireLock(lockKey, lock.ttlMs);
    } catch (err) {
      onError(err);
      return loadOrServeStale(key, stale, loader, o);
    }
    if (token) {
      try {
        // Another instance may have refreshed between our read and taking the lock.
        const again = await peek<T>(key);
        if (isFresh(again)) return again as Envelope<T>;
        return await loadOrServeStale(key, stale, loader, o);
      } finally {
        await store.releaseLock(lockKey, token).catch(onError);
      }
    }
    if (stale) return stale;
    // Nothing to serve: wait briefly for the holder's result, then load ourselves rather than fail.
    const deadline = now() + lock.waitMs;
    while (now() < deadline) {
      await sleep(lock.pollMs ?? 25);
      const e = await peek<T>(key);
      if (isFresh(e)) return e as Envelope<T>;
    }
    return load(key, loader, o);
  }

  async function loadOrServeStale<T>(
    key: string,
    stale: Envelope<T> | undefined,
    loader: () => Promise<T | undefined>,
    o: LoadOptions,
  ): Promise<Envelope<T>> {
    try {
      return await load(key, loader, o);
    } catch (err) {
      // Stale-if-error: a failing source of truth should not turn a recently cached value into an outage.
      if (stale && !stale.nf) {
        onError(err);
        return stale;
      }
      throw err;
    }
  }

  async function lookup<T>(key: string, loader: () => Promise<T | undefined>, o: LoadOptions) {
    checkLoadOptions(o);
    const envelope = await peek<T>(key);
    if (isFresh(envelope)) {
      count(envelope.nf ? "negative_hit" : "hit");
      return envelope as Envelope<T>;
    }
    count(envelope ? "stale" : "miss");
    const pending = inflight.get(key);
    if (pending) return pending as Promise<Envelope<T>>;
    const p = refresh(key, envelope, loader, o).finally(() => inflight.delete(key));
    inflight.set(key, p);
    return p;
  }

  return {
    async getOrLoad<T>(key: string, loader: () => Promise<T | undefined>, o: LoadOptions) {
      const e = await lookup(key, loader, o);
      return e.nf ? undefined : e.v;
    },
    lookup,
    async set<T>(key: string, value: T, o: LoadOptions) {
      checkLoadOptions(o);
      return write(key, value, o);
    },
    peek,
  };
}
