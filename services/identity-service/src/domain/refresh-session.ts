import { withTransaction } from "@nova/db";
import { UnauthenticatedError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { findAccountById } from "../db/account-queries.ts";
import { claimRefreshToken, findRefreshToken } from "../db/refresh-token-queries.ts";
import { findSession, revokeSession, touchSession } from "../db/session-queries.ts";
import { hashToken } from "../security/opaque-token.ts";
import { recordAudit } from "./record-audit.ts";
import { cleanMeta, type RequestMeta } from "./request-meta.ts";
import { announceRevocation, enqueueSessionsRevoked, RevocationReason } from "./revoke-tokens.ts";
import { issueTokenPair, type TokenPair } from "./token-pair.ts";

const INVALID = () => new UnauthenticatedError("refresh token is invalid or expired; log in again");

/**
 * Rotates a refresh token: the presented one is used up and a new pair is issued in the same
 * session. A token presented after it was rotated means two parties hold it — the legitimate
 * client and a thief — so the whole family (the session) is revoked and both must log in again.
 */
export async function refreshSession({
  ctx,
  input,
  meta,
}: {
  ctx: ServiceContext;
  input: { refreshToken: string };
  meta: RequestMeta;
}): Promise<TokenPair> {
  meta = cleanMeta(meta);
  const now = ctx.clock();
  const token = await findRefreshToken(ctx.db.db, hashToken(input.refreshToken));
  if (!token) throw INVALID();
  const session = await findSession(ctx.db.db, token.sessionId);
  if (!session || session.revokedAt) throw INVALID();

  const reused = async () => {
    const revocation = await withTransaction(ctx.db.db, async (tx) => {
      const revoked = await revokeSession(tx, session.id, "refresh_token_reuse", now);
      await recordAudit(ctx, tx, "token.reuse_detected", {
        accountId: session.accountId,
        meta,
        details: { sessionId: session.id },
      });
      // The family's access tokens go too: one of them may be the thief's.
      return enqueueSessionsRevoked(ctx, tx, {
        accountId: session.accountId,
        sessionIds: revoked ? [session.id] : [],
        reason: RevocationReason.REFRESH_TOKEN_REUSE,
        at: now,
      });
    });
    await announceRevocation(ctx, revocation);
    ctx.log.warn("refresh token reuse: session revoked", {
      sessionId: session.id,
      accountId: session.accountId,
    });
    return INVALID();
  };
  if (token.usedAt) throw await reused();
  if (token.expiresAt <= now) throw INVALID();
  const account = await findAccountById(ctx.db.db, session.accountId);
  if (account?.status !== "active") throw INVALID();

  const result = await withTransaction(ctx.db.db, async (tx) => {
    if (!(await claimRefreshToken(tx, token.id, now))) return undefined; // lost a race with itself
    await touchSession(tx, session.id, now, meta.ip, meta.userAgent);
    await recordAudit(ctx, tx, "token.refreshed", {
      accountId: account.id,
      meta,
      details: { sessionId: session.id },
    });
    return issueTokenPair(ctx, tx, account.id, session.id);
  });
  if (!result) throw await reused();
  return result;
}
