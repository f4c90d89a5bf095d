import { type Clock, sleep, systemClock } from "./clock.ts";
import { currentDeadline } from "./deadline.ts";
import type { RetryBudget } from "./retry-budget.ts";
import { isRetryableError } from "./retryable.ts";

/** How a call is retried. */
export interface RetryOptions {
  /** Attempts in total, the first included (1 = no retries). */
  maxAttempts?: number;
  /** Backoff cap before jitter of the first retry; doubles per retry. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Shared budget limiting retries to a share of recent calls. */
  budget?: RetryBudget;
  /** Which errors are worth repeating; defaults to isRetryableError. */
  isRetryable?: (err: unknown) => boolean;
  /** Source of jitter in [0, 1); injectable for tests. */
  random?: () => number;
}

/** Per-call facts the retry loop needs. */
export interface RetryCallOptions {
  /** Only idempotent calls are ever retried: repeating a write could apply it twice. */
  idempotent: boolean;
  signal?: AbortSignal;
  clock?: Clock;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  /** Called when a retryable failure is not retried because the budget or the deadline ran out. */
  onGiveUp?: (reason: "retry_budget" | "deadline") => void;
}

/** "Full jitter" backoff (AWS architecture blog): uniform in [0, min(max, base * 2^(retry-1))). */
export function backoffDelay(
  retryNumber: number,
  opts: RetryOptions = {},
  random: () => number = Math.random,
) {
  const base = opts.baseDelayMs ?? 50;
  const cap = opts.maxDelayMs ?? 2_000;
  return Math.floor(random() * Math.min(cap, base * 2 ** (retryNumber - 1)));
}

/**
 * Runs `fn` and repeats it on retryable errors with exponential backoff and full jitter, within
 * the retry budget and the caller's deadline. Non-idempotent calls run exactly once.
 */
export async function retry<T>(
  fn: (attempt: number) => Promise<T>,
  opts: RetryOptions & RetryCallOptions,
): Promise<T> {
  const clock = opts.clock ?? systemClock;
  const maxAttempts = opts.idempotent ? Math.max(1, opts.maxAttempts ?? 3) : 1;
  const isRetryable = opts.isRetryable ?? isRetryableError;
  opts.budget?.recordCall();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= maxAttempts || !isRetryable(err) || opts.signal?.aborted) throw err;
      const delayMs = backoffDelay(attempt, opts, opts.random);
      const deadline = currentDeadline();
      if (deadline !== undefined && clock.now() + delayMs >= deadline) {
        opts.onGiveUp?.("deadline");
        throw err;
      }
      if (opts.budget && !opts.budget.tryRetry()) {
        opts.onGiveUp?.("retry_budget");
        throw err;
      }
      opts.onRetry?.({ attempt, delayMs, error: err });
      await sleep(delayMs, clock, opts.signal);
    }
  }
}
