import { DomainError } from "@nova/errors";
import type { Registry } from "prom-client";
import { type Bulkhead, type BulkheadOptions, createBulkhead } from "./bulkhead.ts";
import { type CircuitBreaker, type CircuitBreakerOptions, createCircuitBreaker } from "./circuit-breaker.ts";
import { type Clock, systemClock } from "./clock.ts";
import { withDeadline } from "./deadline.ts";
import { BulkheadRejectedError, CircuitOpenError } from "./errors.ts";
import { CIRCUIT_STATE_VALUE, resilienceMetrics } from "./metrics.ts";
import { type RetryOptions, retry } from "./retry.ts";
import { createRetryBudget, type RetryBudget } from "./retry-budget.ts";

/** What a policy combines; omit a part to leave it out. */
export interface PolicyOptions {
  /** Names the breaker, bulkhead and metric series (e.g. the upstream service). */
  name: string;
  /** Deadline of the whole call, retries included; shortened to the caller's remaining deadline. */
  timeoutMs?: number;
  /** Deadline of each attempt (defaults to what is left of the whole call). */
  attemptTimeoutMs?: number;
  /** Retry settings; a budget is created (10 % + 1/s) when none is given. */
  retry?: RetryOptions | false;
  breaker?: Omit<CircuitBreakerOptions, "name" | "clock"> | false;
  bulkhead?: Omit<BulkheadOptions, "name" | "clock"> | false;
  /** Registry for the resilience_* metrics; none means no metrics. */
  registry?: Registry;
  clock?: Clock;
}

/** Per-call options of a policy. */
export interface ExecuteOptions {
  /** Whether repeating the call is safe; only idempotent calls are retried. */
  idempotent?: boolean;
  signal?: AbortSignal;
}

/** A reusable combination of deadline, retry, circuit breaker and bulkhead for one dependency. */
export interface Policy {
  readonly name: string;
  readonly breaker: CircuitBreaker | undefined;
  readonly bulkhead: Bulkhead | undefined;
  readonly budget: RetryBudget | undefined;
  /** Runs `fn` under the policy; `signal` aborts on the deadline or when the caller cancels. */
  execute<T>(fn: (signal: AbortSignal) => Promise<T>, opts?: ExecuteOptions): Promise<T>;
}

function rejectionReason(err: unknown): string | undefined {
  if (err instanceof CircuitOpenError) return "circuit_open";
  if (err instanceof BulkheadRejectedError) return err.reason;
  if (err instanceof DomainError && err.code === "deadline_exceeded") return "deadline";
  return undefined;
}

/**
 * Composes, outermost first: overall deadline → retry (idempotent calls, within budget) → circuit
 * breaker → bulkhead → per-attempt deadline → `fn`. Retry sits outside the breaker so an open
 * circuit ends the retries at once (CircuitOpenError is not retryable).
 */
export function createPolicy(opts: PolicyOptions): Policy {
  const clock = opts.clock ?? systemClock;
  const metrics = opts.registry ? resilienceMetrics(opts.registry) : undefined;
  const breaker =
    opts.breaker === false || !opts.breaker
      ? undefined
      : createCircuitBreaker({ ...opts.breaker, name: opts.name, clock });
  const bulkhead =
    opts.bulkhead === false || !opts.bulkhead
      ? undefined
      : createBulkhead({ ...opts.bulkhead, name: opts.name, clock });
  const retryOpts = opts.retry === false || !opts.retry ? undefined : opts.retry;
  const budget = retryOpts ? (retryOpts.budget ?? createRetryBudget({ clock })) : undefined;

  if (breaker && metrics) {
    metrics.circuitState.set({ name: opts.name }, CIRCUIT_STATE_VALUE.closed);
    breaker.onStateChange(({ from, to }) => {
      metrics.circuitState.set({ name: opts.name }, CIRCUIT_STATE_VALUE[to]);
      metrics.circuitTransitions.inc({ name: opts.name, from, to });
    });
  }

  const attempt = <T>(fn: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> => {
    const run = () =>
      opts.attemptTimeoutMs === undefined
        ? fn(signal)
        : withDeadline(fn, opts.attemptTimeoutMs, signal, { clock });
    const guarded = bulkhead ? () => bulkhead.execute(run, signal) : run;
    return breaker ? breaker.execute(guarded) : guarded();
  };

  return {
    name: opts.name,
    breaker,
    bulkhead,
    budget,
    async execute(fn, callOpts = {}) {
      const withRetries = (signal: AbortSignal) =>
        retryOpts
          ? retry(() => attempt(fn, signal), {
              ...retryOpts,
              budget,
              idempotent: callOpts.idempotent ?? false,
              signal,
              clock,
              onRetry: () => metrics?.retries.inc({ name: opts.name }),
              onGiveUp: (reason) => metrics?.rejections.inc({ name: opts.name, reason }),
            })
          : attempt(fn, signal);
      try {
        if (opts.timeoutMs !== undefined)
          return await withDeadline(withRetries, opts.timeoutMs, callOpts.signal, { clock });
        return await withRetries(callOpts.signal ?? new AbortController().signal);
      } catch (err) {
        const reason = rejectionReason(err);
        if (reason) metrics?.rejections.inc({ name: opts.name, reason });
        throw err;
      }
    },
  };
}
