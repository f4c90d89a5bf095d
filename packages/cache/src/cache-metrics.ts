import { Counter, Histogram, type Registry } from "prom-client";

/** Cache counters on a service's registry; `cache` names the logical cache (e.g. "profiles"). */
export interface CacheMetrics {
  /** result: hit | miss | stale | negative_hit | error; tier: local | shared. */
  readonly requests: Counter<"cache" | "tier" | "result">;
  /** outcome: ok | not_found | error. */
  readonly loads: Counter<"cache" | "outcome">;
  readonly loadDuration: Histogram<"cache">;
  readonly invalidations: Counter<"cache" | "origin">;
}

function reuse<T>(registry: Registry, name: string, make: () => T): T {
  // Several caches in one service share the registry: register each metric once.
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/** Creates (or reuses) the cache metrics on `registry`, never on prom-client's global one. */
export function createCacheMetrics(registry: Registry): CacheMetrics {
  const registers = [registry];
  return {
    requests: reuse(
      registry,
      "nova_cache_requests_total",
      () =>
        new Counter({
          name: "nova_cache_requests_total",
          help: "Cache lookups by cache, tier (local, shared) and result (hit, miss, stale, negative_hit, error).",
          labelNames: ["cache", "tier", "result"],
          registers,
        }),
    ),
    loads: reuse(
      registry,
      "nova_cache_loads_total",
      () =>
        new Counter({
          name: "nova_cache_loads_total",
          help: "Loader calls made on a cache miss, by outcome (ok, not_found, error).",
          labelNames: ["cache", "outcome"],
          registers,
        }),
    ),
    loadDuration: reuse(
      registry,
      "nova_cache_load_duration_seconds",
      () =>
        new Histogram({
          name: "nova_cache_load_duration_seconds",
          help: "Time spent in cache loaders.",
          labelNames: ["cache"],
          buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
          registers,
        }),
    ),
    invalidations: reuse(
      registry,
      "nova_cache_invalidations_total",
      () =>
        new Counter({
          name: "nova_cache_invalidations_total",
          help: "Invalidations applied to the local tier, by origin (self, peer).",
          labelNames: ["cache", "origin"],
          registers,
        }),
    ),
  };
}

/**
 * Runs a batch loader for `keys` and counts it on `metrics` (duration; "ok" per key, or one
 * "error"), for the caches that load many keys in one call.
 */
export async function countedLoad<T>(
  metrics: CacheMetrics | undefined,
  cache: string,
  keys: string[],
  load: (keys: string[]) => Promise<ReadonlyMap<string, T>>,
): Promise<ReadonlyMap<string, T>> {
  const end = metrics?.loadDuration.startTimer({ cache });
  let loaded: ReadonlyMap<string, T>;
  try {
    loaded = await load(keys);
  } catch (err) {
    metrics?.loads.inc({ cache, outcome: "error" });
    throw err;
  } finally {
    end?.();
  }
  metrics?.loads.inc({ cache, outcome: "ok" }, keys.length);
  return loaded;
}
