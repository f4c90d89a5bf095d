export { DEFAULT_OPERATION_LIMITS, type OperationLimits } from "@nova/subschema";
export { type CostBudget, type CostBudgetLimits, createCostBudget } from "./create-cost-budget.ts";
export {
  type CallerContext,
  createGatewayYoga,
  type GatewayYoga,
  type GatewayYogaOptions,
  GRAPHQL_ENDPOINT,
} from "./create-gateway-yoga.ts";
export {
  FORWARDED_HEADERS,
  type UpstreamHeadersContext,
} from "./create-upstream-executor.ts";
export type { FetchImpl, GatewayLog, SubschemaState, SubschemaStatus, Upstream } from "./gateway-types.ts";
export {
  createPersistedOperations,
  type PersistedManifest,
  type PersistedOperationsMode,
  sha256Hex,
  usePersistedOperations,
} from "./use-persisted-operations.ts";
