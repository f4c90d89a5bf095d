import { FailedPreconditionError, UnavailableError } from "@nova/errors";

/**
 * Maps Redis client failures onto Nova's error types once: type/value errors from the server are the
 * caller's precondition problem; everything else (refused, timed out, closed) means Redis is unavailable.
 */
export function mapRedisError(err: unknown, what: string): Error {
  const e = err as Error & { name?: string };
  const message = e?.message ?? String(err);
  if (message.startsWith("WRONGTYPE")) {
    return new FailedPreconditionError(`cache ${what}: key holds the wrong kind of value`);
  }
  if (/not an integer|out of range|overflow/i.test(message)) {
    return new FailedPreconditionError(`cache ${what}: ${message}`);
  }
  // Any other error the server replied with (not a connection failure) is passed on as it is.
  if ((e as { code?: string })?.code === "ERR_REDIS_SERVER_ERROR") return e;
  return new UnavailableError(`redis ${what} failed: ${message}`, { cause: err });
}
