import { cors } from "@connectrpc/connect";
import type { MiddlewareHandler } from "hono";

/** Methods browsers may use: REST verbs plus what Connect and GraphQL need. */
const ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";

/** Request headers Nova's clients send: Connect/gRPC-Web's own, auth, tracing and request ids. */
const ALLOW_HEADERS = [
  ...new Set([
    ...cors.allowedHeaders.map((h) => h.toLowerCase()),
    "authorization",
    "content-type",
    "content-encoding",
    "connect-protocol-version",
    "x-request-id",
    "traceparent",
    "tracestate",
  ]),
].join(", ");

/** Response headers scripts may read: Connect/gRPC-Web status, ids, and rate-limit advice. */
const EXPOSE_HEADERS = [
  ...new Set([
    ...cors.exposedHeaders.map((h) => h.toLowerCase()),
    "x-request-id",
    "traceparent",
    "retry-after",
    "ratelimit",
    "ratelimit-policy",
  ]),
].join(", ");

/** Preflight answers may be cached this long (seconds). */
const MAX_AGE = "600";

function dropCorsHeaders(headers: Headers): void {
  // Collected first (deleting while iterating skips entries); most responses have none.
  const found: string[] = [];
  for (const name of headers.keys()) {
    if (name.startsWith("access-control-")) found.push(name);
  }
  for (const name of found) headers.delete(name);
}

/**
 * CORS by an allow-list of exact origins (`CORS_ORIGINS`). A listed origin gets itself back with
 * credentials; any other gets no CORS headers at all, so the browser keeps its responses from the
 * page — never a reflected origin, never `*`. This middleware owns the `Access-Control-*` headers:
 * whatever a handler set (graphql-yoga reflects any origin by default) is replaced. Every OPTIONS
 * request is answered here with 204 before routing, auth or body reading.
 */
export function corsAllowList(opts: { origins: readonly string[] }): MiddlewareHandler {
  const allowed = new Set(opts.origins);
  return async function corsAllowListMiddleware(c, next) {
    const origin = c.req.header("origin");
    const permitted = origin !== undefined && allowed.has(origin);
    if (c.req.method === "OPTIONS") {
      const headers = new Headers({ vary: "Origin, Access-Control-Request-Headers", allow: ALLOW_METHODS });
      if (permitted) {
        headers.set("access-control-allow-origin", origin);
        headers.set("access-control-allow-credentials", "true");
        headers.set("access-control-allow-methods", ALLOW_METHODS);
        headers.set("access-control-allow-headers", ALLOW_HEADERS);
        headers.set("access-control-max-age", MAX_AGE);
      }
      return c.body(null, 204, Object.fromEntries(headers));
    }
    await next();
    const h = c.res.headers;
    dropCorsHeaders(h);
    h.append("vary", "Origin");
    if (permitted) {
      h.set("access-control-allow-origin", origin);
      h.set("access-control-allow-credentials", "true");
      h.set("access-control-expose-headers", EXPOSE_HEADERS);
    }
  };
}
