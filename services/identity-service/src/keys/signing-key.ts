import { type CryptoKey, calculateJwkThumbprint, exportJWK, type JWK } from "jose";

/** The key this replica signs with: private half in memory, public half published via the JWKS. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** kid = RFC 7638 thumbprint of the public key: stable across replicas sharing a key, no coordination. */
export async function toSigningKey(privateKey: CryptoKey, publicKey: CryptoKey): Promise<SigningKey> {
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, privateKey, publicJwk: { ...jwk, kid, alg: "RS256", use: "sig" } };
}
