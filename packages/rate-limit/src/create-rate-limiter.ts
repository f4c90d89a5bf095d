import type { AdmitCheck, CacheStore } from "@nova/cache";
import { RateLimitedError } from "@nova/errors";
import { formatRateLimit, formatRateLimitPolicy, type NamedPolicy } from "./rate-limit-fields.ts";
import { type RateWindow, windowLabel } from "./rate-window.ts";

/** Who an event is counted against: e.g. `{ kind: "account", id }` or `{ kind: "ip", id: "203.0.113.9" }`. */
export interface LimitSubject {
  kind: string;
  id: string;
  windows: readonly RateWindow[];
}

/** Sliding-window limits over the shared cache (Redis in production), the same on every replica. */
export interface RateLimiter {
  /**
   * Counts one `action` against every subject's windows — or, when any window is full, counts
   * nothing and throws RateLimitedError (429 / RESOURCE_EXHAUSTED / RATE_LIMITED) with
   * Retry-After and the RateLimit / RateLimit-Policy fields.
   */
  consume(action: string, subjects: readonly LimitSubject[]): Promise<void>;
}

export interface RateLimiterOptions {
  store: CacheStore;
  /** Key prefix, e.g. `nova:content-service:rl:`. */
  prefix: string;
  /** Epoch milliseconds; tests pass a controllable clock. */
  now?: () => number;
  /** A cache failure lets the event through (an outage of the cache must not stop writes); reported here. */
  onError?: (err: unknown) => void;
}

/** Builds a RateLimiter on `CacheStore.zadmit`: a sliding-window log per subject, checked and recorded in one step. */
export function createRateLimiter(opts: RateLimiterOptions): RateLimiter {
  const now = opts.now ?? Date.now;
  return {
    async consume(action, subjects) {
      const policies: (NamedPolicy & { key: string })[] = [];
      for (const s of subjects)
        for (const w of s.windows)
          policies.push({
            ...w,
            key: `${opts.prefix}${action}:${s.kind}:${s.id}`,
            name: `${action}-${s.kind}-${windowLabel(w.windowMs)}`,
          });
      if (policies.length === 0) return;
      const t = now();
      const checks: AdmitCheck[] = policies.map((p) => ({
        key: p.key,
        since: t - p.windowMs,
        limit: p.limit,
      }));
      let result: Awaited<ReturnType<CacheStore["zadmit"]>>;
      try {
        result = await opts.store.zadmit(
          checks,
          { member: `${t}:${crypto.randomUUID()}`, score: t },
          { ttlMs: Math.max(...policies.map((p) => p.windowMs)) },
        );
      } catch (err) {
        opts.onError?.(err);
        return;
      }
      if (result.admitted) return;
      const exhausted = policies.flatMap((p, i) => {
        const unblock = result.unblockScores[i];
        if (unblock === undefined) return [];
        return [{ ...p, waitMs: Math.max(1000, unblock + p.windowMs - t) }];
      });
      const retryAfter = Math.ceil(Math.max(...exhausted.map((e) => e.waitMs)) / 1000);
      throw new RateLimitedError(retryAfter, `too many ${action}; try again in ${retryAfter} s`, {
        rateLimit: formatRateLimit(
          exhausted.map((e) => ({ name: e.name, remaining: 0, resetSeconds: Math.ceil(e.waitMs / 1000) })),
        ),
        rateLimitPolicy: formatRateLimitPolicy(policies),
      });
    },
  };
}
