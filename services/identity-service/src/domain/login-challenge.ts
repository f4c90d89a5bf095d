import type { ServiceContext } from "../context.ts";
import { insertOneTimeToken } from "../db/one-time-token-queries.ts";
import { hashToken, newOpaqueToken } from "../security/opaque-token.ts";

/** How long the second step of a two-factor login may take. */
export const LOGIN_CHALLENGE_TTL_MS = 5 * 60_000;

/**
 * The proof that the password step passed: an opaque single-use token (not a JWT, so it can never
 * be mistaken for an access token). The device name waits in the cache until the second step.
 */
export async function issueLoginChallenge(
  ctx: ServiceContext,
  accountId: string,
  deviceName: string | undefined,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newOpaqueToken();
  const now = ctx.clock();
  const expiresAt = new Date(now.getTime() + LOGIN_CHALLENGE_TTL_MS);
  await insertOneTimeToken(ctx.db.db, {
    id: Bun.randomUUIDv7(),
    accountId,
    purpose: "login_challenge",
    tokenHash: hashToken(token),
    createdAt: now,
    expiresAt,
  });
  if (deviceName)
    await ctx.cache.set(`identity:challenge-device:${hashToken(token)}`, deviceName, {
      ttlMs: LOGIN_CHALLENGE_TTL_MS,
    });
  return { token, expiresAt };
}
