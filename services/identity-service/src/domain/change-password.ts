import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { AuthContext } from "@nova/auth";
import { withTransaction } from "@nova/db";
import { FailedPreconditionError, InvalidArgumentError } from "@nova/errors";
import { PasswordChangedSchema } from "@nova/proto/identity/v1";
import type { ServiceContext } from "../context.ts";
import { updateAccount } from "../db/account-queries.ts";
import { revokeAccountSessions } from "../db/session-queries.ts";
import { checkPasswordStrength } from "../security/password-policy.ts";
import { recordAudit } from "./record-audit.ts";
import { cleanMeta, type RequestMeta } from "./request-meta.ts";
import { requireLiveSession } from "./require-live-session.ts";
import { announceRevocation, enqueueSessionsRevoked, RevocationReason } from "./revoke-tokens.ts";

/** Changes the caller's password (current one required) and ends every other session. */
export async function changePassword({
  ctx,
  auth,
  input,
  meta,
}: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
  input: { currentPassword: string; newPassword: string };
  meta: RequestMeta;
}): Promise<{ revokedSessions: number }> {
  meta = cleanMeta(meta);
  const { account, session } = await requireLiveSession(ctx, auth);
  if (!account.passwordHash)
    throw new FailedPreconditionError("this account has no password; use password reset to set one");
  const { ok } = await ctx.passwords.verify(input.currentPassword, account.passwordHash);
  if (!ok)
    throw new InvalidArgumentError("current password is incorrect", [
      { field: "currentPassword", message: "is incorrect" },
    ]);
  checkPasswordStrength(input.newPassword, account, "newPassword");
  if (input.newPassword === input.currentPassword)
    throw new InvalidArgumentError("new password must differ", [
      { field: "newPassword", message: "must differ from the current password" },
    ]);
  const hash = await ctx.passwords.hash(input.newPassword);
  const now = ctx.clock();
  const { revokedSessions, revocation } = await withTransaction(ctx.db.db, async (tx) => {
    await updateAccount(tx, account.id, { passwordHash: hash, passwordChangedAt: now }, now);
    const ids = await revokeAccountSessions(tx, account.id, "password_change", now, session.id);
    const revokedSessions = ids.length;
    await ctx.outbox.enqueue(tx, {
      aggregateId: account.id,
      schema: PasswordChangedSchema,
      payload: create(PasswordChangedSchema, {
        accountId: account.id,
        method: "change",
        changedAt: timestampFromDate(now),
      }),
      occurredAt: now,
    });
    await recordAudit(ctx, tx, "password.changed", {
      accountId: account.id,
      meta,
      details: { revokedSessions },
    });
    const revocation = await enqueueSessionsRevoked(ctx, tx, {
      accountId: account.id,
      sessionIds: ids,
      reason: RevocationReason.PASSWORD_CHANGED,
      at: now,
    });
    return { revokedSessions, revocation };
  });
  await announceRevocation(ctx, revocation);
  return { revokedSessions };
}
