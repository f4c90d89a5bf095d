import { createHash } from "node:crypto";
import { NotFoundError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { hashToken, newOpaqueToken } from "../security/opaque-token.ts";
import { authLimits } from "./rate-limits.ts";
import { cleanMeta, type RequestMeta } from "./request-meta.ts";

/** How long a user may take at the provider between start and callback. */
export const OAUTH_FLOW_TTL_MS = 10 * 60_000;

/** What the callback needs to finish a flow; kept server-side, keyed by the state's hash. */
export interface PendingOAuthFlow {
  provider: string;
  nonce: string;
  codeVerifier: string;
  deviceName?: string;
  expiresAt: string;
}

export const oauthFlowKey = (state: string) => `identity:oauth-flow:${hashToken(state)}`;

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64url");
}

/**
 * First leg of "log in with Google/Apple": a fresh state (CSRF), nonce (id_token replay) and PKCE
 * verifier (S256) are stored for OAUTH_FLOW_TTL_MS, and the provider's authorize URL is returned
 * for the client to open.
 */
export async function startOAuthLogin({
  ctx,
  input,
  meta,
}: {
  ctx: ServiceContext;
  input: { provider: string; deviceName?: string };
  meta: RequestMeta;
}): Promise<{ authorizationUrl: string; state: string; expiresAt: string }> {
  const provider = ctx.oauth.get(input.provider);
  if (!provider) throw new NotFoundError("oauth provider", input.provider);
  // Each start stores a pending flow: limited per IP like logins, so nobody can fill the cache.
  await ctx.limiter.hit(...authLimits(ctx, "login", { ip: cleanMeta(meta).ip }));
  const state = newOpaqueToken();
  const nonce = newOpaqueToken();
  const codeVerifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const codeChallenge = base64url(createHash("sha256").update(codeVerifier).digest());
  const expiresAt = new Date(ctx.clock().getTime() + OAUTH_FLOW_TTL_MS).toISOString();
  const authorizationUrl = await ctx.oidc.authorizationUrl(provider, { state, nonce, codeChallenge });
  const flow: PendingOAuthFlow = {
    provider: provider.name,
    nonce,
    codeVerifier,
    expiresAt,
    ...(input.deviceName ? { deviceName: input.deviceName.slice(0, 100) } : {}),
  };
  await ctx.cache.set(oauthFlowKey(state), flow, { ttlMs: OAUTH_FLOW_TTL_MS });
  return { authorizationUrl, state, expiresAt };
}
