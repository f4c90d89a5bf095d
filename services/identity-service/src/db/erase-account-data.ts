import type { Database } from "@nova/db";
import { eq } from "drizzle-orm";
import {
  accounts,
  auditLog,
  oauthIdentities,
  oneTimeTokens,
  recoveryCodes,
  sessions,
  staffRoles,
} from "./schema/index.ts";

/**
 * Erases an account's personal data in identity's tables, keeping the row (status "deleted") so the
 * id is never reused and its tokens keep being refused. Sessions and the audit trail stay as
 * events without addresses or device details: proof of what happened, nothing about who.
 */
export async function eraseAccountData(db: Database, accountId: string, at: Date): Promise<void> {
  await db.delete(oauthIdentities).where(eq(oauthIdentities.accountId, accountId));
  await db.delete(recoveryCodes).where(eq(recoveryCodes.accountId, accountId));
  await db.delete(oneTimeTokens).where(eq(oneTimeTokens.accountId, accountId));
  // A deleted account holds no staff role (the grants stay in the audit log).
  await db.delete(staffRoles).where(eq(staffRoles.accountId, accountId));
  await db
    .update(sessions)
    .set({ ip: "", userAgent: "", deviceName: "" })
    .where(eq(sessions.accountId, accountId));
  await db.update(auditLog).set({ ip: "", userAgent: "" }).where(eq(auditLog.accountId, accountId));
  await db
    .update(accounts)
    .set({
      status: "deleted",
      email: null,
      emailVerifiedAt: null,
      username: null,
      usernameKey: null,
      passwordHash: null,
      totpSecret: null,
      totpEnabledAt: null,
      totpLastStep: null,
      failedLoginCount: 0,
      lockedUntil: null,
      deletedAt: at,
      updatedAt: at,
    })
    .where(eq(accounts.id, accountId));
}
