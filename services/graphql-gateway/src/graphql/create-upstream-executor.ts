import { buildHTTPExecutor } from "@graphql-tools/executor-http";
import { type ExecutionRequest, getOperationASTFromRequest } from "@graphql-tools/utils";
import type { FetchImpl } from "./gateway-types.ts";

/**
 * Headers copied from the client's request to every upstream call: the caller's token (each service
 * authorises by itself, DESIGN §5), the correlation ids (DESIGN §7), and the client's user agent.
 * Never the client's `x-forwarded-for`: the edge sets it in `upstreamHeaders` to the client IP it
 * resolved, so per-IP limits and session device info work through the gateway and cannot be forged.
 */
export const FORWARDED_HEADERS = [
  "authorization",
  "x-request-id",
  "traceparent",
  "tracestate",
  "user-agent",
] as const;

/** Server-context field through which the edge can add or override forwarded headers. */
export interface UpstreamHeadersContext {
  /** E.g. an `x-request-id` the edge generated because the client sent none. */
  upstreamHeaders?: Record<string, string>;
}

/** The forwarded headers of the incoming request in the yoga context, then `upstreamHeaders`. */
export function forwardedHeaders(context: unknown): Record<string, string> {
  const ctx = context as ({ request?: Request } & UpstreamHeadersContext) | undefined;
  const out: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = ctx?.request?.headers.get(name);
    if (value !== null && value !== undefined) out[name] = value;
  }
  return { ...out, ...ctx?.upstreamHeaders };
}

/** Whether the request is a subscription (streamed from the upstream over SSE for as long as it lasts). */
export function isSubscription(request: ExecutionRequest): boolean {
  return (request.operationType ?? getOperationASTFromRequest(request).operation) === "subscription";
}

/**
 * One HTTP executor per upstream, reused across re-stitches so in-flight requests are never cut.
 * Subscriptions go to the upstream as `GET` with `accept: text/event-stream` (the executor's
 * default) with the same forwarded headers, and have no timeout: the budget bounds a request,
 * while a subscription lasts until the client leaves (yoga then ends the iterator, which aborts
 * the upstream stream).
 */
export function createUpstreamExecutor(opts: { url: string; fetchImpl: FetchImpl; timeoutMs: number }) {
  return buildHTTPExecutor({
    endpoint: opts.url,
    fetch: opts.fetchImpl,
    timeout: (request) => (isSubscription(request) ? undefined : opts.timeoutMs),
    headers: (request?: ExecutionRequest) => forwardedHeaders(request?.context),
  });
}

export type UpstreamExecutor = ReturnType<typeof createUpstreamExecutor>;
