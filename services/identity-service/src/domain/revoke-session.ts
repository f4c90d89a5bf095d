import type { AuthContext } from "@nova/auth";
import { withTransaction } from "@nova/db";
import { NotFoundError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { findSession, revokeSession as revokeSessionRow } from "../db/session-queries.ts";
import { recordAudit } from "./record-audit.ts";
import { cleanMeta, type RequestMeta } from "./request-meta.ts";
import { requireLiveSession } from "./require-live-session.ts";
import { announceRevocation, enqueueSessionsRevoked, RevocationReason } from "./revoke-tokens.ts";

/**
 * Revokes one of the caller's sessions (e.g. a lost phone). Another account's session id answers
 * 404 like an unknown one, so ids cannot be probed.
 */
export async function revokeSession({
  ctx,
  auth,
  input,
  meta,
}: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
  input: { sessionId: string };
  meta: RequestMeta;
}): Promise<void> {
  const { account } = await requireLiveSession(ctx, auth);
  const target = /^[0-9a-f-]{36}$/i.test(input.sessionId)
    ? await findSession(ctx.db.db, input.sessionId)
    : undefined;
  if (!target || target.accountId !== account.id || target.revokedAt)
    throw new NotFoundError("session", input.sessionId);
  const now = ctx.clock();
  const revocation = await withTransaction(ctx.db.db, async (tx) => {
    const revoked = await revokeSessionRow(tx, target.id, "revoked_by_owner", now);
    await recordAudit(ctx, tx, "session.revoked", {
      accountId: account.id,
      meta: cleanMeta(meta),
      details: { sessionId: target.id },
    });
    return enqueueSessionsRevoked(ctx, tx, {
      accountId: account.id,
      sessionIds: revoked ? [target.id] : [],
      reason: RevocationReason.SESSION_REVOKED,
      at: now,
    });
  });
  await announceRevocation(ctx, revocation);
}
