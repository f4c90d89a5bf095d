import type { AuthContext } from "@nova/auth";
import { DomainError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { findAccountById } from "../db/account-queries.ts";
import { findSession } from "../db/session-queries.ts";

export type Introspection = { active: true; auth: AuthContext } | { active: false; reason: string };

/**
 * Whether an access token is still good right now: signature and expiry, and — what a JWKS check
 * alone cannot know — its session not revoked and its account active and not locked.
 */
export async function introspectToken({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { token: string };
}): Promise<Introspection> {
  let auth: AuthContext;
  try {
    auth = await ctx.verifier.verify(input.token);
  } catch (err) {
    if (err instanceof DomainError && err.code === "unauthenticated")
      return { active: false, reason: err.message };
    throw err;
  }
  const session = await findSession(ctx.db.db, auth.sessionId);
  if (!session || session.accountId !== auth.accountId) return { active: false, reason: "unknown session" };
  if (session.revokedAt) return { active: false, reason: "session revoked" };
  const account = await findAccountById(ctx.db.db, auth.accountId);
  if (account?.status !== "active") return { active: false, reason: "account deleted" };
  if (account.lockedUntil && account.lockedUntil > ctx.clock())
    return { active: false, reason: "account locked" };
  return { active: true, auth };
}
