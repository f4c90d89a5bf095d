import type { Interceptor } from "@connectrpc/connect";
import { continueTrace, formatTraceparent, requestIdFrom, type TraceContext } from "@nova/observability";
import type { MiddlewareHandler } from "hono";
import { type CallContext, runWithCallContext } from "./call-context.ts";
import { incomingTimeoutMs } from "./incoming-deadline.ts";

type Headers = { get(name: string): string | null };

function fromHeaders(
  headers: Headers,
  known: { requestId?: string; trace?: TraceContext } = {},
): CallContext {
  const timeoutMs = incomingTimeoutMs(headers);
  return {
    authorization: headers.get("authorization") ?? undefined,
    requestId: known.requestId ?? requestIdFrom(headers.get("x-request-id")),
    traceparent: formatTraceparent(known.trace ?? continueTrace(headers.get("traceparent"))),
    deadlineAt: timeoutMs === undefined ? undefined : Date.now() + timeoutMs,
  };
}

/**
 * Hono middleware that makes the request's auth, request id, trace and deadline the call context
 * of everything the handler does. Reuses the kit's `requestId`/`trace` variables when present.
 */
export function callContextMiddleware(): MiddlewareHandler<{
  Variables: { requestId?: string; trace?: TraceContext };
}> {
  return async function callContext(c, next) {
    const ctx = fromHeaders(c.req.raw.headers, { requestId: c.get("requestId"), trace: c.get("trace") });
    await runWithCallContext(ctx, () => next());
  };
}

/** Connect server interceptor doing the same for RPCs (both listeners); pass it as an extra interceptor. */
export function callContextInterceptor(): Interceptor {
  return (next) =>
    function callContext(req) {
      return runWithCallContext(fromHeaders(req.header), () => next(req));
    };
}
