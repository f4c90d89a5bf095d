import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** Latency buckets (seconds) sized for an API whose p95 objective is 500 ms. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One Prometheus registry per service. In the embedded default 14 services share a process, so
 * nothing registers on prom-client's global registry.
 */
export interface ServiceMetrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<"service" | "method" | "route" | "status" | "version">;
  readonly httpDuration: Histogram<"service" | "method" | "route" | "status" | "version">;
  readonly httpInFlight: Gauge<"service" | "version">;
  readonly grpcStarted: Counter<"service" | "grpc_service" | "grpc_method" | "grpc_type" | "version">;
  readonly grpcHandled: Counter<
    "service" | "grpc_service" | "grpc_method" | "grpc_type" | "grpc_code" | "version"
  >;
  readonly grpcDuration: Histogram<"service" | "grpc_service" | "grpc_method" | "grpc_type" | "version">;
  readonly up: Gauge<"service" | "version">;
  readonly ready: Gauge<"service" | "version">;
  /** Prometheus text exposition of this registry. */
  render(): Promise<string>;
  readonly contentType: string;
}

export function createServiceMetrics(opts: {
  service: string;
  version: string;
  processMetrics?: boolean;
}): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: opts.service, version: opts.version });
  if (opts.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const up = new Gauge({
    name: "nova_service_up",
    help: "1 while the service process runs.",
    labelNames: ["service", "version"],
    registers,
  });
  up.set(1);
  return {
    registry,
    httpRequests: new Counter({
      name: "http_requests_total",
      help: "HTTP requests handled, by route template and status.",
      labelNames: ["service", "method", "route", "status", "version"],
      registers,
    }),
    httpDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request latency in seconds, by route template and status.",
      labelNames: ["service", "method", "route", "status", "version"],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    httpInFlight: new Gauge({
      name: "http_requests_in_flight",
      help: "HTTP requests being handled now.",
      labelNames: ["service", "version"],
      registers,
    }),
    grpcStarted: new Counter({
      name: "grpc_server_started_total",
      help: "RPCs started on the server (gRPC, gRPC-Web and Connect).",
      labelNames: ["service", "grpc_service", "grpc_method", "grpc_type", "version"],
      registers,
    }),
    grpcHandled: new Counter({
      name: "grpc_server_handled_total",
      help: "RPCs completed on the server, by gRPC status code.",
      labelNames: ["service", "grpc_service", "grpc_method", "grpc_type", "grpc_code", "version"],
      registers,
    }),
    grpcDuration: new Histogram({
      name: "grpc_server_handling_seconds",
      help: "RPC handling latency in seconds (to the last response message).",
      labelNames: ["service", "grpc_service", "grpc_method", "grpc_type", "version"],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    up,
    ready: new Gauge({
      name: "nova_service_ready",
      help: "1 when the readiness checks pass, 0 otherwise.",
      labelNames: ["service", "version"],
      registers,
    }),
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
