import { buildHTTPExecutor } from "@graphql-tools/executor-http";
import { type ExecutionRequest, type Executor, getOperationASTFromRequest } from "@graphql-tools/utils";
import { SERVICE_TOKEN_HEADER } from "@nova/auth";
import type { RequestSlots } from "./create-request-slots.ts";
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

/** Context field bounding one client request's concurrent upstream calls (set by the gateway). */
export interface UpstreamSlotsContext {
  upstreamSlots?: RequestSlots;
}

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
export function createUpstreamExecutor(opts: {
  url: string;
  fetchImpl: FetchImpl;
  timeoutMs: number;
  /** The gateway's service token for this upstream (a service's /graphql answers only the gateway). */
  serviceToken?: () => Promise<string>;
}): UpstreamExecutor {
  // The executor's headers are read synchronously: the token is awaited before each call and kept
  // here. Tokens are cached per audience by the identity, so concurrent calls hold the same value.
  let token: string | undefined;
  const http = buildHTTPExecutor({
    endpoint: opts.url,
    fetch: opts.fetchImpl,
    timeout: (request) => (isSubscription(request) ? undefined : opts.timeoutMs),
    // Off: sharing one in-flight call between identical concurrent requests (same text, same
    // caller's headers) costs a key of the whole body and headers per call, plus a structuredClone
    // of every answer; within one client request the batching executor already sends each
    // subschema one call per level (test/upstream-calls.test.ts).
    deduplicateInflightRequests: false,
    headers: (request?: ExecutionRequest) => ({
      ...forwardedHeaders(request?.context),
      ...(token ? { [SERVICE_TOKEN_HEADER]: token } : {}),
    }),
  });
  const serviceToken = opts.serviceToken;
  const executor = (async (request: ExecutionRequest) => {
    if (serviceToken) token = await serviceToken();
    // One client request may not hold more than its share of upstream connections; a
    // subscription is a long stream, not a call, and is not counted.
    const slots = (request.context as UpstreamSlotsContext | undefined)?.upstreamSlots;
    if (!slots || isSubscription(request)) return http(request);
    return slots.run(async () => await http(request));
  }) as UpstreamExecutor;
  executor[Symbol.asyncDispose] = () => http[Symbol.asyncDispose]();
  return executor;
}

export type UpstreamExecutor = Executor & { [Symbol.asyncDispose]: () => PromiseLike<void> | void };
