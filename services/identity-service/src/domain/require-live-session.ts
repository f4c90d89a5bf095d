import { type AuthContext, requireAuth } from "@nova/auth";
import { UnauthenticatedError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { findAccountById } from "../db/account-queries.ts";
import type { AccountRow, SessionRow } from "../db/schema/index.ts";
import { findSession } from "../db/session-queries.ts";

/**
 * identity-service owns sessions, so its own verbs refuse a token of a revoked session or a
 * deleted account at once, instead of waiting for the token to expire as other services do.
 */
export async function requireLiveSession(
  ctx: ServiceContext,
  auth: AuthContext | undefined,
): Promise<{ auth: AuthContext; account: AccountRow; session: SessionRow }> {
  const a = requireAuth(auth);
  const session = await findSession(ctx.db.db, a.sessionId);
  if (!session || session.accountId !== a.accountId || session.revokedAt)
    throw new UnauthenticatedError("session has ended; log in again");
  const account = await findAccountById(ctx.db.db, a.accountId);
  if (account?.status !== "active") throw new UnauthenticatedError("account is not active");
  return { auth: a, account, session };
}
