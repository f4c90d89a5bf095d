import { DomainError, type ErrorCode, problemResponse } from "@nova/errors";
import type { Logger } from "@nova/observability";
import { HTTPException } from "hono/http-exception";

const FROM_STATUS: Record<number, ErrorCode> = {
  400: "invalid_argument",
  401: "unauthenticated",
  403: "permission_denied",
  404: "not_found",
  409: "conflict",
  412: "failed_precondition",
  413: "payload_too_large",
  415: "unsupported_media_type",
  422: "unprocessable_content",
  429: "rate_limited",
  503: "unavailable",
};

/** Hono's own exceptions (malformed JSON, body too large, …) become domain errors so they render alike. */
function normalise(err: unknown): unknown {
  if (err instanceof HTTPException) {
    const code = FROM_STATUS[err.status];
    return code ? new DomainError(code, err.message || "request rejected") : err;
  }
  return err;
}

/** The single HTTP error boundary: problem+json out, full error in the log only for 5xx. */
export function renderHttpError(
  err: unknown,
  ctx: { requestId?: string; path: string; log: Logger },
): Response {
  const mapped = normalise(err);
  const res = problemResponse(mapped, { requestId: ctx.requestId, instance: ctx.path });
  if (res.status >= 500) ctx.log.error("unhandled error", { err, path: ctx.path });
  return res;
}
