import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { withTransaction } from "@nova/db";
import { InvalidArgumentError } from "@nova/errors";
import { PasswordChangedSchema } from "@nova/proto/identity/v1";
import type { ServiceContext } from "../context.ts";
import { findAccountById, lockAccountRow, updateAccount } from "../db/account-queries.ts";
import { consumeOneTimeToken, peekOneTimeToken } from "../db/one-time-token-queries.ts";
import { revokeAccountSessions } from "../db/session-queries.ts";
import { hashToken } from "../security/opaque-token.ts";
import { checkPasswordStrength } from "../security/password-policy.ts";
import { authLimits } from "./rate-limits.ts";
import { recordAudit } from "./record-audit.ts";
import { cleanMeta, type RequestMeta } from "./request-meta.ts";
import { announceRevocation, enqueueSessionsRevoked, RevocationReason } from "./revoke-tokens.ts";

const invalid = () =>
  new InvalidArgumentError("reset token is invalid or expired", [
    { field: "token", message: "is invalid, expired or already used" },
  ]);

/**
 * Sets a new password with a mailed reset token, ends every session (whoever knew the old
 * password is logged out) and clears a lockout. The token is used up only when the new password is accepted.
 */
export async function resetPassword({
  ctx,
  input,
  meta,
}: {
  ctx: ServiceContext;
  input: { token: string; newPassword: string };
  meta: RequestMeta;
}): Promise<{ revokedSessions: number }> {
  meta = cleanMeta(meta);
  await ctx.limiter.hit(...authLimits(ctx, "reset", { ip: meta.ip }));
  const now = ctx.clock();
  const tokenHash = hashToken(input.token);
  const peek = await peekOneTimeToken(ctx.db.db, tokenHash, "reset_password", now);
  if (!peek) throw invalid();
  const owner = await findAccountById(ctx.db.db, peek.accountId);
  checkPasswordStrength(input.newPassword, owner ?? {}, "newPassword");
  const hash = await ctx.passwords.hash(input.newPassword);
  const { revokedSessions, revocation } = await withTransaction(ctx.db.db, async (tx) => {
    const token = await consumeOneTimeToken(tx, tokenHash, "reset_password", now);
    if (!token) throw invalid();
    const account = await lockAccountRow(tx, token.accountId);
    if (account?.status !== "active") throw invalid();
    await updateAccount(
      tx,
      account.id,
      { passwordHash: hash, passwordChangedAt: now, failedLoginCount: 0, lockedUntil: null },
      now,
    );
    const ids = await revokeAccountSessions(tx, account.id, "password_reset", now);
    const revokedSessions = ids.length;
    await ctx.outbox.enqueue(tx, {
      aggregateId: account.id,
      schema: PasswordChangedSchema,
      payload: create(PasswordChangedSchema, {
        accountId: account.id,
        method: "reset",
        changedAt: timestampFromDate(now),
      }),
      occurredAt: now,
    });
    await recordAudit(ctx, tx, "password.reset", {
      accountId: account.id,
      meta,
      details: { revokedSessions },
    });
    const revocation = await enqueueSessionsRevoked(ctx, tx, {
      accountId: account.id,
      sessionIds: ids,
      reason: RevocationReason.PASSWORD_RESET,
      at: now,
    });
    return { revokedSessions, revocation };
  });
  await announceRevocation(ctx, revocation);
  return { revokedSessions };
}
