import type { Logger, ServiceMetrics, TraceContext } from "@nova/observability";
import { continueTrace, formatTraceparent, requestIdFrom } from "@nova/observability";
import type { MiddlewareHandler } from "hono";

/** Variables every handler can read from the Hono context. */
export interface RequestVariables {
  requestId: string;
  trace: TraceContext;
  log: Logger;
  /** The client's validated IP address (see client-ip.ts); undefined without a socket. */
  clientIp: string | undefined;
}
export type ServiceEnv = { Variables: RequestVariables };

/** Paths that probes and scrapers hit constantly; logged at debug so they don't drown real traffic. */
const QUIET = new Set(["/metrics", "/api/v1/health", "/api/v1/health/live", "/api/v1/health/ready"]);

/**
 * Request id + W3C trace context + access log + RED metrics, labelled by the route template
 * (never the raw path, which would explode label cardinality).
 */
export function requestContext(opts: {
  log: Logger;
  metrics: ServiceMetrics;
}): MiddlewareHandler<ServiceEnv> {
  return async function requestContextMiddleware(c, next) {
    const started = performance.now();
    const requestId = requestIdFrom(c.req.header("x-request-id"));
    const trace = continueTrace(c.req.header("traceparent"));
    const log = opts.log.child({ requestId, traceId: trace.traceId });
    c.set("requestId", requestId);
    c.set("trace", trace);
    c.set("log", log);
    opts.metrics.httpInFlight.inc();
    try {
      await next();
    } finally {
      opts.metrics.httpInFlight.dec();
      const status = String(c.res.status);
      const route = c.req.routePath && c.req.routePath !== "/*" ? c.req.routePath : "unmatched";
      const labels = { method: c.req.method, route, status };
      const seconds = (performance.now() - started) / 1000;
      opts.metrics.httpRequests.inc(labels);
      opts.metrics.httpDuration.observe(labels, seconds);
      c.res.headers.set("x-request-id", requestId);
      c.res.headers.set("traceparent", formatTraceparent(trace));
      const fields = {
        method: c.req.method,
        path: c.req.path,
        route,
        status: c.res.status,
        ms: Math.round(seconds * 1000),
      };
      if (QUIET.has(c.req.path) && c.res.status < 400) log.debug("request", fields);
      else if (c.res.status >= 500) log.error("request", fields);
      else log.info("request", fields);
    }
  };
}
