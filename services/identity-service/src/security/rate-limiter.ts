import type { CacheStore } from "@nova/cache";
import { RateLimitedError } from "@nova/errors";

export interface RateLimit {
  /** Counter name, e.g. "login:ip:203.0.113.9". */
  key: string;
  limit: number;
  windowMs: number;
}

/** Fixed-window counters in the cache (Redis or embedded), shared by every replica. */
export interface RateLimiter {
  /** Counts one attempt against each limit; throws RateLimitedError (429 + Retry-After) when one is exceeded. */
  hit(...limits: RateLimit[]): Promise<void>;
  /** Counts without throwing; returns the count (used for failures that trigger a lock). */
  count(limit: RateLimit): Promise<{ count: number; retryAfterMs: number }>;
  reset(key: string): Promise<void>;
}

export function createRateLimiter(cache: CacheStore, prefix = "identity:rl:"): RateLimiter {
  const count = async (l: RateLimit) => {
    const key = prefix + l.key;
    const n = await cache.incr(key, { ttlMs: l.windowMs });
    const ttl = await cache.ttl(key);
    return {
      count: n,
      retryAfterMs: ttl === undefined || ttl === Number.POSITIVE_INFINITY ? l.windowMs : ttl,
    };
  };
  return {
    count,
    async hit(...limits) {
      for (const l of limits) {
        const { count: n, retryAfterMs } = await count(l);
        if (n > l.limit)
          throw new RateLimitedError(Math.ceil(retryAfterMs / 1000), "too many attempts; try again later");
      }
    },
    async reset(key) {
      await cache.delete(prefix + key);
    },
  };
}
