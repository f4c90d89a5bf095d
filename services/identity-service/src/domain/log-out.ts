import type { AuthContext } from "@nova/auth";
import { withTransaction } from "@nova/db";
import type { ServiceContext } from "../context.ts";
import { revokeAccountSessions, revokeSession } from "../db/session-queries.ts";
import { recordAudit } from "./record-audit.ts";
import { cleanMeta, type RequestMeta } from "./request-meta.ts";
import { requireLiveSession } from "./require-live-session.ts";

/**
 * Ends the caller's session: its refresh tokens stop working at once and identity-service refuses
 * its access token; other services refuse it when it expires (ACCESS_TOKEN_TTL) or at once via
 * IntrospectToken.
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
  await withTransaction(ctx.db.db, async (tx) => {
    await revokeSession(tx, session.id, "logout", ctx.clock());
    await recordAudit(ctx, tx, "session.logged_out", {
      accountId: session.accountId,
      meta: cleanMeta(meta),
      details: { sessionId: session.id },
    });
  });
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
  return withTransaction(ctx.db.db, async (tx) => {
    const revokedSessions = await revokeAccountSessions(tx, account.id, "logout_everywhere", ctx.clock());
    await recordAudit(ctx, tx, "session.logged_out_everywhere", {
      accountId: account.id,
      meta: cleanMeta(meta),
      details: { revokedSessions },
    });
    return { revokedSessions };
  });
}
