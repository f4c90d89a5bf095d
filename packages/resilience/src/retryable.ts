import { DomainError } from "@nova/errors";
import { BulkheadRejectedError, CircuitOpenError } from "./errors.ts";

// Socket-level failures where the request most likely never reached the handler, or the answer
// was lost: safe to repeat for an idempotent call.
const TRANSIENT_NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ERR_HTTP2_STREAM_ERROR",
  "ERR_HTTP2_GOAWAY_SESSION",
  "ConnectionRefused",
  "ConnectionClosed",
]);

function networkCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && TRANSIENT_NETWORK_CODES.has(code)) return code;
  }
  return undefined;
}

/**
 * Whether repeating an idempotent call may succeed: the peer was unavailable, the attempt timed out,
 * or the connection broke. Never for domain answers (not found, invalid argument, conflict,
 * permission, rate limits) nor for our own fail-fast rejections, which would only add load.
 */
export function isRetryableError(err: unknown): boolean {
  if (err instanceof CircuitOpenError || err instanceof BulkheadRejectedError) return false;
  if (err instanceof DomainError) {
    if (err.code === "unavailable" || err.code === "deadline_exceeded") return true;
    return networkCode(err.cause) !== undefined;
  }
  return networkCode(err) !== undefined;
}

/**
 * Whether an error says something about the dependency's health (and so counts against a circuit
 * breaker): unavailability, time-outs, internal errors and anything that is not a DomainError.
 * Domain answers such as not_found prove the dependency works.
 */
export function isDependencyFailure(err: unknown): boolean {
  if (err instanceof CircuitOpenError || err instanceof BulkheadRejectedError) return false;
  if (err instanceof DomainError)
    return err.code === "unavailable" || err.code === "deadline_exceeded" || err.code === "internal";
  return true;
}
