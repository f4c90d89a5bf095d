import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { toConnectError } from "@nova/errors";
import type { Logger, ServiceMetrics } from "@nova/observability";
import { continueTrace, requestIdFrom } from "@nova/observability";

function codeName(code: Code): string {
  // grpc_code label uses the canonical gRPC names (OK, NOT_FOUND, …) like go-grpc-prometheus.
  return Code[code].replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}

/**
 * Metrics, access log and error mapping for every RPC on both listeners. Domain errors become
 * their Connect code once, here; unknown errors become Internal with only the request id.
 */
export function serverInterceptor(opts: { log: Logger; metrics: ServiceMetrics }): Interceptor {
  return (next) =>
    async function novaServerInterceptor(req) {
      const started = performance.now();
      const requestId = requestIdFrom(req.header.get("x-request-id"));
      const trace = continueTrace(req.header.get("traceparent"));
      const labels = {
        grpc_service: req.service.typeName,
        grpc_method: req.method.name,
        grpc_type: req.method.methodKind,
      };
      opts.metrics.grpcStarted.inc(labels);
      const log = opts.log.child({
        requestId,
        traceId: trace.traceId,
        rpc: `${labels.grpc_service}/${labels.grpc_method}`,
      });
      const finish = (code: Code | "OK") => {
        const name = code === "OK" ? "OK" : codeName(code);
        const seconds = (performance.now() - started) / 1000;
        opts.metrics.grpcHandled.inc({ ...labels, grpc_code: name });
        opts.metrics.grpcDuration.observe(labels, seconds);
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
