export {
  createRateLimiter,
  type LimitSubject,
  type RateLimiter,
  type RateLimiterOptions,
} from "./create-rate-limiter.ts";
export {
  createStreamCap,
  type StreamCap,
  type StreamCapOptions,
  type StreamLease,
} from "./create-stream-cap.ts";
export { formatRateLimit, formatRateLimitPolicy, type NamedPolicy } from "./rate-limit-fields.ts";
export { parseRateWindows, type RateWindow, rateWindows, windowLabel } from "./rate-window.ts";
export {
  createWriteLimits,
  everyWriteLimit,
  WRITE_LIMIT_DEFAULTS,
  type WriteAction,
  type WriteActor,
  type WriteLimitEnv,
  type WriteLimits,
  writeLimitEnv,
  writeLimitVariables,
} from "./write-limits.ts";
