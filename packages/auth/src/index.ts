export {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  ACCESS_TOKEN_TYPE,
  type AuthContext,
  JWKS_PATH,
} from "./auth-context.ts";
export { authContextKey, authInterceptor, authRequestGate, type RpcAuthOptions } from "./auth-interceptor.ts";
export { type AuthEnv, type AuthenticateOptions, type AuthVariables, authenticate } from "./authenticate.ts";
export { bearerToken } from "./bearer-token.ts";
export {
  createTokenVerifier,
  type TokenVerifier,
  type TokenVerifierOptions,
} from "./create-token-verifier.ts";
export { requireAccountOwner } from "./require-account-owner.ts";
export { type AuthSource, optionalAuth, requireAuth } from "./require-auth.ts";
export {
  createRevocationList,
  type Revocation,
  type RevocationList,
  type RevocationListOptions,
  type RevocationView,
} from "./revocation-list.ts";
export {
  optionalServiceCaller,
  type RpcAccess,
  requireServiceCaller,
  serviceCallerKey,
} from "./service-caller.ts";
export { type AccessTokenClaims, signAccessToken } from "./sign-access-token.ts";
export { type VerifiedCaller, verifiedCaller } from "./verified-caller.ts";
