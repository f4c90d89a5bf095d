import { DomainError, type ErrorCode, type FieldViolation } from "./domain-error.ts";

/** RFC 9457 problem document, with Nova's stable `code` and field violations. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  requestId?: string;
  violations?: FieldViolation[];
}

const STATUS: Record<ErrorCode, number> = {
  invalid_argument: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  conflict: 409,
  failed_precondition: 412,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  deadline_exceeded: 504,
};

const TITLE: Record<ErrorCode, string> = {
  invalid_argument: "Invalid request",
  payload_too_large: "Payload too large",
  unsupported_media_type: "Unsupported media type",
  unauthenticated: "Authentication required",
  permission_denied: "Permission denied",
  not_found: "Not found",
  conflict: "Conflict",
  failed_precondition: "Precondition failed",
  unprocessable: "Unprocessable content",
  rate_limited: "Too many requests",
  internal: "Internal server error",
  unavailable: "Service unavailable",
  deadline_exceeded: "Deadline exceeded",
};

export function httpStatusOf(code: ErrorCode): number {
  return STATUS[code];
}

/**
 * Maps any thrown value to a problem document. Unknown errors become a bare 500 that carries only
 * the request id: internals never reach the client.
 */
export function toProblem(err: unknown, ctx: { requestId?: string; instance?: string } = {}): ProblemDetails {
  const known = err instanceof DomainError ? err : undefined;
  const code: ErrorCode = known?.code ?? "internal";
  const problem: ProblemDetails = {
    type: `https://nova.app/problems/${code.replaceAll("_", "-")}`,
    title: TITLE[code],
    status: STATUS[code],
    detail: known ? known.message : "An unexpected error occurred; quote the request id when reporting it.",
    code,
  };
  if (ctx.instance) problem.instance = ctx.instance;
  if (ctx.requestId) problem.requestId = ctx.requestId;
  if (known?.details.violations?.length) problem.violations = known.details.violations;
  return problem;
}

type RateLimitFields = { rateLimit: string; rateLimitPolicy: string };

/** Builds the HTTP response for an error (application/problem+json; Retry-After, RateLimit and RateLimit-Policy when rate limited). */
export function problemResponse(err: unknown, ctx: { requestId?: string; instance?: string } = {}): Response {
  const problem = toProblem(err, ctx);
  const headers = new Headers({ "content-type": "application/problem+json" });
  if (err instanceof DomainError && err.details.retryAfterSeconds !== undefined) {
    headers.set("retry-after", String(Math.max(1, Math.ceil(err.details.retryAfterSeconds))));
  }
  const rateLimit =
    err instanceof DomainError ? (err.details.rateLimit as RateLimitFields | undefined) : undefined;
  if (rateLimit) {
    headers.set("ratelimit", rateLimit.rateLimit);
    headers.set("ratelimit-policy", rateLimit.rateLimitPolicy);
  }
  if (ctx.requestId) headers.set("x-request-id", ctx.requestId);
  return new Response(JSON.stringify(problem), { status: problem.status, headers });
}
