import { withTransaction } from "@nova/db";
import { and, eq, lte } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { actions } from "../db/schema/index.ts";
import { enqueueEnforcementChanged } from "../events/enqueue-enforcement.ts";
import { recordAudit } from "./record-audit.ts";

/**
 * Lifts actions whose time is up (a 72-hour suspension, a temporary label or limit): each becomes
 * inactive and EnforcementChanged(active=false) tells the owning services. FOR UPDATE SKIP LOCKED,
 * so replicas share the work and each action is lifted once.
 */
export async function liftExpiredActions(ctx: ServiceContext, batch = 100): Promise<number> {
  const now = ctx.clock();
  const lifted = await withTransaction(ctx.db.db, async (tx) => {
    const due = await tx
      .select()
      .from(actions)
      .where(and(eq(actions.active, true), lte(actions.expiresAt, now)))
      .limit(batch)
      .for("update", { skipLocked: true });
    for (const a of due) {
      await tx.update(actions).set({ active: false, liftedAt: now }).where(eq(actions.id, a.id));
      await enqueueEnforcementChanged(ctx, tx, a, { active: false, at: now });
      await recordAudit(tx, {
        actor: "system",
        verb: "action.expired",
        caseId: a.caseId,
        actionId: a.id,
        subjectType: a.subjectType,
        subjectId: a.subjectId,
        reason: "duration elapsed",
        at: now,
      });
    }
    return due.length;
  });
  if (lifted) ctx.relay.wake();
  return lifted;
}

/** Polls liftExpiredActions every `intervalMs`; failures are logged and retried on the next tick. */
export function startExpirySweeper(ctx: ServiceContext, intervalMs: number): { stop(): void } {
  const timer = setInterval(() => {
    liftExpiredActions(ctx).catch((err) => ctx.log.warn("lifting expired actions failed", { err }));
  }, intervalMs);
  return { stop: () => clearInterval(timer) };
}
