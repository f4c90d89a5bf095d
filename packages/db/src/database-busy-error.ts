import { UnavailableError } from "@nova/errors";

/** Why the pool turned a caller away: its wait queue was full, or it waited too long for a connection. */
export type PoolRejection = "queue_full" | "timeout";

/**
 * Back-pressure from the database pool: every connection is busy and the caller could not wait.
 * An UnavailableError (503 / Connect `unavailable`), so clients retry later instead of piling on.
 */
export class DatabaseBusyError extends UnavailableError {
  constructor(
    readonly target: string,
    readonly reason: PoolRejection,
    detail: string,
  ) {
    super(`database ${target} is busy: ${detail}`);
    this.details.retryAfterSeconds = 1;
  }
}
