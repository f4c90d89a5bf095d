import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Revocation } from "@nova/auth";
import type { Database } from "@nova/db";
import type { EnforcementChanged } from "@nova/proto/trust_safety/v1/enforcement-events";
import { eq } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { accountSuspensions } from "../db/schema/index.ts";
import { revokeAccountSessions } from "../db/session-queries.ts";
import { recordAudit } from "./record-audit.ts";
import { enqueueAccountTokensRevoked, RevocationReason } from "./revoke-tokens.ts";

/**
 * trust-safety suspended or banned an account (EnforcementChanged on an account, active): the
 * suspension is recorded (login and refresh answer 403 naming it), every session is revoked and
 * every earlier access token refused everywhere (AccountTokensRevoked, reason ACCOUNT_SUSPENDED).
 * Lifted: the record goes and the account can log in again. Returns the revocation to announce
 * after the commit. Other actions are not identity's.
 */
export async function applyAccountEnforcement(
  ctx: ServiceContext,
  tx: Database,
  e: EnforcementChanged,
): Promise<Revocation | undefined> {
  if (e.subjectType !== "account" || (e.action !== "suspend" && e.action !== "ban")) return undefined;
  const accountId = e.subjectAccountId || e.subjectId;
  const now = ctx.clock();
  if (!e.active) {
    await tx.delete(accountSuspensions).where(eq(accountSuspensions.actionId, e.actionId));
    await recordAudit(ctx, tx, "account.suspension_lifted", { accountId, details: { actionId: e.actionId } });
    return undefined;
  }
  await tx
    .insert(accountSuspensions)
    .values({
      actionId: e.actionId,
      accountId,
      action: e.action,
      reason: e.reason,
      expiresAt: e.expiresAt ? timestampDate(e.expiresAt) : null,
      createdAt: now,
    })
    .onConflictDoNothing();
  const sessions = await revokeAccountSessions(tx, accountId, "account_suspended", now);
  await recordAudit(ctx, tx, "account.suspended", {
    accountId,
    details: { actionId: e.actionId, action: e.action, reason: e.reason, revokedSessions: sessions.length },
  });
  return enqueueAccountTokensRevoked(ctx, tx, {
    accountId,
    reason: RevocationReason.ACCOUNT_SUSPENDED,
    at: now,
  });
}
