import { decodeProtectedHeader, jwtVerify, SignJWT } from "jose";
import { SERVICE_TOKEN_ALG, type ServiceSigningKey } from "./service-token.ts";
import type { TrustBundle } from "./trust-bundle.ts";

/** JOSE `typ` of visibility grants: never taken for a service token or an access token, nor they for it. */
export const VISIBILITY_GRANT_TYPE = "nova-grant+jwt";
/** Longest lifetime of a grant (`exp - iat`), for signer and verifier alike. */
export const MAX_VISIBILITY_GRANT_TTL_MS = 30_000;
/** `sub` of a grant for a caller without an end-user token (account ids are UUIDs, never this). */
export const ANONYMOUS_VIEWER = "anonymous";

/**
 * Signed statements by the service that owns a visibility fact ("viewer V may see posts P, now"),
 * addressed to one other service, so that service need not ask again within the same request.
 * Signed with the service's own key and verified against the same trust bundle as service tokens.
 */
export interface VisibilityGrants {
  /** One grant naming `viewer` (account id, or undefined when anonymous) and `posts`, for `audience`. */
  issue(claims: { audience: string; viewer: string | undefined; posts: readonly string[] }): Promise<string>;
  /**
   * The post ids a grant covers when it is signed by `issuer`'s key, addressed to this service,
   * names `viewer` (the caller's verified account, or undefined when anonymous) and is unexpired;
   * an empty set otherwise (the caller then checks visibility itself). Never throws.
   */
  covered(
    token: string,
    expect: { issuer: string; viewer: string | undefined },
  ): Promise<ReadonlySet<string>>;
}

export interface VisibilityGrantOptions {
  /** This service: `iss` of the grants it issues, the `aud` it accepts. */
  service: string;
  signingKey: () => ServiceSigningKey;
  trustBundle: () => TrustBundle;
  clock?: () => Date;
  /** Lifetime of the grants issued here. Default and most 30 s. */
  ttlMs?: number;
  /** Allowed clock skew between services. Default 5 s. */
  clockToleranceSeconds?: number;
  /** Bound on remembered verified grants (oldest dropped first). Default 1,000. */
  verifiedCacheMaxEntries?: number;
  /**
   * An issued grant is handed out again for the same (audience, viewer, posts, key) while at least
   * this much of its lifetime is left. Default 20 s; 0 signs every grant afresh.
   */
  reuseWhileLeftMs?: number;
  /** Bound on remembered issued grants (oldest dropped first). Default 1,000. */
  issuedCacheMaxEntries?: number;
}

const NONE: ReadonlySet<string> = new Set();

/** Issues and verifies visibility grants for one service (its `ServiceIdentity` carries one). */
export function createVisibilityGrants(opts: VisibilityGrantOptions): VisibilityGrants {
  const clock = opts.clock ?? (() => new Date());
  const ttlMs = Math.min(opts.ttlMs ?? MAX_VISIBILITY_GRANT_TTL_MS, MAX_VISIBILITY_GRANT_TTL_MS);
  const tolerance = opts.clockToleranceSeconds ?? 5;
  const maxEntries = opts.verifiedCacheMaxEntries ?? 1_000;
  const reuseWhileLeftMs = opts.reuseWhileLeftMs ?? 20_000;
  const maxIssued = opts.issuedCacheMaxEntries ?? 1_000;
  // Ed25519 signing per request was ~2 % of the process in the social-core bench, and a fresh
  // token string also misses the audience's verified cache (a verification costs more than a
  // signature). A grant only ever names posts the caller has just checked again for this viewer,
  // so handing out the same signed statement (still ≤ 30 s, still checked in full by the audience)
  // says nothing the new check did not: the reuse saves the signature, not a visibility check.
  const issued = new Map<string, { token: Promise<string>; until: number }>();
  // One grant travels with every key of a batch: its signature is checked once per token string.
  const verified = new Map<
    string,
    { issuer: string; viewer: string; kid: string; until: number; posts: ReadonlySet<string> }
  >();

  return {
    issue({ audience, viewer, posts }) {
      const nowMs = clock().getTime();
      const key = opts.signingKey();
      const reuseKey = `${audience}\n${viewer ?? ANONYMOUS_VIEWER}\n${key.kid}\n${[...posts].sort().join(",")}`;
      const held = issued.get(reuseKey);
      if (held && held.until - nowMs >= reuseWhileLeftMs) return held.token;
      if (held) issued.delete(reuseKey);
      const now = Math.floor(nowMs / 1000);
      const exp = now + Math.floor(ttlMs / 1000);
      const token = new SignJWT({ posts: [...posts] })
        .setProtectedHeader({ alg: SERVICE_TOKEN_ALG, typ: VISIBILITY_GRANT_TYPE, kid: key.kid })
        .setIssuer(opts.service)
        .setSubject(viewer ?? ANONYMOUS_VIEWER)
        .setAudience(audience)
        .setIssuedAt(now)
        .setExpirationTime(exp)
        .sign(key.privateKey);
      if (reuseWhileLeftMs > 0) {
        issued.set(reuseKey, { token, until: exp * 1000 });
        token.catch(() => {
          if (issued.get(reuseKey)?.token === token) issued.delete(reuseKey);
        });
        if (issued.size > maxIssued) issued.delete(issued.keys().next().value as string);
      }
      return token;
    },
    async covered(token, expect) {
      const now = clock().getTime();
      const viewer = expect.viewer ?? ANONYMOUS_VIEWER;
      const known = verified.get(token);
      if (known) {
        // A key dropped from the bundle stops its grants at once, cached or not.
        const fresh = known.until > now && !!opts.trustBundle().key(known.issuer, known.kid);
        if (!fresh) verified.delete(token);
        else return known.issuer === expect.issuer && known.viewer === viewer ? known.posts : NONE;
      }
      try {
        const header = decodeProtectedHeader(token);
        if (header.alg !== SERVICE_TOKEN_ALG || header.typ !== VISIBILITY_GRANT_TYPE || !header.kid)
          return NONE;
        const key = opts.trustBundle().key(expect.issuer, header.kid);
        if (!key) return NONE;
        const { payload } = await jwtVerify(token, key, {
          algorithms: [SERVICE_TOKEN_ALG],
          typ: VISIBILITY_GRANT_TYPE,
          issuer: expect.issuer,
          subject: viewer,
          audience: opts.service,
          currentDate: new Date(now),
          clockTolerance: tolerance,
          maxTokenAge: MAX_VISIBILITY_GRANT_TTL_MS / 1000,
          requiredClaims: ["iss", "sub", "aud", "iat", "exp"],
        });
        const exp = payload.exp as number;
        if (exp - (payload.iat as number) > MAX_VISIBILITY_GRANT_TTL_MS / 1000) return NONE;
        const list = payload.posts;
        if (!Array.isArray(list) || !list.every((id) => typeof id === "string")) return NONE;
        const posts: ReadonlySet<string> = new Set(list as string[]);
        verified.set(token, { issuer: expect.issuer, viewer, kid: header.kid, until: exp * 1000, posts });
        if (verified.size > maxEntries) verified.delete(verified.keys().next().value as string);
        return posts;
      } catch {
        return NONE;
      }
    },
  };
}
