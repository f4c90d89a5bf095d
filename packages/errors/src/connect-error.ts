import { Code, ConnectError } from "@connectrpc/connect";
import { DomainError, type ErrorCode } from "./domain-error.ts";

// Where two codes share a Connect code, the later entry is what a peer's bare Connect code maps back to.
const CONNECT: Record<ErrorCode, Code> = {
  unsupported_media_type: Code.InvalidArgument,
  invalid_argument: Code.InvalidArgument,
  payload_too_large: Code.ResourceExhausted,
  unauthenticated: Code.Unauthenticated,
  permission_denied: Code.PermissionDenied,
  not_found: Code.NotFound,
  conflict: Code.AlreadyExists,
  unprocessable: Code.FailedPrecondition,
  failed_precondition: Code.FailedPrecondition,
  rate_limited: Code.ResourceExhausted,
  internal: Code.Internal,
  unavailable: Code.Unavailable,
  deadline_exceeded: Code.DeadlineExceeded,
};

const FROM_CONNECT = new Map<Code, ErrorCode>(
  (Object.entries(CONNECT) as [ErrorCode, Code][]).map(([k, v]) => [v, k]),
);

/** Maps a thrown value to a ConnectError; unknown errors become Internal with only the request id. */
export function toConnectError(err: unknown, requestId?: string): ConnectError {
  if (err instanceof ConnectError) return err;
  if (err instanceof DomainError) {
    const meta = new Headers({ "nova-error-code": err.code });
    if (err.details.violations?.length) meta.set("nova-violations", JSON.stringify(err.details.violations));
    return new ConnectError(err.message, CONNECT[err.code], meta, undefined, err);
  }
  return new ConnectError(
    requestId ? `internal error (request id ${requestId})` : "internal error",
    Code.Internal,
  );
}

/** Turns a ConnectError from a peer back into a DomainError, so callers handle one error type. */
export function fromConnectError(err: ConnectError): DomainError {
  const code =
    (err.metadata.get("nova-error-code") as ErrorCode | null) ?? FROM_CONNECT.get(err.code) ?? "internal";
  const violations = err.metadata.get("nova-violations");
  return new DomainError(code, err.rawMessage, violations ? { violations: JSON.parse(violations) } : {}, {
    cause: err,
  });
}
