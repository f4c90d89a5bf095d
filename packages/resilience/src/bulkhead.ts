import { type Clock, systemClock } from "./clock.ts";
import { BulkheadRejectedError } from "./errors.ts";

export interface BulkheadOptions {
  name: string;
  /** Calls allowed in flight at once. */
  maxConcurrent: number;
  /** Calls allowed to wait for a slot; beyond that they are rejected at once. */
  maxQueue?: number;
  /** Longest a call may wait in the queue. */
  queueTimeoutMs?: number;
  clock?: Clock;
}

/** Limits concurrent calls to one dependency so it cannot absorb every worker when it slows down. */
export interface Bulkhead {
  readonly inFlight: number;
  readonly queued: number;
  /** Runs `fn` when a slot is free; rejects with BulkheadRejectedError when full or timed out. */
  execute<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

interface Waiter {
  grant: () => void;
}

/** Creates a bulkhead: `maxConcurrent` slots plus a bounded FIFO queue with a wait time-out. */
export function createBulkhead(opts: BulkheadOptions): Bulkhead {
  const clock = opts.clock ?? systemClock;
  const maxQueue = opts.maxQueue ?? 0;
  const queueTimeoutMs = opts.queueTimeoutMs ?? 1_000;
  if (opts.maxConcurrent < 1) throw new RangeError("bulkhead maxConcurrent must be at least 1");
  let inFlight = 0;
  const queue: Waiter[] = [];

  const release = () => {
    const next = queue.shift();
    if (next) next.grant();
    else inFlight--;
  };
  const acquire = (signal?: AbortSignal): Promise<void> => {
    if (inFlight < opts.maxConcurrent) {
      inFlight++;
      return Promise.resolve();
    }
    if (queue.length >= maxQueue) return Promise.reject(new BulkheadRejectedError(opts.name, "queue_full"));
    return new Promise<void>((resolve, reject) => {
      const leave = () => {
        const i = queue.indexOf(waiter);
        if (i >= 0) queue.splice(i, 1);
        cancelTimer();
        signal?.removeEventListener("abort", onAbort);
      };
      const onAbort = () => {
        leave();
        reject(signal?.reason);
      };
      const cancelTimer = clock.setTimer(() => {
        leave();
        reject(new BulkheadRejectedError(opts.name, "queue_timeout"));
      }, queueTimeoutMs);
      // The slot passes straight from the releasing call to this one (inFlight stays the same).
      const waiter: Waiter = {
        grant: () => {
          cancelTimer();
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      queue.push(waiter);
    });
  };

  return {
    get inFlight() {
      return inFlight;
    },
    get queued() {
      return queue.length;
    },
    async execute(fn, signal) {
      await acquire(signal);
      try {
        return await fn();
      } finally {
        release();
      }
    },
  };
}
