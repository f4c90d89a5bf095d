export { pageContentSecurityPolicy } from "./api-docs.ts";
export { clientIpMiddleware, currentClientIp, resolveClientIp } from "./client-ip.ts";
export {
  createServiceServer,
  type ServiceServer,
  type ServiceServerOptions,
  type ServiceSurface,
} from "./create-service-server.ts";
export { type EventStreamOptions, eventStreamResponse, type ServerSentEvent } from "./event-stream.ts";
export {
  type CheckResult,
  createHealth,
  type Health,
  type HealthCheck,
  type HealthReport,
} from "./health.ts";
export { type GrpcTlsSource, type ListenOptions, listen, type RunningServer } from "./listen.ts";
export type { RequestVariables, ServiceEnv } from "./request-context.ts";
export { type ServiceWebSocket, withWebSocketUpgrade } from "./service-websocket.ts";
