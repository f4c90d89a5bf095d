import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { AuthContext } from "@nova/auth";
import { withTransaction } from "@nova/db";
import { FailedPreconditionError, InvalidArgumentError } from "@nova/errors";
import { TwoFactorDisabledSchema } from "@nova/proto/identity/v1";
import type { ServiceContext } from "../context.ts";
import { lockAccountRow, updateAccount } from "../db/account-queries.ts";
import { deleteRecoveryCodes } from "../db/recovery-code-queries.ts";
import { authLimits } from "./rate-limits.ts";
import { recordAudit } from "./record-audit.ts";
import { cleanMeta, type RequestMeta } from "./request-meta.ts";
import { requireLiveSession } from "./require-live-session.ts";
import { checkSecondFactor } from "./two-factor-code.ts";

/** Turns two-factor off; needs both the password and a current code (or a recovery code). */
export async function disableTwoFactor({
  ctx,
  auth,
  input,
  meta,
}: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
  input: { password: string; code: string };
  meta: RequestMeta;
}): Promise<void> {
  meta = cleanMeta(meta);
  const { account } = await requireLiveSession(ctx, auth);
  await ctx.limiter.hit(...authLimits(ctx, "two_factor", { ip: meta.ip, account: account.id }));
  if (!account.totpEnabledAt) throw new FailedPreconditionError("two-factor authentication is not on");
  const passwordOk = account.passwordHash
    ? (await ctx.passwords.verify(input.password, account.passwordHash)).ok
    : false;
  if (!passwordOk)
    throw new InvalidArgumentError("password is incorrect", [{ field: "password", message: "is incorrect" }]);
  const now = ctx.clock();
  await withTransaction(ctx.db.db, async (tx) => {
    const locked = (await lockAccountRow(tx, account.id)) ?? account;
    if (!(await checkSecondFactor(ctx, tx, locked, input.code)))
      throw new InvalidArgumentError("code is incorrect", [{ field: "code", message: "is incorrect" }]);
    await updateAccount(tx, account.id, { totpEnabledAt: null, totpSecret: null, totpLastStep: null }, now);
    await deleteRecoveryCodes(tx, account.id);
    await ctx.outbox.enqueue(tx, {
      aggregateId: account.id,
      schema: TwoFactorDisabledSchema,
      payload: create(TwoFactorDisabledSchema, { accountId: account.id, disabledAt: timestampFromDate(now) }),
      occurredAt: now,
    });
    await recordAudit(ctx, tx, "two_factor.disabled", { accountId: account.id, meta });
  });
}
