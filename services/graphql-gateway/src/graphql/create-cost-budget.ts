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

/** A charge waiting for its key's round trip: its cost, its limit and how it ends. */
interface PendingCharge {
  cost: number;
  limit: number;
  settle: (spentBefore: number | undefined) => void;
}

/**
 * A fixed-window budget per minute in the shared cache (Redis in production), so every gateway
 * replica counts against the same figure. A cache failure lets the request through (reported).
 *
 * Every charge reaches the shared counter before its request runs; charges to the same key (the
 * same caller, the same minute) that arrive while that key's round trip is in flight wait for it
 * and then go as ONE `INCRBY` of their sum. The counter's answer is split back in arrival order
 * exactly as if they had been sent one by one: each charge is admitted while the running total
 * stays within the limit, a refused one is taken back out of the running total (and refunded to
 * the store in one call), so no caller gets more than its limit across replicas, and a burst
 * from one caller costs one round trip per round trip in flight instead of one per request.
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
  /** Per key with a round trip in flight: the charges that arrived meanwhile. */
  const queued = new Map<string, PendingCharge[]>();

  const flush = (key: string, batch: PendingCharge[]): void => {
    const sum = batch.reduce((total, c) => total + c.cost, 0);
    Promise.resolve()
      .then(() => opts.store.incrBy(key, sum, { ttlMs: 61_000 }))
      .then(
        (spentAfter) => {
          let running = spentAfter - sum;
          let refund = 0;
          for (const charge of batch) {
            if (running + charge.cost <= charge.limit) {
              running += charge.cost;
              charge.settle(running - charge.cost);
            } else {
              refund += charge.cost;
              charge.settle(undefined);
            }
          }
          if (refund > 0)
            opts.store.incrBy(key, -refund, { ttlMs: 61_000 }).catch((error) => opts.onError?.(error));
          next(key);
        },
        (error) => {
          opts.onError?.(error);
          for (const charge of batch) charge.settle(0);
          next(key);
        },
      );
  };
  const next = (key: string): void => {
    const waiting = queued.get(key);
    if (!waiting || waiting.length === 0) {
      queued.delete(key);
      return;
    }
    queued.set(key, []);
    flush(key, waiting);
  };

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
      const admitted = await new Promise<boolean>((resolve) => {
        const charge: PendingCharge = {
          cost,
          limit: subject.limit,
          settle: (spentBefore) => resolve(spentBefore !== undefined),
        };
        const waiting = queued.get(key);
        if (waiting) waiting.push(charge);
        else {
          queued.set(key, []);
          flush(key, [charge]);
        }
      });
      if (admitted) return;
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
