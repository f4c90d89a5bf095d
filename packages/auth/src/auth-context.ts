import type { StaffRole } from "./staff-role.ts";

/** Who is calling, as proven by a verified access token. */
export interface AuthContext {
  /** `sub`: the account id (the same id is the user/profile id in user-service). */
  readonly accountId: string;
  /** `sid`: the session the token was issued for; revoking it ends the token's refreshes. */
  readonly sessionId: string;
  /** `jti`: unique id of this access token. */
  readonly tokenId: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  /** `roles`: the account's staff roles when the token was issued; empty for normal accounts. */
  readonly roles: readonly StaffRole[];
}

/** `iss` of every access token identity-service signs. */
export const ACCESS_TOKEN_ISSUER = "nova-identity";
/** `aud` of every access token: the Nova API as a whole (each service accepts it). */
export const ACCESS_TOKEN_AUDIENCE = "nova-api";
/** JOSE `typ` of access tokens (RFC 9068), so an id token or other JWT signed by the same key is refused. */
export const ACCESS_TOKEN_TYPE = "at+jwt";
/** Path of the JWKS on identity-service's HTTP port. */
export const JWKS_PATH = "/.well-known/jwks.json";
