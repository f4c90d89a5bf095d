export {
  createSubschema,
  type SubschemaContext,
  type SubschemaOptions,
  type SubschemaViewer,
} from "./create-subschema.ts";
export {
  createKnownDocumentPath,
  type GraphQLParams,
  type KnownDocumentPath,
  type KnownDocumentPathOptions,
  type RequestParams,
  regularMediaType,
} from "./known-document-path.ts";
export { maskError } from "./mask-error.ts";
export {
  type CostModel,
  createOperationMeasurer,
  DEFAULT_COST_MODEL,
  measureOperations,
  type OperationSize,
} from "./measure-operation.ts";
export {
  GATEWAY_SERVICE,
  requireGatewayCaller,
  type ServiceCredentialVerifier,
} from "./require-gateway-caller.ts";
export { useInputHygiene } from "./use-input-hygiene.ts";
export {
  createOperationGuard,
  DEFAULT_OPERATION_LIMITS,
  type OperationCostEvent,
  type OperationGuard,
  type OperationLimits,
  type OperationSafetyOptions,
  useOperationSafety,
} from "./use-operation-safety.ts";
