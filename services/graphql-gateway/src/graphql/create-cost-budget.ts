import type { CacheStore } from "@nova/cache";
import { createGraphQLError } from "graphql-yoga";

/** Cost units each caller may spend per minute. */
export interface CostBudgetLimits {
  /** Per signed-in account. */
  perAccountPerMinute: number;
  /** Per client IP, for anonymous callers. */
  perIpPerMinute: number;
}

export interface CostBudget {
  /**
   * Charges `cost` to the caller (its account when signed in, else its IP) in the current minute,
   * or throws a RATE_LIMITED GraphQL error (HTTP 429, `Retry-After`) and charges nothing.
   */
  charge(cost: number, caller: { accountId?: string | undefined; ip?: string | undefined }): Promise<void>;
}

/**
 * A fixed-window budget per minute in the shared cache (Redis in production), so every gateway
 * replica counts against the same figure. A cache failure lets the request through (reported).
 */
export function createCostBudget(opts: {
  store: CacheStore;
  limits: CostBudgetLimits;
  prefix?: string;
  now?: () => number;
  onError?: (error: unknown) => void;
}): CostBudget {
  const now = opts.now ?? Date.now;
  const prefix = opts.prefix ?? "nova:graphql-gateway:cost:";
  return {
    async charge(cost, caller) {
      const subject = caller.accountId
        ? { key: `account:${caller.accountId}`, limit: opts.limits.perAccountPerMinute }
        : caller.ip
          ? { key: `ip:${caller.ip}`, limit: opts.limits.perIpPerMinute }
          : undefined;
      if (!subject || cost <= 0) return;
      const t = now();
      const minute = Math.floor(t / 60_000);
      const key = `${prefix}${subject.key}:${minute}`;
      let spent: number;
      try {
        spent = await opts.store.incrBy(key, cost, { ttlMs: 61_000 });
      } catch (error) {
        opts.onError?.(error);
        return;
      }
      if (spent <= subject.limit) return;
      await opts.store.incrBy(key, -cost, { ttlMs: 61_000 }).catch((error) => opts.onError?.(error));
      const retryAfter = Math.max(1, Math.ceil(((minute + 1) * 60_000 - t) / 1000));
      throw createGraphQLError(
        `This caller's GraphQL budget (${subject.limit} cost units a minute) is spent; try again in ${retryAfter} s.`,
        {
          extensions: {
            code: "RATE_LIMITED",
            retryAfterSeconds: retryAfter,
            http: { status: 429, headers: { "retry-after": String(retryAfter) } },
          },
        },
      );
    },
  };
}
