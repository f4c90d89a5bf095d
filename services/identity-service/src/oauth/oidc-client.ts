import { UnauthenticatedError, UnavailableError } from "@nova/errors";
import { createRemoteJWKSet, type JWTPayload, errors as joseErrors, jwtVerify } from "jose";
import { createClientSecretResolver } from "./apple-client-secret.ts";
import type { OAuthProviderConfig } from "./oauth-providers.ts";

/** The parts of a provider's OpenID discovery document we use. */
export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  id_token_signing_alg_values_supported?: string[];
}

/** What a verified id_token says about the person. */
export interface ExternalIdentity {
  subject: string;
  email: string | undefined;
  /** Only true when the provider asserts it (Google: boolean; Apple: "true" as a string). */
  emailVerified: boolean;
  name: string | undefined;
}

/** Speaks OpenID Connect (authorization code + PKCE) to the configured providers. */
export interface OidcClient {
  authorizationUrl(
    provider: OAuthProviderConfig,
    p: { state: string; nonce: string; codeChallenge: string },
  ): Promise<string>;
  /** Exchanges the code at the token endpoint and verifies the id_token it returns. */
  redeemCode(
    provider: OAuthProviderConfig,
    p: { code: string; codeVerifier: string; nonce: string; now: Date },
  ): Promise<ExternalIdentity>;
}

const METADATA_TTL_MS = 3_600_000;
const HTTP_TIMEOUT_MS = 10_000;
/** Algorithms accepted for id_tokens whatever the provider advertises (never `none` or HMAC). */
const SAFE_ALGS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"];

async function fetchJson(url: string, init: RequestInit, what: string): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
  } catch (err) {
    throw new UnavailableError(`${what} unreachable: ${err instanceof Error ? err.message : String(err)}`);
  }
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new UnavailableError(`${what} answered ${res.status} with a non-JSON body`);
  }
  if (res.status >= 500) throw new UnavailableError(`${what} answered ${res.status}`);
  if (!res.ok) {
    // 4xx from the token endpoint: the code was bad, used or expired — the user's login failed.
    const reason = typeof body.error === "string" ? body.error : `status ${res.status}`;
    throw new UnauthenticatedError(`${what} refused: ${reason}`);
  }
  return body;
}

function asBoolean(v: unknown): boolean {
  return v === true || v === "true";
}

export function createOidcClient(): OidcClient {
  const metadata = new Map<string, { doc: ProviderMetadata; until: number }>();
  const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  const clientSecret = createClientSecretResolver();

  async function discover(provider: OAuthProviderConfig): Promise<ProviderMetadata> {
    const hit = metadata.get(provider.issuer);
    if (hit && hit.until > Date.now()) return hit.doc;
    const url = `${provider.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
    const doc = (await fetchJson(url, {}, `${provider.name} discovery`)) as unknown as ProviderMetadata;
    for (const field of ["issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"] as const)
      if (typeof doc[field] !== "string")
        throw new UnavailableError(`${provider.name} discovery document lacks ${field}`);
    // OIDC Discovery §4.3: the document's issuer must be the one we asked.
    if (doc.issuer.replace(/\/$/, "") !== provider.issuer.replace(/\/$/, ""))
      throw new UnavailableError(`${provider.name} discovery issuer ${doc.issuer} ≠ ${provider.issuer}`);
    metadata.set(provider.issuer, { doc, until: Date.now() + METADATA_TTL_MS });
    return doc;
  }

  function keySet(jwksUri: string) {
    let set = keySets.get(jwksUri);
    if (!set) {
      set = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: HTTP_TIMEOUT_MS });
      keySets.set(jwksUri, set);
    }
    return set;
  }

  return {
    async authorizationUrl(provider, p) {
      const meta = await discover(provider);
      const url = new URL(meta.authorization_endpoint);
      const q = url.searchParams;
      q.set("response_type", "code");
      q.set("client_id", provider.clientId);
      q.set("redirect_uri", provider.redirectUri);
      q.set("scope", provider.scopes.join(" "));
      q.set("state", p.state);
      q.set("nonce", p.nonce);
      q.set("code_challenge", p.codeChallenge);
      q.set("code_challenge_method", "S256");
      if (provider.responseMode) q.set("response_mode", provider.responseMode);
      return url.toString();
    },

    async redeemCode(provider, p) {
      const meta = await discover(provider);
      const form = new URLSearchParams({
        grant_type: "authorization_code",
        code: p.code,
        redirect_uri: provider.redirectUri,
        client_id: provider.clientId,
        code_verifier: p.codeVerifier,
      });
      const secret = await clientSecret(provider.secret, {
        clientId: provider.clientId,
        audience: meta.issuer,
        now: p.now,
      });
      if (secret) form.set("client_secret", secret);
      const tokens = await fetchJson(
        meta.token_endpoint,
        {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
          body: form,
        },
        `${provider.name} token endpoint`,
      );
      if (typeof tokens.id_token !== "string")
        throw new UnavailableError(`${provider.name} token endpoint returned no id_token`);
      let claims: JWTPayload;
      try {
        ({ payload: claims } = await jwtVerify(tokens.id_token, keySet(meta.jwks_uri), {
          issuer: meta.issuer,
          audience: provider.clientId,
          algorithms: SAFE_ALGS,
          currentDate: p.now,
          clockTolerance: 60,
          requiredClaims: ["sub", "exp", "iat"],
        }));
      } catch (err) {
        if (err instanceof joseErrors.JOSEError && !(err instanceof joseErrors.JWKSTimeout))
          throw new UnauthenticatedError(`${provider.name} id_token rejected: ${err.message}`);
        throw new UnavailableError(`${provider.name} keys unavailable`);
      }
      if (claims.nonce !== p.nonce)
        throw new UnauthenticatedError(`${provider.name} id_token nonce mismatch`);
      return {
        subject: String(claims.sub),
        email: typeof claims.email === "string" ? claims.email : undefined,
        emailVerified: asBoolean(claims.email_verified),
        name: typeof claims.name === "string" ? claims.name : undefined,
      };
    },
  };
}
