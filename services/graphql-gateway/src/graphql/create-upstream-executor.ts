import { buildHTTPExecutor } from "@graphql-tools/executor-http";
import {
  createGraphQLError,
  type ExecutionRequest,
  type ExecutionResult,
  type Executor,
  getOperationASTFromRequest,
} from "@graphql-tools/utils";
import { SERVICE_TOKEN_HEADER } from "@nova/auth";
import type { DocumentNode } from "graphql";
import type { RequestSlots } from "./create-request-slots.ts";
import type { FetchImpl } from "./gateway-types.ts";
import { printCompact } from "./print-compact.ts";

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
 * One executor per upstream, reused across re-stitches so in-flight requests are never cut.
 * Queries and mutations are one plain `POST` (`fetch` with the JSON body serialised once, the
 * document printed compactly once per document object); the deadline is one timer per client
 * request (`timeoutMs` from its first upstream call), shared by all its upstream calls.
 * Subscriptions go to the upstream through `@graphql-tools/executor-http` as `GET` with
 * `accept: text/event-stream` with the same forwarded headers, and have no timeout: the budget
 * bounds a request, while a subscription lasts until the client leaves (yoga then ends the
 * iterator, which aborts the upstream stream).
 */
export function createUpstreamExecutor(opts: {
  url: string;
  fetchImpl: FetchImpl;
  timeoutMs: number;
  /** The gateway's service token for this upstream (a service's /graphql answers only the gateway). */
  serviceToken?: () => Promise<string>;
}): UpstreamExecutor {
  // The SSE executor's headers are read synchronously: the token is awaited before each call and
  // kept here. Tokens are cached per audience by the identity, so concurrent calls hold the same value.
  let token: string | undefined;
  const sse = buildHTTPExecutor({
    endpoint: opts.url,
    fetch: opts.fetchImpl,
    // Off: sharing one in-flight call between identical concurrent requests costs a key of the
    // whole body and headers per call, plus a structuredClone of every answer.
    deduplicateInflightRequests: false,
    headers: (request?: ExecutionRequest) => ({
      ...forwardedHeaders(request?.context),
      ...(token ? { [SERVICE_TOKEN_HEADER]: token } : {}),
    }),
  });
  const post = createPostExecutor(opts);
  const serviceToken = opts.serviceToken;
  const executor = (async (request: ExecutionRequest) => {
    if (serviceToken) token = await serviceToken();
    // A subscription is a long stream, not a call: not counted against the request's slots.
    if (isSubscription(request)) return sse(request);
    // One client request may not hold more than its share of upstream connections.
    const slots = (request.context as UpstreamSlotsContext | undefined)?.upstreamSlots;
    if (!slots) return post(request, token);
    return slots.run(async () => await post(request, token));
  }) as UpstreamExecutor;
  executor[Symbol.asyncDispose] = () => sse[Symbol.asyncDispose]();
  return executor;
}

export type UpstreamExecutor = Executor & { [Symbol.asyncDispose]: () => PromiseLike<void> | void };

/** Upstream documents printed once per document object (a merged batch is a new object each time). */
const printed = new WeakMap<DocumentNode, string>();
function printOnce(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = printCompact(document);
    printed.set(document, text);
  }
  return text;
}

/**
 * One deadline per client request (its context), started by its first upstream call. Calls made
 * for a client's subscription (fields of each event completed from other services) live as long
 * as the subscription, so each of those gets its own.
 */
const deadlines = new WeakMap<object, AbortSignal>();
function deadlineOf(request: ExecutionRequest, timeoutMs: number): AbortSignal {
  const context = request.context;
  if (typeof context !== "object" || context === null || request.info?.operation.operation === "subscription")
    return AbortSignal.timeout(timeoutMs);
  let signal = deadlines.get(context);
  if (signal === undefined) {
    signal = AbortSignal.timeout(timeoutMs);
    deadlines.set(context, signal);
  }
  return signal;
}

const ACCEPT = "application/graphql-response+json, application/json";

/**
 * A query or mutation as one `POST`: the caller's forwarded headers and the service credential, the
 * body serialised once. The answer is parsed as executor-http does: the upstream's GraphQL errors
 * become GraphQLErrors as they are (the masker relays coded ones); a transport failure, a timeout or
 * a body that is not a GraphQL result becomes an error carrying `request`/`response` plumbing, which
 * the masker turns into "Unexpected error." with the details only in the log.
 */
function createPostExecutor(opts: { url: string; fetchImpl: FetchImpl; timeoutMs: number }) {
  return async (request: ExecutionRequest, token: string | undefined): Promise<ExecutionResult> => {
    const variables = request.variables;
    const extensions = request.extensions;
    const body = JSON.stringify({
      query: printOnce(request.document),
      ...(variables && Object.keys(variables).length > 0 ? { variables } : {}),
      ...(request.operationName ? { operationName: request.operationName } : {}),
      ...(extensions && Object.keys(extensions).length > 0 ? { extensions } : {}),
    });
    const headers: Record<string, string> = forwardedHeaders(request.context);
    headers.accept = ACCEPT;
    headers["content-type"] = "application/json";
    if (token) headers[SERVICE_TOKEN_HEADER] = token;
    const plumbing: { request: { method: string }; response?: { status: number } } = {
      request: { method: "POST" },
    };
    let text: string;
    try {
      const response = await opts.fetchImpl(opts.url, {
        method: "POST",
        headers,
        body,
        signal: deadlineOf(request, opts.timeoutMs),
      });
      plumbing.response = { status: response.status };
      text = await response.text();
    } catch (error) {
      const cause = error instanceof Error ? error : new Error(String(error));
      const message =
        cause.name === "TimeoutError" || cause.name === "AbortError"
          ? `The upstream ${opts.url} did not answer within ${opts.timeoutMs} ms`
          : `fetch failed to ${opts.url}: ${cause.message}`;
      return {
        errors: [
          createGraphQLError(message, {
            extensions: { code: "SUBREQUEST_HTTP_ERROR", ...plumbing },
            originalError: cause,
          }),
        ],
      };
    }
    return parseUpstreamResult(text, plumbing);
  };
}

function parseUpstreamResult(text: string, plumbing: Record<string, unknown>): ExecutionResult {
  const invalid = (message: string, originalError?: unknown) => ({
    errors: [
      createGraphQLError(message, {
        extensions: { code: "RESPONSE_VALIDATION_FAILED", ...plumbing },
        originalError: originalError instanceof Error ? originalError : new Error(message),
      }),
    ],
  });
  if (!text) return invalid("No response returned");
  let parsed: { data?: unknown; errors?: Array<{ message: string } & Record<string, unknown>> } & Record<
    string,
    unknown
  >;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return invalid(`Unexpected response: ${JSON.stringify(text.slice(0, 200))}`, error);
  }
  if (typeof parsed !== "object" || parsed === null) return invalid("Unexpected response: not an object");
  if (parsed.data == null && (parsed.errors == null || parsed.errors.length === 0))
    return invalid('Unexpected empty "data" and "errors" fields in the result');
  if (Array.isArray(parsed.errors))
    return {
      ...parsed,
      errors: parsed.errors.map(({ message, ...rest }) => createGraphQLError(message, rest)),
    } as ExecutionResult;
  return parsed as ExecutionResult;
}
