import { PermissionDeniedError, UnauthenticatedError, UnavailableError } from "@nova/errors";
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  errors,
  importJWK,
  importSPKI,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from "jose";
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  ACCESS_TOKEN_TYPE,
  type AuthContext,
} from "./auth-context.ts";
import type { RevocationView } from "./revocation-list.ts";
import { parseStaffRoles } from "./staff-role.ts";

export interface TokenVerifierOptions {
  /** identity-service's JWKS, e.g. `http://127.0.0.1:8010/.well-known/jwks.json`; cached by `kid`. */
  jwksUrl?: string;
  /** Fixed keys instead of (or besides) a JWKS URL: SPKI PEM strings or public JWKs (with `kid`). */
  publicKeys?: readonly (string | JWK)[];
  /** A key set read on every verification — for the issuer itself, whose keys rotate in-process. */
  jwks?: () => JSONWebKeySet | Promise<JSONWebKeySet>;
  issuer?: string;
  audience?: string;
  /** Time source for `exp`/`nbf` checks (tests move it). */
  clock?: () => Date;
  /** Allowed clock skew between issuer and verifier. Default 5 s. */
  clockToleranceSeconds?: number;
  /** Minimum time between two JWKS fetches triggered by an unknown `kid`. Default 30 s. */
  jwksCooldownMs?: number;
  /** How long a fetched JWKS is trusted before it is refetched (bounds how long a removed key verifies). Default 10 min. */
  jwksMaxAgeMs?: number;
  /** Timeout of one JWKS fetch. Default 5 s. */
  jwksTimeoutMs?: number;
  /**
   * How long a verified token is remembered (ms), so a request fanning out to several services
   * costs one signature check per service rather than one per call. Default 60 s; never past the
   * token's expiry nor past `jwksMaxAgeMs` (a key removed from the JWKS stops verifying as soon
   * as without it); 0 disables. Off with `jwks` (the issuer's own in-process key set is read on
   * every call, so a rotation there is seen at once).
   */
  verifiedCacheMs?: number;
  /** Bound on remembered tokens; the least recently verified go first. Default 10,000. */
  verifiedCacheMaxEntries?: number;
  /**
   * DISABLE_AUTH: claims are read without checking signature or expiry. Refused when
   * `environment` is production or staging, whatever the caller passes.
   */
  disableAuth?: boolean;
  environment?: string;
  /**
   * Revoked sessions and accounts (see `createRevocationList`), consulted on every verification —
   * a remembered token too — so a revoked token is refused from the moment the view knows of it.
   */
  revocations?: RevocationView;
}

/** Verifies an access token and returns who it speaks for. */
export interface TokenVerifier {
  verify(token: string): Promise<AuthContext>;
  /** True when DISABLE_AUTH is in effect (signatures are not checked). */
  readonly insecure: boolean;
}

type KeyGetter = (header: Parameters<JWTVerifyGetKey>[0], token: Parameters<JWTVerifyGetKey>[1]) => unknown;

async function staticKeyGetter(keys: readonly (string | JWK)[]): Promise<KeyGetter> {
  const imported = await Promise.all(
    keys.map(async (k) =>
      typeof k === "string"
        ? { kid: undefined, key: await importSPKI(k, "RS256") }
        : { kid: k.kid, key: await importJWK({ ...k, alg: k.alg ?? "RS256" }, "RS256") },
    ),
  );
  return (header) => {
    const byKid = header.kid ? imported.find((k) => k.kid === header.kid) : undefined;
    if (byKid) return byKid.key;
    // A PEM carries no kid: it verifies any token when it is the only kid-less key.
    const anonymous = imported.filter((k) => k.kid === undefined);
    if (anonymous.length === 1 && anonymous[0]) return anonymous[0].key;
    throw new errors.JWKSNoMatchingKey();
  };
}

function claimsToContext(payload: JWTPayload): AuthContext {
  const { sub, sid, jti, iat, exp, roles } = payload as JWTPayload & { sid?: unknown; roles?: unknown };
  if (typeof sub !== "string" || !sub) throw new UnauthenticatedError("access token has no subject");
  if (typeof sid !== "string" || !sid) throw new UnauthenticatedError("access token has no session id");
  if (typeof jti !== "string" || !jti) throw new UnauthenticatedError("access token has no token id");
  if (typeof iat !== "number" || typeof exp !== "number")
    throw new UnauthenticatedError("access token has no issue or expiry time");
  return {
    accountId: sub,
    sessionId: sid,
    tokenId: jti,
    issuedAt: new Date(iat * 1000),
    expiresAt: new Date(exp * 1000),
    roles: parseStaffRoles(roles),
  };
}

function mapError(err: unknown): Error {
  if (err instanceof UnauthenticatedError || err instanceof UnavailableError) return err;
  if (err instanceof errors.JWTExpired) return new UnauthenticatedError("access token expired");
  if (err instanceof errors.JWKSTimeout)
    return new UnavailableError("signing keys could not be fetched in time", { cause: err });
  if (err instanceof errors.JWKSNoMatchingKey)
    return new UnauthenticatedError("access token signed by an unknown key");
  if (err instanceof errors.JOSEError) return new UnauthenticatedError("access token is invalid");
  return err instanceof Error ? err : new Error(String(err));
}

