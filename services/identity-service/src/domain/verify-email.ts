import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { withTransaction } from "@nova/db";
import { InvalidArgumentError } from "@nova/errors";
import { EmailVerifiedSchema } from "@nova/proto/identity/v1";
import type { ServiceContext } from "../context.ts";
import { lockAccountRow, updateAccount } from "../db/account-queries.ts";
import { consumeOneTimeToken } from "../db/one-time-token-queries.ts";
import { hashToken } from "../security/opaque-token.ts";
import { type AccountView, toAccountView } from "./account-view.ts";
import { authLimits } from "./rate-limits.ts";
import { recordAudit } from "./record-audit.ts";
import { cleanMeta, type RequestMeta } from "./request-meta.ts";

function invalid(): never {
  throw new InvalidArgumentError("verification token is invalid or expired", [
    { field: "token", message: "is invalid, expired or already used" },
  ]);
}

/** Marks the address verified with the mailed single-use token (no login needed: the link is the proof). */
export async function verifyEmail({
  ctx,
  input,
  meta,
}: {
  ctx: ServiceContext;
  input: { token: string };
  meta: RequestMeta;
}): Promise<AccountView> {
  meta = cleanMeta(meta);
  await ctx.limiter.hit(...authLimits(ctx, "verify_email", { ip: meta.ip }));
  const now = ctx.clock();
  return withTransaction(ctx.db.db, async (tx) => {
    const token = await consumeOneTimeToken(tx, hashToken(input.token), "verify_email", now);
    if (!token) invalid();
    const account = await lockAccountRow(tx, token.accountId);
    // The link verifies the address it was sent to, not whatever the account holds now.
    if (account?.status !== "active" || account.email !== token.email) invalid();
    if (account.emailVerifiedAt) return toAccountView(account);
    const updated = await updateAccount(tx, account.id, { emailVerifiedAt: now }, now);
    await ctx.outbox.enqueue(tx, {
      aggregateId: account.id,
      schema: EmailVerifiedSchema,
      payload: create(EmailVerifiedSchema, { accountId: account.id, verifiedAt: timestampFromDate(now) }),
      occurredAt: now,
    });
    await recordAudit(ctx, tx, "email.verified", { accountId: account.id, meta });
    return toAccountView(updated);
  });
}
