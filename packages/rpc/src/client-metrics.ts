import { Counter, Histogram, type Registry } from "prom-client";

type Labels = "service" | "target" | "method" | "code";

/** Client-side RPC metrics, registered once per registry and shared by every client on it. */
export interface ClientMetrics {
  readonly requests: Counter<Labels>;
  readonly duration: Histogram<Labels>;
  readonly errors: Counter<Labels>;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const cache = new WeakMap<Registry, ClientMetrics>();

/** Returns the `grpc_client_*` metrics on `registry`, registering them on first use. */
export function clientMetrics(registry: Registry): ClientMetrics {
  const cached = cache.get(registry);
  if (cached) return cached;
  const registers = [registry];
  const labelNames = ["service", "target", "method", "code"] as const;
  const metrics: ClientMetrics = {
    requests:
      (registry.getSingleMetric("grpc_client_requests_total") as Counter<Labels> | undefined) ??
      new Counter({
        name: "grpc_client_requests_total",
        help: "Outgoing RPC attempts by calling service, target service, method and status code.",
        labelNames,
        registers,
      }),
    duration:
      (registry.getSingleMetric("grpc_client_duration_seconds") as Histogram<Labels> | undefined) ??
      new Histogram({
        name: "grpc_client_duration_seconds",
        help: "Outgoing RPC attempt latency in seconds.",
        labelNames,
        buckets: LATENCY_BUCKETS,
        registers,
      }),
    errors:
      (registry.getSingleMetric("grpc_client_errors_total") as Counter<Labels> | undefined) ??
      new Counter({
        name: "grpc_client_errors_total",
        help: "Outgoing RPC attempts that failed, by status code.",
        labelNames,
        registers,
      }),
  };
  cache.set(registry, metrics);
  return metrics;
}
