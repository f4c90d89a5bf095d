import { Counter, Gauge, type Registry } from "prom-client";

/** The anonymous response cache's metrics (Grafana's Gateway row). */
export interface ResponseCacheMetrics {
  /** Signed-out requests looked up, by result (hit, miss). */
  requests: Counter<"result">;
  /** Bytes of answers held by this instance. */
  bytes: Gauge;
}

const byRegistry = new WeakMap<Registry, ResponseCacheMetrics>();

/** The metrics on `registry` (made once per registry). */
export function responseCacheMetrics(registry: Registry): ResponseCacheMetrics {
  const known = byRegistry.get(registry);
  if (known) return known;
  const metrics: ResponseCacheMetrics = {
    requests: new Counter({
      name: "graphql_gateway_response_cache_requests_total",
      help: "Signed-out requests the gateway's response cache looked up, by result (hit, miss)",
      labelNames: ["result"],
      registers: [registry],
    }),
    bytes: new Gauge({
      name: "graphql_gateway_response_cache_bytes",
      help: "Bytes of answers held by this instance's anonymous response cache",
      registers: [registry],
    }),
  };
  byRegistry.set(registry, metrics);
  return metrics;
}
