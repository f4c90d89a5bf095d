export {
  type BoundCounter,
  type BoundGauge,
  type BoundHistogram,
  bindCounter,
  bindGauge,
  bindHistogram,
  boundCache,
} from "./bound-metrics.ts";
export {
  createLogger,
  LOG_LEVELS,
  type LogFields,
  type Logger,
  type LoggerOptions,
  type LogLevel,
} from "./logger.ts";
export { createServiceMetrics, type ServiceMetrics } from "./metrics.ts";
export { continueTrace, formatTraceparent, requestIdFrom, type TraceContext } from "./trace-context.ts";
