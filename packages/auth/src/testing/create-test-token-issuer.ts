import { randomUUID } from "node:crypto";
import { exportJWK, exportSPKI, generateKeyPair, type JSONWebKeySet, type JWK } from "jose";
import { type AccessTokenClaims, signAccessToken } from "../sign-access-token.ts";

export interface TestTokenIssuer {
  readonly kid: string;
  readonly publicJwk: JWK;
  readonly publicPem: string;
  readonly jwks: JSONWebKeySet;
  /** Signs an access token; unspecified claims get fresh ids and a 15-minute lifetime from `now`. */
  sign(
    claims: Partial<AccessTokenClaims> & { accountId: string },
    opts?: { issuer?: string; audience?: string },
  ): Promise<string>;
}

/** An RS256 key pair made at test time, signing tokens exactly as identity-service does. */
export async function createTestTokenIssuer(
  opts: { kid?: string; clock?: () => Date } = {},
): Promise<TestTokenIssuer> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = opts.kid ?? `test-${randomUUID().slice(0, 8)}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  const clock = opts.clock ?? (() => new Date());
  return {
    kid,
    publicJwk,
    publicPem: await exportSPKI(publicKey),
    jwks: { keys: [publicJwk] },
    sign(claims, signOpts) {
      const issuedAt = claims.issuedAt ?? clock();
      return signAccessToken(
        {
          accountId: claims.accountId,
          sessionId: claims.sessionId ?? randomUUID(),
          tokenId: claims.tokenId ?? randomUUID(),
          issuedAt,
          expiresAt: claims.expiresAt ?? new Date(issuedAt.getTime() + 15 * 60_000),
          roles: claims.roles,
        },
        { privateKey, kid },
        signOpts,
      );
    },
  };
}
