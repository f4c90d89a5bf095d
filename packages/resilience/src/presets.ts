import type { PolicyOptions } from "./policy.ts";

type Preset = Omit<PolicyOptions, "name" | "registry" | "clock">;

/**
 * Starting points per kind of dependency; spread one into createPolicy and override what the
 * caller knows better (`{ ...policyPresets.database(), name: "db", bulkhead: { maxConcurrent: 20 } }`).
 * The numbers are defaults to tune with production metrics, not measured optima.
 */
export const policyPresets = {
  /** Service-to-service RPC: the GRPC_REQUEST_TIMEOUT default, quick retries, a breaker per upstream. */
  rpc: (timeoutMs = 10_000): Preset => ({
    timeoutMs,
    retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 1_000 },
    breaker: {
      window: { kind: "time", ms: 10_000 },
      failureRateThreshold: 0.5,
      minimumCalls: 20,
      consecutiveFailures: 5,
      openMs: 5_000,
      halfOpenProbes: 3,
    },
  }),
  /** Database: bounded by the pool (queue briefly rather than pile up), one retry for reads. */
  database: (poolSize = 20): Preset => ({
    timeoutMs: 5_000,
    retry: { maxAttempts: 2, baseDelayMs: 25, maxDelayMs: 250 },
    breaker: {
      window: { kind: "count", size: 50 },
      failureRateThreshold: 0.5,
      minimumCalls: 20,
      consecutiveFailures: 10,
      openMs: 3_000,
      halfOpenProbes: 2,
    },
    bulkhead: { maxConcurrent: poolSize, maxQueue: poolSize * 5, queueTimeoutMs: 1_000 },
  }),
  /** Cache: short timeout, no retries (a miss path exists), a breaker that trips fast and recovers fast. */
  cache: (): Preset => ({
    timeoutMs: 250,
    retry: false,
    breaker: {
      window: { kind: "count", size: 20 },
      failureRateThreshold: 0.5,
      minimumCalls: 10,
      consecutiveFailures: 5,
      openMs: 2_000,
      halfOpenProbes: 1,
    },
  }),
  /** Third-party HTTP APIs (push, OAuth, email): slower, rate-limited, protected by a bulkhead. */
  externalHttp: (): Preset => ({
    timeoutMs: 5_000,
    retry: { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 3_000 },
    breaker: {
      window: { kind: "time", ms: 30_000 },
      failureRateThreshold: 0.5,
      minimumCalls: 10,
      consecutiveFailures: 5,
      openMs: 30_000,
      halfOpenProbes: 2,
    },
    bulkhead: { maxConcurrent: 20, maxQueue: 50, queueTimeoutMs: 2_000 },
  }),
  /** Message broker produce/admin calls: patient retries, since losing an event is worse than waiting. */
  broker: (): Preset => ({
    timeoutMs: 10_000,
    retry: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 5_000 },
    breaker: {
      window: { kind: "count", size: 20 },
      failureRateThreshold: 0.5,
      minimumCalls: 10,
      consecutiveFailures: 5,
      openMs: 10_000,
      halfOpenProbes: 1,
    },
  }),
} as const;
