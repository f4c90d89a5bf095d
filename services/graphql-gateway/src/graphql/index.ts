export {
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
export { DEFAULT_OPERATION_LIMITS, type OperationLimits } from "./use-operation-limits.ts";
