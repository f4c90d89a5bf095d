import { withTransaction } from "@nova/db";
import { and, eq } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { appeals, auditLog, reports } from "../db/schema/index.ts";

/**
 * An account was deleted: what it wrote here goes — its reports (with any message copy it carried)
 * and the text of its appeals and of their audit entries. Moderation records about the account
 * (cases, actions, who did what) stay: they are the service's own accountability. Idempotent (the
 * sweep delivery of AccountDeleted finds nothing left).
 */
export async function eraseAccountReports(
  ctx: ServiceContext,
  accountId: string,
): Promise<{ reports: number }> {
  return withTransaction(ctx.db.db, async (tx) => {
    const gone = await tx
      .delete(reports)
      .where(eq(reports.reporterId, accountId))
      .returning({ id: reports.id });
    await tx.update(appeals).set({ statement: "" }).where(eq(appeals.accountId, accountId));
    await tx
      .update(auditLog)
      .set({ reason: null })
      .where(and(eq(auditLog.actor, accountId), eq(auditLog.verb, "appeal.filed")));
    await tx
      .update(auditLog)
      .set({ reason: null, detail: null })
      .where(and(eq(auditLog.actor, accountId), eq(auditLog.verb, "report.filed")));
    return { reports: gone.length };
  });
}
