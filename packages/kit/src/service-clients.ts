import { createTokenVerifier, JWKS_PATH, type RevocationView, type TokenVerifier } from "@nova/auth";
import { type CacheStore, createCacheStore } from "@nova/cache";
import type { BaseContext } from "./base-context.ts";

/**
 * Verifies access tokens against identity-service's JWKS (or the configured JWT_PUBLIC_KEY_PEM),
 * with the context's clock so token expiry follows the same time as the service's other rules, and
 * refusing what the revocation view (`startRevocationView`) says was revoked.
 */
export function createServiceTokenVerifier(
  ctx: BaseContext,
  identityServiceUrl: string,
  opts: { revocations?: RevocationView } = {},
): TokenVerifier {
  const { config } = ctx;
  return createTokenVerifier({
    ...(opts.revocations ? { revocations: opts.revocations } : {}),
    clock: ctx.clock,
    jwksUrl: new URL(JWKS_PATH, identityServiceUrl).toString(),
    ...(config.jwt.publicKeyPem ? { publicKeys: [config.jwt.publicKeyPem] } : {}),
    disableAuth: config.auth.disabled,
    environment: config.service.env,
  });
}

/** The service's cache store (Redis when REDIS_URL is set, in-process otherwise), closed with the context. */
export async function createServiceCacheStore(ctx: BaseContext): Promise<CacheStore> {
  const store = await createCacheStore({
    redisUrl: ctx.config.redis.url,
    redisPoolSize: ctx.config.redis.poolSize,
    connectionName: ctx.config.service.name,
  });
  ctx.onClose(() => store.close());
  return store;
}
