export { type Bulkhead, type BulkheadOptions, createBulkhead } from "./bulkhead.ts";
export {
  type BreakerWindow,
  type CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitState,
  createCircuitBreaker,
  type StateChange,
} from "./circuit-breaker.ts";
export { type Clock, sleep, systemClock } from "./clock.ts";
export { currentDeadline, remainingMs, runWithDeadline, withDeadline } from "./deadline.ts";
export { BulkheadRejectedError, CircuitOpenError } from "./errors.ts";
export { CIRCUIT_STATE_VALUE, type ResilienceMetrics, resilienceMetrics } from "./metrics.ts";
export { createPolicy, type ExecuteOptions, type Policy, type PolicyOptions } from "./policy.ts";
export { policyPresets } from "./presets.ts";
export { backoffDelay, type RetryCallOptions, type RetryOptions, retry } from "./retry.ts";
export { createRetryBudget, type RetryBudget, type RetryBudgetOptions } from "./retry-budget.ts";
export { isDependencyFailure, isRetryableError } from "./retryable.ts";
