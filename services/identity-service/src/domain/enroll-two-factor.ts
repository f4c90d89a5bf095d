import type { AuthContext } from "@nova/auth";
import { FailedPreconditionError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { updateAccount } from "../db/account-queries.ts";
import { newTotpSecret, otpauthUri } from "../security/totp.ts";
import { recordAudit } from "./record-audit.ts";
import { cleanMeta, type RequestMeta } from "./request-meta.ts";
import { requireLiveSession } from "./require-live-session.ts";

/**
 * Starts two-factor enrolment: a new TOTP secret and its `otpauth://` URI for an authenticator
 * app. Nothing changes at login until the caller confirms a code from the app.
 */
export async function enrollTwoFactor({
  ctx,
  auth,
  meta,
}: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
  meta: RequestMeta;
}): Promise<{ secret: string; otpauthUri: string }> {
  const { account } = await requireLiveSession(ctx, auth);
  if (account.totpEnabledAt)
    throw new FailedPreconditionError("two-factor authentication is already on; disable it first");
  const secret = newTotpSecret();
  await updateAccount(ctx.db.db, account.id, { totpSecret: secret, totpLastStep: null }, ctx.clock());
  await recordAudit(ctx, ctx.db.db, "two_factor.enrolment_started", {
    accountId: account.id,
    meta: cleanMeta(meta),
  });
  return { secret, otpauthUri: otpauthUri(secret, account.email ?? account.username ?? account.id) };
}
