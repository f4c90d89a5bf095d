import { signAccessToken } from "@nova/auth";
import type { Database } from "@nova/db";
import type { ServiceContext } from "../context.ts";
import { insertRefreshToken } from "../db/refresh-token-queries.ts";
import { listAccountRoles } from "../db/staff-role-queries.ts";
import { hashToken, newOpaqueToken } from "../security/opaque-token.ts";
import { assertNotSuspended } from "./account-suspension.ts";

/** What a client gets after login, registration or refresh. */
export interface TokenPair {
  tokenType: "Bearer";
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  sessionId: string;
  /** Given when a session starts (not on refresh): send it with this device's next login. */
  deviceToken?: string;
}

/**
 * Signs an access token carrying the account's current staff roles (read in `db`, so a token
 * issued in the transaction of a role change already has the new set) and stores a new refresh
 * token in the session's family.
 */
export async function issueTokenPair(
  ctx: ServiceContext,
  db: Database,
  accountId: string,
  sessionId: string,
): Promise<TokenPair> {
  // Login (every method) and refresh end here: a suspended or banned account gets no tokens.
  await assertNotSuspended(ctx, db, accountId);
  const now = ctx.clock();
  const issuedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const accessExpires = new Date(issuedAt.getTime() + ctx.config.extra.ACCESS_TOKEN_TTL);
  const refreshExpires = new Date(now.getTime() + ctx.config.extra.REFRESH_TOKEN_TTL);
  const refreshToken = newOpaqueToken();
  await insertRefreshToken(db, {
    id: Bun.randomUUIDv7(),
    sessionId,
    tokenHash: hashToken(refreshToken),
    createdAt: now,
    expiresAt: refreshExpires,
  });
  const roles = await listAccountRoles(db, accountId);
  const accessToken = await signAccessToken(
    { accountId, sessionId, tokenId: Bun.randomUUIDv7(), issuedAt, expiresAt: accessExpires, roles },
    ctx.keys.current(),
  );
  return {
    tokenType: "Bearer",
    accessToken,
    expiresIn: Math.round((accessExpires.getTime() - now.getTime()) / 1000),
    accessTokenExpiresAt: accessExpires.toISOString(),
    refreshToken,
    refreshTokenExpiresAt: refreshExpires.toISOString(),
    sessionId,
  };
}
