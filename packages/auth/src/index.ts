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
export { peerServiceKey, serviceFromCertificate } from "./peer-service.ts";
export { requireAccountOwner } from "./require-account-owner.ts";
export { type AuthSource, optionalAuth, requireAuth } from "./require-auth.ts";
export { requireRole } from "./require-role.ts";
export {
  createRevocationList,
  type Revocation,
  type RevocationList,
  type RevocationListOptions,
  type RevocationView,
} from "./revocation-list.ts";
export { actingAccountId, type RpcCaller, rpcCaller } from "./rpc-caller.ts";
export { type RpcGuard, rpcAccessGate } from "./rpc-gate.ts";
export {
  assertRpcAccessDeclared,
  internalRpc,
  publicRpc,
  type RpcDeclaration,
  type RpcDeclarations,
  rpcAccessOf,
  serveRpc,
} from "./serve-rpc.ts";
export {
  optionalServiceCaller,
  type RpcAccess,
  requireServiceCaller,
  serviceCallerKey,
} from "./service-caller.ts";
export {
  createServiceIdentity,
  type ServiceIdentity,
  type ServiceIdentityOptions,
} from "./service-identity.ts";
export {
  loadServiceIdentityFromFiles,
  readServiceSigningKey,
  type ServiceKeyPaths,
} from "./service-key-files.ts";
export {
  DEFAULT_SERVICE_TOKEN_TTL_MS,
  SERVICE_TOKEN_HEADER,
  SERVICE_TOKEN_TYPE,
  type ServiceSigningKey,
  signServiceToken,
} from "./service-token.ts";
export { type AccessTokenClaims, signAccessToken } from "./sign-access-token.ts";
export { isStaffRole, parseStaffRoles, STAFF_ROLES, type StaffRole } from "./staff-role.ts";
export { jwkThumbprint, keyId, parseTrustBundle, type TrustBundle, trustBundleJson } from "./trust-bundle.ts";
export { type VerifiedCaller, verifiedCaller } from "./verified-caller.ts";
export {
  ANONYMOUS_VIEWER,
  createVisibilityGrants,
  MAX_VISIBILITY_GRANT_TTL_MS,
  VISIBILITY_GRANT_TYPE,
  type VisibilityGrantOptions,
  type VisibilityGrants,
} from "./visibility-grant.ts";
