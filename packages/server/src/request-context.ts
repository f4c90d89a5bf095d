import type { BoundCounter, BoundHistogram, Logger, ServiceMetrics, TraceContext } from "@nova/observability";
import {
  bindCounter,
  bindGauge,
  bindHistogram,
  boundCache,
  continueTrace,
  formatTraceparent,
  requestIdFrom,
} from "@nova/observability";
import type { MiddlewareHandler } from "hono";

/** Variables every handler can read from the Hono context. */
export interface RequestVariables {
  requestId: string;
  trace: TraceContext;
  log: Logger;
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
  const { metrics } = opts;
  const inFlight = bindGauge(metrics.httpInFlight, {});
  // One recorder per (method, route template, status), resolved on first use.
  const series = boundCache<{ requests: BoundCounter; duration: BoundHistogram }>();
  return async function requestContextMiddleware(c, next) {
    const started = performance.now();
    const headers = c.req.raw.headers;
    const requestId = requestIdFrom(headers.get("x-request-id"));
    const trace = continueTrace(headers.get("traceparent"));
    const log = opts.log.child({ requestId, traceId: trace.traceId });
    c.set("requestId", requestId);
    c.set("trace", trace);
    c.set("log", log);
    inFlight.inc();
    try {
      await next();
    } finally {
      inFlight.dec();
      const status = String(c.res.status);
      const route = c.req.routePath && c.req.routePath !== "/*" ? c.req.routePath : "unmatched";
      const method = c.req.method;
      const seconds = (performance.now() - started) / 1000;
      const recorder = series.get(`${method} ${status} ${route}`, () => {
        const labels = { method, route, status };
        return {
          requests: bindCounter(metrics.httpRequests, labels),
          duration: bindHistogram(metrics.httpDuration, labels),
        };
      });
      recorder.requests.inc();
      recorder.duration.observe(seconds);
      c.res.headers.set("x-request-id", requestId);
      c.res.headers.set("traceparent", formatTraceparent(trace));
      const path = c.req.path;
      const code = c.res.status;
      const level = QUIET.has(path) && code < 400 ? "debug" : code >= 500 ? "error" : "info";
      // The access line's fields only when its level is written (probes at debug, usually not).
      if (log.isEnabled(level))
        log[level]("request", { method, path, route, status: code, ms: Math.round(seconds * 1000) });
    }
  };
}
