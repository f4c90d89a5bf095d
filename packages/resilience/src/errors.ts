import { UnavailableError } from "@nova/errors";

/** Fail-fast rejection from an open (or saturated half-open) circuit breaker. */
export class CircuitOpenError extends UnavailableError {
  readonly reason = "circuit_open";
  constructor(
    readonly circuit: string,
    readonly retryAfterMs: number,
  ) {
    super(`circuit "${circuit}" is open; failing fast`);
    this.details.retryAfterSeconds = Math.ceil(retryAfterMs / 1000);
  }
}

/** Rejection from a bulkhead whose slots and queue are full, or whose queue wait timed out. */
export class BulkheadRejectedError extends UnavailableError {
  constructor(
    readonly bulkhead: string,
    readonly reason: "queue_full" | "queue_timeout",
  ) {
    super(`bulkhead "${bulkhead}" rejected the call (${reason.replace("_", " ")})`);
  }
}
