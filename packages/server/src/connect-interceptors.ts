import { Code, ConnectError, createContextKey, type Interceptor } from "@connectrpc/connect";
import { toConnectError } from "@nova/errors";
import type { BoundCounter, BoundHistogram, Logger, ServiceMetrics } from "@nova/observability";
import {
  bindCounter,
  bindHistogram,
  boundCache,
  continueTrace,
  requestIdFrom,
  type TraceContext,
} from "@nova/observability";

function codeName(code: Code): string {
  // grpc_code label uses the canonical gRPC names (OK, NOT_FOUND, …) like go-grpc-prometheus.
  return Code[code].replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}

/**
 * The request id and trace span the HTTP port's request context already drew for a Connect call
 * it routes (`requestContext`), so the RPC is logged, answered and traced under the same ones
 * instead of parsing the headers again and opening a second span for the same hop. Unset on the
 * gRPC port and on Connect's streaming adapter: there the interceptor reads the headers itself.
 */
export const httpRequestKey = createContextKey<{ requestId: string; trace: TraceContext } | undefined>(
  undefined,
  { description: "the HTTP request context of a Connect call" },
);

/**
 * Metrics, access log and error mapping for every RPC on both listeners. Domain errors become
 * their Connect code once, here; unknown errors become Internal with only the request id.
 */
export function serverInterceptor(opts: { log: Logger; metrics: ServiceMetrics }): Interceptor {
  const { metrics } = opts;
  // Per RPC: its labels and bound recorders, resolved once (the RPC set is fixed at start).
  const rpcs = boundCache<
    {
      labels: { grpc_service: string; grpc_method: string; grpc_type: string };
      rpc: string;
      started: BoundCounter;
      duration: BoundHistogram;
      handled: ReturnType<typeof boundCache<BoundCounter>>;
    },
    object
  >();
  return (next) =>
    async function novaServerInterceptor(req) {
      const started = performance.now();
      const known = req.contextValues.get(httpRequestKey);
      const requestId = known?.requestId ?? requestIdFrom(req.header.get("x-request-id"));
      const trace = known?.trace ?? continueTrace(req.header.get("traceparent"));
      const m = rpcs.get(req.method, () => {
        const labels = {
          grpc_service: req.service.typeName,
          grpc_method: req.method.name,
          grpc_type: req.method.methodKind,
        };
        return {
          labels,
          rpc: `${labels.grpc_service}/${labels.grpc_method}`,
          started: bindCounter(metrics.grpcStarted, labels),
          duration: bindHistogram(metrics.grpcDuration, labels),
          handled: boundCache<BoundCounter>(),
        };
      });
      const labels = m.labels;
      m.started.inc();
      const log = opts.log.child({ requestId, traceId: trace.traceId, rpc: m.rpc });
      const finish = (code: Code | "OK") => {
        const name = code === "OK" ? "OK" : codeName(code);
        const seconds = (performance.now() - started) / 1000;
        m.handled.get(name, () => bindCounter(metrics.grpcHandled, { ...labels, grpc_code: name })).inc();
        m.duration.observe(seconds);
        const fields = { code: name, ms: Math.round(seconds * 1000) };
        if (code === Code.Internal || code === Code.Unknown) log.error("rpc", fields);
        else if (labels.grpc_service === "grpc.health.v1.Health") log.debug("rpc", fields);
        else log.info("rpc", fields);
      };
      try {
        const res = await next(req);
        res.header.set("x-request-id", requestId);
        if (!res.stream) {
          finish("OK");
          return res;
        }
        // Server streams finish when the last message is sent, not when the handler returns.
        const source = res.message;
        return {
          ...res,
          message: (async function* () {
            try {
              yield* source;
              finish("OK");
            } catch (err) {
              const ce = toConnectError(err, requestId);
              finish(ce.code);
              throw ce;
            }
          })(),
        };
      } catch (err) {
        const ce = toConnectError(err, requestId);
        if (ce.code === Code.Internal && !(err instanceof ConnectError)) log.error("rpc failed", { err });
        finish(ce.code);
        throw ce;
      }
    };
}
