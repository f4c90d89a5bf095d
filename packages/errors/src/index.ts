export { fromConnectError, toConnectError } from "./connect-error.ts";
export {
  CONTROL_CHARACTER_MESSAGE,
  controlCharacterError,
  controlCharacterViolations,
  hasControlCharacters,
  rejectControlCharacters,
  stripControlCharacters,
} from "./control-characters.ts";
export {
  ConflictError,
  DeadlineExceededError,
  DomainError,
  type ErrorCode,
  FailedPreconditionError,
  type FieldViolation,
  InvalidArgumentError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitedError,
  UnauthenticatedError,
  UnavailableError,
  UnprocessableContentError,
  UnprocessableError,
  UnsupportedMediaTypeError,
} from "./domain-error.ts";
export { fromZodError } from "./from-zod.ts";
export { toGraphQLError } from "./graphql-error.ts";
export { httpStatusOf, type ProblemDetails, problemResponse, toProblem } from "./problem-details.ts";
