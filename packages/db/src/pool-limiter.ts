import type { Registry } from "prom-client";
import { DatabaseBusyError } from "./database-busy-error.ts";
import { type PoolMetrics, registerPoolMetrics } from "./pool-metrics.ts";

export interface PoolLimiterOptions {
  /** Names the database in errors, e.g. host:port/db or "pglite". */
  target: string;
  /** Permits: the pool's connection count (DATABASE_MAX_CONNECTIONS; 1 for PGlite). */
  size: number;
  /** Callers allowed to wait for a permit; one more is rejected at once (`queue_full`). */
  maxWaiting: number;
  /** Longest a caller waits for a permit before it is rejected (`timeout`). */
  maxWaitMs: number;
  /** Where the nova_db_pool_* metrics go; none are registered without it. */
  registry?: Registry | undefined;
}

/** A point-in-time view of the limiter, for tests and diagnostics. */
export interface PoolStatus {
  readonly size: number;
  readonly inUse: number;
  readonly waiting: number;
}

/** Bounds concurrent database work to the pool size, with a bounded FIFO wait queue in front. */
export interface PoolLimiter {
  status(): PoolStatus;
  /** Runs `fn` holding one permit; rejects with DatabaseBusyError when the queue is full or the wait times out. */
  run<T>(fn: () => PromiseLike<T>): Promise<T>;
}

interface Waiter {
  readonly since: number;
  grant(): void;
}

/**
 * Creates the limiter that sits in front of a driver's own pool. Drivers queue without bound when
 * every connection is busy, so under overload callers would pile up until their clients time
 * out; this turns that into a fast, typed 503 and makes the backlog visible.
 */
export function createPoolLimiter(opts: PoolLimiterOptions): PoolLimiter {
  if (!Number.isInteger(opts.size) || opts.size < 1) {
    throw new RangeError(`database pool size must be a positive integer, got ${opts.size}`);
  }
  if (!Number.isInteger(opts.maxWaiting) || opts.maxWaiting < 0) {
    throw new RangeError(`database pool maxWaiting must be a non-negative integer, got ${opts.maxWaiting}`);
  }
  if (!(opts.maxWaitMs > 0)) {
    throw new RangeError(`database pool maxWaitMs must be positive, got ${opts.maxWaitMs}`);
  }
  const metrics: PoolMetrics | undefined = opts.registry ? registerPoolMetrics(opts.registry) : undefined;
  metrics?.size.set(opts.size);
  let inUse = 0;
  const queue: Waiter[] = [];

  const observe = () => {
    metrics?.inUse.set(inUse);
    metrics?.waiting.set(queue.length);
  };
  const reject = (reason: "queue_full" | "timeout", detail: string) => {
    metrics?.rejections.inc({ reason });
    return new DatabaseBusyError(opts.target, reason, detail);
  };

  const acquire = (): Promise<void> => {
    if (inUse < opts.size) {
      inUse++;
      metrics?.waitSeconds.observe(0);
      observe();
      return Promise.resolve();
    }
    if (queue.length >= opts.maxWaiting) {
      return Promise.reject(
        reject(
          "queue_full",
          `all ${opts.size} connection(s) in use and ${queue.length} caller(s) already waiting`,
        ),
      );
    }
    return new Promise<void>((resolve, fail) => {
      const timer = setTimeout(() => {
        const i = queue.indexOf(waiter);
        if (i >= 0) queue.splice(i, 1);
        observe();
        fail(
          reject("timeout", `no connection became free within ${opts.maxWaitMs} ms (${opts.size} in use)`),
        );
      }, opts.maxWaitMs);
      const waiter: Waiter = {
        since: performance.now(),
        grant: () => {
          clearTimeout(timer);
          metrics?.waitSeconds.observe((performance.now() - waiter.since) / 1000);
          resolve();
        },
      };
      queue.push(waiter);
      observe();
    });
  };

  const release = () => {
    // The permit passes straight to the oldest waiter, so inUse stays the same.
    const next = queue.shift();
    if (next) next.grant();
    else inUse--;
    observe();
  };

  return {
    status: () => ({ size: opts.size, inUse, waiting: queue.length }),
    async run(fn) {
      await acquire();
      try {
        return await fn();
      } finally {
        release();
      }
    },
  };
}
