import type { Database } from "@nova/db";
import type { ServiceContext } from "../context.ts";
import { updateAccount } from "../db/account-queries.ts";
import { consumeRecoveryCode } from "../db/recovery-code-queries.ts";
import type { AccountRow } from "../db/schema/index.ts";
import { hashToken } from "../security/opaque-token.ts";
import { verifyTotp } from "../security/totp.ts";

/** Normalises a recovery code as typed ("abcd-efgh-ij" or "ABCDEFGHIJ"). */
export function normalizeRecoveryCode(code: string): string {
  return code.replace(/[\s-]/g, "").toLowerCase();
}

/**
 * Checks a second factor: a TOTP code (each 30-second step accepted once) or an unused recovery
 * code (then used up). Returns what matched, or undefined.
 */
export async function checkSecondFactor(
  ctx: ServiceContext,
  db: Database,
  account: AccountRow,
  code: string,
  secret = account.totpSecret,
): Promise<"totp" | "recovery_code" | undefined> {
  const now = ctx.clock();
  const trimmed = code.trim();
  if (secret && /^\d{6}$/.test(trimmed)) {
    const step = verifyTotp(secret, trimmed, now);
    if (step === undefined || (account.totpLastStep !== null && step <= account.totpLastStep))
      return undefined;
    await updateAccount(db, account.id, { totpLastStep: step }, now);
    return "totp";
  }
  const normalized = normalizeRecoveryCode(trimmed);
  if (
    /^[a-z0-9]{10}$/.test(normalized) &&
    (await consumeRecoveryCode(db, account.id, hashToken(normalized), now))
  )
    return "recovery_code";
  return undefined;
}
