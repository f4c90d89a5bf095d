import { createHash, createPublicKey, type KeyObject } from "node:crypto";

/**
 * Which public keys speak for which service. On disk (SERVICE_TRUST_BUNDLE_PATH) it is JSON:
 * `{ "services": { "feed-service": [ { "kty": "OKP", "crv": "Ed25519", "x": "…", "kid": "…" } ] } }`.
 * Several keys per service are allowed, so a rotation adds the new key before the signer switches
 * and removes the old one after the last token it signed has expired.
 */
export interface TrustBundle {
  /** The public key of `service` with id `kid`, if the bundle trusts it. */
  key(service: string, kid: string): KeyObject | undefined;
  readonly services: readonly string[];
}

/** A public JWK as it appears in a trust bundle (`kid` optional: the RFC 7638 thumbprint is used). */
export interface TrustedJwk {
  kty: string;
  crv?: string;
  x?: string;
  y?: string;
  kid?: string;
}

/** RFC 7638 thumbprint of an OKP/EC public JWK: the default key id of service keys. */
export function jwkThumbprint(jwk: TrustedJwk): string {
  const members =
    jwk.kty === "OKP"
      ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x }
      : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return createHash("sha256").update(JSON.stringify(members)).digest("base64url");
}

/** Key id of a public key: its JWK thumbprint. */
export function keyId(publicKey: KeyObject): string {
  return jwkThumbprint(publicKey.export({ format: "jwk" }) as TrustedJwk);
}

/** Parses a bundle's JSON text; throws naming the service whose entry is malformed. */
export function parseTrustBundle(text: string): TrustBundle {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`trust bundle is not JSON: ${(err as Error).message}`);
  }
  const services = (raw as { services?: unknown })?.services;
  if (!services || typeof services !== "object" || Array.isArray(services))
    throw new Error('trust bundle must be { "services": { "<service>": [<public JWK>, …] } }');
  const byService = new Map<string, Map<string, KeyObject>>();
  for (const [service, keys] of Object.entries(services as Record<string, unknown>)) {
    if (!Array.isArray(keys)) throw new Error(`trust bundle: ${service} must list public JWKs`);
    const byKid = new Map<string, KeyObject>();
    for (const jwk of keys as TrustedJwk[]) {
      let key: KeyObject;
      try {
        key = createPublicKey({ key: { ...jwk } as never, format: "jwk" });
      } catch (err) {
        throw new Error(`trust bundle: a key of ${service} is not a public JWK: ${(err as Error).message}`);
      }
      if (key.asymmetricKeyType !== "ed25519")
        throw new Error(`trust bundle: keys of ${service} must be Ed25519 (got ${key.asymmetricKeyType})`);
      byKid.set(jwk.kid ?? jwkThumbprint(jwk), key);
    }
    byService.set(service, byKid);
  }
  return trustBundleOf(byService);
}

function trustBundleOf(byService: Map<string, Map<string, KeyObject>>): TrustBundle {
  return {
    key: (service, kid) => byService.get(service)?.get(kid),
    services: [...byService.keys()],
  };
}

/** Serialises public keys per service into the bundle's JSON form (dev PKI, tests, tooling). */
export function trustBundleJson(keys: Record<string, readonly KeyObject[]>): string {
  const services = Object.fromEntries(
    Object.entries(keys).map(([service, list]) => [
      service,
      list.map((k) => {
        const jwk = k.export({ format: "jwk" }) as TrustedJwk;
        return { ...jwk, kid: jwkThumbprint(jwk) };
      }),
    ]),
  );
  return `${JSON.stringify({ services }, null, 2)}\n`;
}
