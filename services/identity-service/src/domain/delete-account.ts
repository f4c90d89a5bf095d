import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { AuthContext } from "@nova/auth";
import { withTransaction } from "@nova/db";
import { FailedPreconditionError, InvalidArgumentError } from "@nova/errors";
import { AccountDeletedSchema } from "@nova/proto/identity/v1";
import type { ServiceContext } from "../context.ts";
import { lockAccountRow } from "../db/account-queries.ts";
import { eraseAccountData } from "../db/erase-account-data.ts";
import { revokeAccountSessions } from "../db/session-queries.ts";
import { authLimits } from "./rate-limits.ts";
import { recordAudit } from "./record-audit.ts";
import { cleanMeta, type RequestMeta } from "./request-meta.ts";
import { requireLiveSession } from "./require-live-session.ts";
import { announceRevocation, enqueueAccountTokensRevoked, RevocationReason } from "./revoke-tokens.ts";
import { checkSecondFactor } from "./two-factor-code.ts";

/** An account without password or two-factor (OAuth only) proves itself by a login this recent. */
export const DELETE_REAUTH_WINDOW_MS = 10 * 60_000;

export interface DeleteAccountInput {
  /** Required when the account has a password. */
  password?: string;
  /** A current TOTP (or unused recovery) code; required when two-factor is on. */
  code?: string;
}

const wrong = (field: "password" | "code", message: string) =>
  new InvalidArgumentError(`${field} ${message}`, [{ field, message }]);

/**
 * How long after a deletion the erasure is run again: past the expiry of the account's last access
 * token (plus the verifiers' margin), so a write accepted from one of its tokens before the
 * revocation reached a service — or while that service's view was down — is erased too.
 */
export function erasureSweepDelayMs(ctx: ServiceContext): number {
  return ctx.config.extra.ACCOUNT_ERASURE_SWEEP_DELAY ?? ctx.config.extra.ACCESS_TOKEN_TTL + 60_000;
}

/**
 * Deletes the caller's account: every factor it has must be confirmed (password, and a fresh code
 * when two-factor is on); personal data is erased, every session revoked, and AccountDeleted is
 * written to the outbox in the same transaction so the other services erase their part — twice:
 * now, and again (`sweep`) once its last token has expired. AccountTokensRevoked makes every
 * service refuse its access tokens within a second.
 */
export async function deleteAccount({
  ctx,
  auth,
  input,
  meta,
}: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
  input: DeleteAccountInput;
  meta: RequestMeta;
}): Promise<{ deletedAt: string }> {
  meta = cleanMeta(meta);
  const { account, session } = await requireLiveSession(ctx, auth);
  await ctx.limiter.hit(...authLimits(ctx, "login", { ip: meta.ip, account: account.id }));
  if (account.passwordHash) {
    if (!input.password) throw wrong("password", "is required to delete the account");
    if (!(await ctx.passwords.verify(input.password, account.passwordHash)).ok)
      throw wrong("password", "is incorrect");
  }
  const now = ctx.clock();
  if (
    !account.passwordHash &&
    !account.totpEnabledAt &&
    now.getTime() - session.createdAt.getTime() > DELETE_REAUTH_WINDOW_MS
  )
    throw new FailedPreconditionError("log in again (within the last 10 minutes) to delete the account");

  const revocation = await withTransaction(ctx.db.db, async (tx) => {
    const locked = (await lockAccountRow(tx, account.id)) ?? account;
    if (locked.totpEnabledAt) {
      if (!input.code) throw wrong("code", "is required when two-factor authentication is on");
      if (!(await checkSecondFactor(ctx, tx, locked, input.code))) throw wrong("code", "is incorrect");
    }
    const revoked = await revokeAccountSessions(tx, account.id, "account_deleted", now);
    await eraseAccountData(tx, account.id, now);
    await ctx.outbox.enqueue(tx, {
      aggregateId: account.id,
      schema: AccountDeletedSchema,
      payload: create(AccountDeletedSchema, { accountId: account.id, deletedAt: timestampFromDate(now) }),
      occurredAt: now,
    });
    const revocation = await enqueueAccountTokensRevoked(ctx, tx, {
      accountId: account.id,
      reason: RevocationReason.ACCOUNT_DELETED,
      at: now,
    });
    // The account's last event (enqueued last: later events of an aggregate wait behind a delayed one).
    const sweepAt = new Date(now.getTime() + erasureSweepDelayMs(ctx));
    await ctx.outbox.enqueue(tx, {
      aggregateId: account.id,
      schema: AccountDeletedSchema,
      payload: create(AccountDeletedSchema, {
        accountId: account.id,
        deletedAt: timestampFromDate(now),
        sweep: true,
      }),
      occurredAt: sweepAt,
      availableAt: sweepAt,
    });
    await recordAudit(ctx, tx, "account.deleted", {
      accountId: account.id,
      details: { revokedSessions: revoked.length },
    });
    return revocation;
  });
  await announceRevocation(ctx, revocation);
  return { deletedAt: now.toISOString() };
}
