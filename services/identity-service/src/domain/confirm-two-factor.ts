import { randomBytes } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { AuthContext } from "@nova/auth";
import { withTransaction } from "@nova/db";
import { FailedPreconditionError, InvalidArgumentError } from "@nova/errors";
import { TwoFactorEnabledSchema } from "@nova/proto/identity/v1";
import type { ServiceContext } from "../context.ts";
import { lockAccountRow, updateAccount } from "../db/account-queries.ts";
import { replaceRecoveryCodes } from "../db/recovery-code-queries.ts";
import { hashToken } from "../security/opaque-token.ts";
import { authLimits } from "./rate-limits.ts";
import { recordAudit } from "./record-audit.ts";
import { cleanMeta, type RequestMeta } from "./request-meta.ts";
import { requireLiveSession } from "./require-live-session.ts";
import { checkSecondFactor } from "./two-factor-code.ts";

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** Ten codes of 10 characters from an unambiguous alphabet (~49 bits each), shown as xxxxx-xxxxx. */
function newRecoveryCodes(): string[] {
  return Array.from({ length: 10 }, () => {
    const bytes = randomBytes(10);
    return Array.from(bytes, (b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join("");
  });
}

/**
 * Turns two-factor on after the caller proves the app works (a current code). Returns ten
 * one-time recovery codes — shown once, stored only as hashes.
 */
export async function confirmTwoFactor({
  ctx,
  auth,
  input,
  meta,
}: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
  input: { code: string };
  meta: RequestMeta;
}): Promise<{ recoveryCodes: string[] }> {
  meta = cleanMeta(meta);
  const { account } = await requireLiveSession(ctx, auth);
  await ctx.limiter.hit(...authLimits(ctx, "two_factor", { ip: meta.ip, account: account.id }));
  if (account.totpEnabledAt) throw new FailedPreconditionError("two-factor authentication is already on");
  if (!account.totpSecret) throw new FailedPreconditionError("start enrolment first");
  const codes = newRecoveryCodes();
  const now = ctx.clock();
  return withTransaction(ctx.db.db, async (tx) => {
    const locked = (await lockAccountRow(tx, account.id)) ?? account;
    if (
      !/^\d{6}$/.test(input.code.trim()) ||
      (await checkSecondFactor(ctx, tx, locked, input.code)) !== "totp"
    )
      throw new InvalidArgumentError("code is incorrect", [
        { field: "code", message: "is not the current code of the app" },
      ]);
    await updateAccount(tx, account.id, { totpEnabledAt: now }, now);
    await replaceRecoveryCodes(
      tx,
      account.id,
      codes.map((c) => ({ id: Bun.randomUUIDv7(), codeHash: hashToken(c) })),
      now,
    );
    await ctx.outbox.enqueue(tx, {
      aggregateId: account.id,
      schema: TwoFactorEnabledSchema,
      payload: create(TwoFactorEnabledSchema, { accountId: account.id, enabledAt: timestampFromDate(now) }),
      occurredAt: now,
    });
    await recordAudit(ctx, tx, "two_factor.enabled", { accountId: account.id, meta });
    return { recoveryCodes: codes.map((c) => `${c.slice(0, 5)}-${c.slice(5)}`) };
  });
}
