import { Code, ConnectError } from "@connectrpc/connect";
import { DomainError, fromConnectError, toConnectError, UnavailableError } from "@nova/errors";
import { isRetryableError } from "@nova/resilience";

/** Canonical gRPC code name (OK, NOT_FOUND, …), as the server-side metrics label it. */
export function grpcCodeName(code: Code | "OK"): string {
  return code === "OK" ? "OK" : Code[code].replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}

/**
 * Maps whatever a call threw to a DomainError. A connection that never reached the peer becomes
 * UnavailableError (so it is retried and trips the breaker), whatever code the transport chose.
 */
export function toDomainError(err: unknown, target: string): DomainError {
  if (err instanceof DomainError) return err;
  const ce = ConnectError.from(err);
  // Without nova-error-code the failure came from the transport (refused, reset, GOAWAY), not the peer.
  const fromTransport = !ce.metadata.has("nova-error-code");
  const network = isRetryableError(ce.cause) || isRetryableError(err);
  if (
    fromTransport &&
    (ce.code === Code.Unavailable || ((ce.code === Code.Unknown || ce.code === Code.Internal) && network))
  )
    return new UnavailableError(`${target} is unreachable: ${ce.rawMessage}`, { cause: ce });
  return fromConnectError(ce);
}

/** The gRPC code of a failed call, for metric labels (transport failures count as UNAVAILABLE). */
export function codeOf(err: unknown): Code {
  return err instanceof DomainError ? toConnectError(err).code : ConnectError.from(err).code;
}