/** Builds a verifier for Nova access tokens (RS256, `at+jwt`, issuer and audience checked). */
export function createTokenVerifier(opts: TokenVerifierOptions): TokenVerifier {
  const environment = opts.environment ?? "development";
  if (opts.disableAuth && (environment === "production" || environment === "staging"))
    throw new Error(`DISABLE_AUTH cannot be used when APP_ENV=${environment}`);
  if (!opts.disableAuth && !opts.jwksUrl && !opts.publicKeys?.length && !opts.jwks)
    throw new Error("createTokenVerifier needs jwksUrl, publicKeys or jwks");

  const issuer = opts.issuer ?? ACCESS_TOKEN_ISSUER;
  const audience = opts.audience ?? ACCESS_TOKEN_AUDIENCE;
  const clock = opts.clock ?? (() => new Date());

  const remote = opts.jwksUrl
    ? createRemoteJWKSet(new URL(opts.jwksUrl), {
        cooldownDuration: opts.jwksCooldownMs ?? 30_000,
        cacheMaxAge: opts.jwksMaxAgeMs ?? 600_000,
        timeoutDuration: opts.jwksTimeoutMs ?? 5_000,
      })
    : undefined;
  // Imported on first use; a bad key fails that verification (and every later one) loudly.
  let fixedPromise: Promise<KeyGetter> | undefined;
  const publicKeys = opts.publicKeys;
  const fixed = publicKeys?.length ? () => (fixedPromise ??= staticKeyGetter(publicKeys)) : undefined;
  const dynamic = opts.jwks;

  // Order: in-process key set, fixed keys, then the remote JWKS (the only one that costs a fetch).
  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (dynamic) {
      try {
        return await createLocalJWKSet(await dynamic())(header, token);
      } catch (err) {
        if (!(err instanceof errors.JWKSNoMatchingKey) || (!fixed && !remote)) throw err;
      }
    }
    if (fixed) {
      try {
        return (await (
          await fixed()
        )(header, token)) as Awaited<ReturnType<JWTVerifyGetKey>>;
      } catch (err) {
        if (!(err instanceof errors.JWKSNoMatchingKey) || !remote) throw err;
      }
    }
    if (!remote) throw new errors.JWKSNoMatchingKey();
    try {
      return await remote(header, token);
    } catch (err) {
      if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys)
        throw err;
      // Fetch failed, non-200 or a malformed key set: identity-service's fault, not the caller's.
      throw new UnavailableError("signing keys are unavailable", { cause: err });
    }
  };

  // Verified tokens: the claims and until when they may be served without another check.
  const rememberMs = opts.jwks
    ? 0
    : Math.min(opts.verifiedCacheMs ?? 60_000, opts.jwksUrl ? (opts.jwksMaxAgeMs ?? 600_000) : Infinity);
  const maxRemembered = opts.verifiedCacheMaxEntries ?? 10_000;
  const verified = new Map<string, { auth: AuthContext; until: number }>();
  const recall = (token: string): AuthContext | undefined => {
    const hit = verified.get(token);
    if (!hit) return undefined;
    if (hit.until > clock().getTime()) return hit.auth;
    verified.delete(token);
    return undefined;
  };
  const remember = (token: string, auth: AuthContext) => {
    if (rememberMs <= 0) return;
    verified.delete(token);
    verified.set(token, { auth, until: Math.min(auth.expiresAt.getTime(), clock().getTime() + rememberMs) });
    if (verified.size > maxRemembered) verified.delete(verified.keys().next().value as string);
  };

  const revocations = opts.revocations;
  const unlessRevoked = (token: string, auth: AuthContext): AuthContext => {
    if (!revocations?.isRevoked(auth)) return auth;
    verified.delete(token);
    // A suspension is not "log in again": every service names it (login answers with the details).
    if (revocations.isSuspended?.(auth))
      throw new PermissionDeniedError(
        "this account is suspended by trust & safety; log in to see the reason, its end and how to appeal",
      );
    throw new UnauthenticatedError("access token has been revoked; log in again");
  };

  return {
    insecure: !!opts.disableAuth,
    async verify(token) {
      if (opts.disableAuth) {
        try {
          return unlessRevoked(token, claimsToContext(decodeJwt(token)));
        } catch (err) {
          throw mapError(err);
        }
      }
      const known = recall(token);
      if (known) return unlessRevoked(token, known);
      try {
        const { payload } = await jwtVerify(token, getKey, {
          algorithms: ["RS256"],
          issuer,
          audience,
          typ: ACCESS_TOKEN_TYPE,
          currentDate: clock(),
          clockTolerance: opts.clockToleranceSeconds ?? 5,
          requiredClaims: ["sub", "jti", "iat", "exp"],
        });
        const auth = unlessRevoked(token, claimsToContext(payload));
        remember(token, auth);
        return auth;
      } catch (err) {
        throw mapError(err);
      }
    },
  };
}
