import { AsyncLocalStorage } from "node:async_hooks";
import { DeadlineExceededError } from "@nova/errors";
import { type Clock, systemClock } from "./clock.ts";

// The absolute deadline (clock ms) of the work running in this async context. Nested calls read it
// so an inner call never outlives the caller who is waiting for it.
const deadlines = new AsyncLocalStorage<number>();

/** The absolute deadline (clock ms) of the current async context, if any. */
export function currentDeadline(): number | undefined {
  return deadlines.getStore();
}

/**
 * Milliseconds left before the current context's deadline (never negative), or `fallbackMs` when
 * there is none. With `capMs`, the result is at most `capMs`.
 */
export function remainingMs(
  opts: { clock?: Clock; fallbackMs?: number; capMs?: number } = {},
): number | undefined {
  const deadline = currentDeadline();
  const clock = opts.clock ?? systemClock;
  const left = deadline === undefined ? opts.fallbackMs : Math.max(0, deadline - clock.now());
  if (opts.capMs === undefined) return left;
  return left === undefined ? opts.capMs : Math.min(left, opts.capMs);
}

/** Runs `fn` with an absolute deadline, shortened to any deadline already in force. */
export function runWithDeadline<T>(deadlineAt: number, fn: () => T): T {
  const outer = currentDeadline();
  return deadlines.run(outer === undefined ? deadlineAt : Math.min(outer, deadlineAt), fn);
}

/**
 * Runs `fn` with an AbortSignal that fires after `ms` (or at the caller's deadline, if sooner) or
 * when `signal` aborts. Rejects with DeadlineExceededError on time-out even if `fn` ignores the
 * signal, so a stuck dependency cannot hold the caller.
 */
export function withDeadline<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  ms: number,
  signal?: AbortSignal,
  opts: { clock?: Clock } = {},
): Promise<T> {
  const clock = opts.clock ?? systemClock;
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`deadline must be a non-negative number of ms, got ${ms}`);
  if (signal?.aborted) return Promise.reject(signal.reason);
  const outer = currentDeadline();
  const at = outer === undefined ? clock.now() + ms : Math.min(outer, clock.now() + ms);
  const left = at - clock.now();
  if (left <= 0)
    return Promise.reject(new DeadlineExceededError(`deadline exceeded before the call started`));

  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const finish = () => {
      cancelTimer();
      signal?.removeEventListener("abort", onParentAbort);
    };
    const onParentAbort = () => {
      finish();
      controller.abort(signal?.reason);
      reject(signal?.reason);
    };
    const cancelTimer = clock.setTimer(() => {
      signal?.removeEventListener("abort", onParentAbort);
      const err = new DeadlineExceededError(`deadline of ${Math.round(left)} ms exceeded`);
      controller.abort(err);
      reject(err);
    }, left);
    signal?.addEventListener("abort", onParentAbort, { once: true });
    deadlines
      .run(at, async () => fn(controller.signal))
      .then(
        (v) => {
          finish();
          resolve(v);
        },
        (e) => {
          finish();
          reject(e);
        },
      );
  });
}
