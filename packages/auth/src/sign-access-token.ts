import { type CryptoKey, type KeyObject, SignJWT } from "jose";
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, ACCESS_TOKEN_TYPE } from "./auth-context.ts";
import type { StaffRole } from "./staff-role.ts";

export interface AccessTokenClaims {
  accountId: string;
  sessionId: string;
  tokenId: string;
  issuedAt: Date;
  expiresAt: Date;
  /** Staff roles; written as the `roles` claim only when there are any (normal tokens stay as before). */
  roles?: readonly StaffRole[];
}

/**
 * Signs an access token in the one format every verifier expects (RS256, `typ: at+jwt`, `kid`,
 * `sub`/`sid`/`jti`/`iat`/`exp`/`iss`/`aud`, and `roles` for staff). Only identity-service holds a private key; tests use
 * `@nova/auth/testing`.
 */
export function signAccessToken(
  claims: AccessTokenClaims,
  key: { privateKey: CryptoKey | KeyObject; kid: string },
  opts: { issuer?: string; audience?: string } = {},
): Promise<string> {
  const roles = claims.roles?.length ? { roles: [...claims.roles] } : {};
  return new SignJWT({ sid: claims.sessionId, ...roles })
    .setProtectedHeader({ alg: "RS256", typ: ACCESS_TOKEN_TYPE, kid: key.kid })
    .setSubject(claims.accountId)
    .setJti(claims.tokenId)
    .setIssuedAt(Math.floor(claims.issuedAt.getTime() / 1000))
    .setExpirationTime(Math.floor(claims.expiresAt.getTime() / 1000))
    .setIssuer(opts.issuer ?? ACCESS_TOKEN_ISSUER)
    .setAudience(opts.audience ?? ACCESS_TOKEN_AUDIENCE)
    .sign(key.privateKey);
}
