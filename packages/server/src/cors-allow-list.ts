import { cors } from "@connectrpc/connect";

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

/** The allow-list's two halves: a preflight's answer headers, and the headers of any other response. */
export interface CorsAllowList {
  /** Headers of the 204 answering an OPTIONS request from `origin`. */
  preflight(origin: string | undefined): Record<string, string>;
  /** Replaces whatever `Access-Control-*` headers a handler set with the allow-list's. */
  apply(headers: Headers, origin: string | undefined): void;
}

/**
 * CORS by an allow-list of exact origins (`CORS_ORIGINS`). A listed origin gets itself back with
 * credentials; any other gets no CORS headers at all, so the browser keeps its responses from the
 * page — never a reflected origin, never `*`. The edge (mount-edge-guards.ts) owns the
 * `Access-Control-*` headers: whatever a handler set (graphql-yoga reflects any origin by default)
 * is replaced, and every OPTIONS request is answered with 204 before routing, auth or body reading.
 */
export function corsAllowList(opts: { origins: readonly string[] }): CorsAllowList {
  const allowed = new Set(opts.origins);
  const permitted = (origin: string | undefined): origin is string =>
    origin !== undefined && allowed.has(origin);
  return {
    preflight(origin) {
      const headers = new Headers({ vary: "Origin, Access-Control-Request-Headers", allow: ALLOW_METHODS });
      if (permitted(origin)) {
        headers.set("access-control-allow-origin", origin);
        headers.set("access-control-allow-credentials", "true");
        headers.set("access-control-allow-methods", ALLOW_METHODS);
        headers.set("access-control-allow-headers", ALLOW_HEADERS);
        headers.set("access-control-max-age", MAX_AGE);
      }
      return Object.fromEntries(headers);
    },
    apply(h, origin) {
      dropCorsHeaders(h);
      h.append("vary", "Origin");
      if (permitted(origin)) {
        h.set("access-control-allow-origin", origin);
        h.set("access-control-allow-credentials", "true");
        h.set("access-control-expose-headers", EXPOSE_HEADERS);
      }
    },
  };
}
