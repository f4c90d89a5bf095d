import { type Clock, systemClock } from "./clock.ts";
import { SlidingCounter } from "./sliding-counter.ts";

/** Caps retries to a share of recent calls so retries cannot multiply load during an outage. */
export interface RetryBudget {
  /** Records a first attempt (every call deposits into the budget). */
  recordCall(): void;
  /** Takes a retry from the budget; false when the budget is spent. */
  tryRetry(): boolean;
  /** Retries the budget would allow right now. */
  available(): number;
}

export interface RetryBudgetOptions {
  /** Retries allowed per first attempt in the window (0.1 = 10 %). */
  ratio?: number;
  /** Retries always allowed per second, so low-traffic callers can still retry. */
  minPerSecond?: number;
  windowMs?: number;
  clock?: Clock;
}

/**
 * Token-bucket-like budget in the style of Finagle's RetryBudget: within the window, retries may
 * not exceed `ratio * calls + minPerSecond * windowSeconds`.
 */
export function createRetryBudget(opts: RetryBudgetOptions = {}): RetryBudget {
  const ratio = opts.ratio ?? 0.1;
  const windowMs = opts.windowMs ?? 10_000;
  const floor = (opts.minPerSecond ?? 1) * (windowMs / 1000);
  if (ratio < 0 || floor < 0) throw new RangeError("retry budget ratio and floor must be non-negative");
  const counter = new SlidingCounter(["calls", "retries"] as const, windowMs, 10, opts.clock ?? systemClock);
  const available = () => {
    const { calls, retries } = counter.totals();
    return Math.max(0, Math.floor(floor + ratio * calls - retries));
  };
  return {
    recordCall: () => counter.add("calls"),
    available,
    tryRetry() {
      if (available() < 1) return false;
      counter.add("retries");
      return true;
    },
  };
}
