import type { AuthContext } from "@nova/auth";
import { withTransaction } from "@nova/db";
import type { ServiceContext } from "../context.ts";
import { revokeAccountSessions, revokeSession } from "../db/session-queries.ts";
import { recordAudit } from "./record-audit.ts";
import { cleanMeta, type RequestMeta } from "./request-meta.ts";
import { requireLiveSession } from "./require-live-session.ts";
import { announceRevocation, enqueueSessionsRevoked, RevocationReason } from "./revoke-tokens.ts";

/**
 * Ends the caller's session: its refresh tokens stop working at once, and its access token is
 * refused here at once and by every other service within a second (SessionsRevoked, announced on
 * the revocation channel right after the commit).
 */
export async function logOut({
  ctx,
  auth,
  meta,
}: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
  meta: RequestMeta;
}): Promise<void> {
  const { session } = await requireLiveSession(ctx, auth);
  const now = ctx.clock();
  const revocation = await withTransaction(ctx.db.db, async (tx) => {
    const revoked = await revokeSession(tx, session.id, "logout", now);
    await recordAudit(ctx, tx, "session.logged_out", {
      accountId: session.accountId,
      meta: cleanMeta(meta),
      details: { sessionId: session.id },
    });
    return enqueueSessionsRevoked(ctx, tx, {
      accountId: session.accountId,
      sessionIds: revoked ? [session.id] : [],
      reason: RevocationReason.LOGOUT,
      at: now,
    });
  });
  await announceRevocation(ctx, revocation);
}

/** Ends every session of the caller's account, this one included; returns how many were ended. */
export async function logOutEverywhere({
  ctx,
  auth,
  meta,
}: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
  meta: RequestMeta;
}): Promise<{ revokedSessions: number }> {
  const { account } = await requireLiveSession(ctx, auth);
  const now = ctx.clock();
  const { revokedSessions, revocation } = await withTransaction(ctx.db.db, async (tx) => {
    const ids = await revokeAccountSessions(tx, account.id, "logout_everywhere", now);
    await recordAudit(ctx, tx, "session.logged_out_everywhere", {
      accountId: account.id,
      meta: cleanMeta(meta),
      details: { revokedSessions: ids.length },
    });
    const revocation = await enqueueSessionsRevoked(ctx, tx, {
      accountId: account.id,
      sessionIds: ids,
      reason: RevocationReason.LOGOUT_EVERYWHERE,
      at: now,
    });
    return { revokedSessions: ids.length, revocation };
  });
  await announceRevocation(ctx, revocation);
  return { revokedSessions };
}
