/** Stable machine-readable codes; clients switch on these, so never rename one. */
export type ErrorCode =
  | "invalid_argument"
  | "payload_too_large"
  | "unsupported_media_type"
  | "unauthenticated"
  | "permission_denied"
  | "not_found"
  | "conflict"
  | "failed_precondition"
  | "unprocessable_content"
  | "rate_limited"
  | "unavailable"
  | "deadline_exceeded"
  | "internal";

/** One problem with one input field, e.g. { field: "email", message: "must be an email" }. */
export interface FieldViolation {
  field: string;
  message: string;
}

/** Base of every error a domain verb may throw on purpose; transports map it once each. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: {
      violations?: FieldViolation[];
      retryAfterSeconds?: number;
      /** RFC 7807 extension members added to the problem document (e.g. `reasonCode`, `appealUrl`). */
      extensions?: Record<string, unknown>;
      [k: string]: unknown;
    } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class InvalidArgumentError extends DomainError {
  constructor(message: string, violations: FieldViolation[] = []) {
    super("invalid_argument", message, { violations });
  }
}
export class PayloadTooLargeError extends DomainError {
  constructor(limitBytes: number) {
    super("payload_too_large", `request body exceeds ${limitBytes} bytes`, { limitBytes });
  }
}
/** A request body in a content type or content encoding the route does not accept (HTTP 415). */
export class UnsupportedMediaTypeError extends DomainError {
  constructor(message: string) {
    super("unsupported_media_type", message);
  }
}
export class UnauthenticatedError extends DomainError {
  constructor(message = "authentication required") {
    super("unauthenticated", message);
  }
}
export class PermissionDeniedError extends DomainError {
  constructor(message = "not allowed") {
    super("permission_denied", message);
  }
}
export class NotFoundError extends DomainError {
  constructor(what: string, id?: string) {
    super("not_found", id ? `${what} ${id} not found` : `${what} not found`, { resource: what });
  }
}
export class ConflictError extends DomainError {
  constructor(message: string, field?: string) {
    super("conflict", message, field ? { violations: [{ field, message }] } : {});
  }
}
export class FailedPreconditionError extends DomainError {
  constructor(message: string) {
    super("failed_precondition", message);
  }
}
/**
 * The request is well-formed but its content is refused (e.g. by trust & safety's checks): 422,
 * with a machine-readable `reasonCode` in the problem document.
 */
/**
 * Well-formed input the server will not act on, naming the fields: media not yours or not ready, an
 * image bomb (HTTP 422, the same code as UnprocessableContentError's content decisions).
 */
export class UnprocessableError extends DomainError {
  constructor(message: string, violations: FieldViolation[] = []) {
    super("unprocessable_content", message, { violations });
  }
}
export class UnprocessableContentError extends DomainError {
  constructor(message: string, reasonCode: string, extensions: Record<string, unknown> = {}) {
    super("unprocessable_content", message, { extensions: { reasonCode, ...extensions } });
  }
}
/**
 * Too many requests. `rateLimit` carries the IETF `RateLimit` and `RateLimit-Policy` field values
 * (draft-ietf-httpapi-ratelimit-headers), added to the 429 response next to `Retry-After`.
 */
export class RateLimitedError extends DomainError {
  constructor(
    retryAfterSeconds: number,
    message = "too many requests",
    rateLimit?: { rateLimit: string; rateLimitPolicy: string },
  ) {
    super("rate_limited", message, { retryAfterSeconds, ...(rateLimit && { rateLimit }) });
  }
}
export class UnavailableError extends DomainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("unavailable", message, {}, options);
  }
}
export class DeadlineExceededError extends DomainError {
  constructor(message = "deadline exceeded") {
    super("deadline_exceeded", message);
  }
}
