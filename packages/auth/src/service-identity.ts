import { UnauthenticatedError } from "@nova/errors";
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify } from "jose";
import {
  DEFAULT_SERVICE_TOKEN_TTL_MS,
  MAX_SERVICE_TOKEN_TTL_MS,
  SERVICE_TOKEN_ALG,
  SERVICE_TOKEN_TYPE,
  type ServiceSigningKey,
  signServiceToken,
} from "./service-token.ts";
import type { TrustBundle } from "./trust-bundle.ts";
import { createVisibilityGrants, type VisibilityGrants } from "./visibility-grant.ts";

/**
 * Who this service is to its peers: it signs short-lived tokens naming itself for the services it
 * calls, and verifies the tokens of services calling it against the trust bundle.
 */
export interface ServiceIdentity {
  /** This service's name (`feed-service`): `iss`/`sub` of the tokens it signs, `aud` it accepts. */
  readonly service: string;
  /** A valid token for calls to `audience`; one cached per audience, re-signed at half its lifetime. */
  tokenFor(audience: string): Promise<string>;
  /** Verifies a service token addressed to this service; the calling service's name, or UnauthenticatedError. */
  verify(token: string): Promise<string>;
  /** Visibility grants signed and verified with the same key and trust bundle (see visibility-grant.ts). */
  readonly grants: VisibilityGrants;
  /** Stops watching key files, when the identity follows files. */
  close(): void;
}

export interface ServiceIdentityOptions {
  service: string;
  /** The current signing key (read per signature, so a rotated key is used at once). */
  signingKey: () => ServiceSigningKey;
  /** The current trust bundle (read per verification, so a removed key stops verifying at once). */
  trustBundle: () => TrustBundle;
  clock?: () => Date;
  /** Lifetime of the tokens signed here. Default 5 min; at most 15 min. */
  tokenTtlMs?: number;
  /** Allowed clock skew between services. Default 5 s. */
  clockToleranceSeconds?: number;
  /** Bound on remembered verified tokens (least recently verified dropped first). Default 10,000. */
  verifiedCacheMaxEntries?: number;
  onClose?: () => void;
}

function refuse(err: unknown): UnauthenticatedError {
  if (err instanceof UnauthenticatedError) return err;
  if (err instanceof errors.JWTExpired) return new UnauthenticatedError("service token expired");
  if (err instanceof errors.JWTClaimValidationFailed && err.claim === "aud")
    return new UnauthenticatedError("service token is for another service");
  return new UnauthenticatedError("service token is invalid");
}

/** Builds a service's identity from its key and trust bundle (see `@nova/kit` for where they come from). */
export function createServiceIdentity(opts: ServiceIdentityOptions): ServiceIdentity {
  const clock = opts.clock ?? (() => new Date());
  const ttlMs = Math.min(opts.tokenTtlMs ?? DEFAULT_SERVICE_TOKEN_TTL_MS, MAX_SERVICE_TOKEN_TTL_MS);
  const tolerance = opts.clockToleranceSeconds ?? 5;
  const maxEntries = opts.verifiedCacheMaxEntries ?? 10_000;

  // Outgoing: one token per audience, replaced at half its lifetime or when the key changes.
  const signed = new Map<string, { token: Promise<string>; refreshAt: number; kid: string }>();
  // Incoming: tokens already verified, until their expiry (the signature check is the cost).
  const verified = new Map<string, { service: string; kid: string; until: number }>();

  return {
    service: opts.service,
    tokenFor(audience) {
      const now = clock().getTime();
      const key = opts.signingKey();
      const hit = signed.get(audience);
      if (hit && hit.refreshAt > now && hit.kid === key.kid) return hit.token;
      const token = signServiceToken(
        { service: opts.service, audience, issuedAt: new Date(now), expiresAt: new Date(now + ttlMs) },
        key,
      );
      signed.set(audience, { token, refreshAt: now + ttlMs / 2, kid: key.kid });
      token.catch(() => signed.delete(audience));
      return token;
    },
    async verify(token) {
      const now = clock().getTime();
      const known = verified.get(token);
      if (known) {
        // A key dropped from the bundle stops its tokens at once, cached or not.
        if (known.until > now && opts.trustBundle().key(known.service, known.kid)) return known.service;
        verified.delete(token);
      }
      let service: string;
      let kid: string;
      try {
        const header = decodeProtectedHeader(token);
        if (header.alg !== SERVICE_TOKEN_ALG || header.typ !== SERVICE_TOKEN_TYPE || !header.kid)
          throw new UnauthenticatedError("service token is invalid");
        kid = header.kid;
        const claimed = decodeJwt(token).iss;
        if (typeof claimed !== "string" || !claimed)
          throw new UnauthenticatedError("service token has no issuer");
        const key = opts.trustBundle().key(claimed, kid);
        if (!key) throw new UnauthenticatedError("service token signed by an unknown key");
        const { payload } = await jwtVerify(token, key, {
          algorithms: [SERVICE_TOKEN_ALG],
          typ: SERVICE_TOKEN_TYPE,
          issuer: claimed,
          subject: claimed,
          audience: opts.service,
          currentDate: new Date(now),
          clockTolerance: tolerance,
          maxTokenAge: MAX_SERVICE_TOKEN_TTL_MS / 1000,
          requiredClaims: ["iss", "sub", "aud", "iat", "exp", "jti"],
        });
        if ((payload.exp as number) - (payload.iat as number) > MAX_SERVICE_TOKEN_TTL_MS / 1000)
          throw new UnauthenticatedError("service token lives too long");
        service = claimed;
        verified.set(token, { service, kid, until: (payload.exp as number) * 1000 });
        if (verified.size > maxEntries) verified.delete(verified.keys().next().value as string);
      } catch (err) {
        throw refuse(err);
      }
      return service;
    },
    grants: createVisibilityGrants({
      service: opts.service,
      signingKey: opts.signingKey,
      trustBundle: opts.trustBundle,
      clock,
      clockToleranceSeconds: tolerance,
    }),
    close: () => opts.onClose?.(),
  };
}
