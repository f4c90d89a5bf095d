export { type CallContext, getCallContext, runWithCallContext } from "./call-context.ts";
export { callContextInterceptor, callContextMiddleware } from "./call-context-middleware.ts";
export { type ClientMetrics, clientMetrics } from "./client-metrics.ts";
export {
  closeServiceClient,
  createServiceClient,
  type ServiceClientOptions,
} from "./create-service-client.ts";
export { isIdempotentMethod } from "./idempotency.ts";
export { incomingTimeoutMs } from "./incoming-deadline.ts";
export { type RpcProtocol, resolveTargetUrl, targetUrlVariable } from "./target-url.ts";
export { createTlsContextLoader, type TlsContextLoader } from "./tls-context-loader.ts";
export {
  type TlsFileWatcher,
  type TlsMaterial,
  type TlsPaths,
  tlsPathsFromEnv,
  watchTlsFiles,
} from "./tls-files.ts";
export { toDomainError } from "./to-domain-error.ts";
