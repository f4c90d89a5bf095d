import { eq } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { actions, appeals, reports } from "../db/schema/index.ts";

/**
 * trust-safety's part of an account export: the reports the account filed, the actions taken on it
 * (without the moderator's identity) and its appeals.
 */
export async function exportAccountData(args: { ctx: ServiceContext; input: { accountId: string } }) {
  const db = args.ctx.db.db;
  const id = args.input.accountId;
  const [filed, taken, appealed] = await Promise.all([
    db.select().from(reports).where(eq(reports.reporterId, id)),
    db.select().from(actions).where(eq(actions.subjectAccountId, id)),
    db.select().from(appeals).where(eq(appeals.accountId, id)),
  ]);
  return {
    reports: filed.map((r) => ({
      id: r.id,
      subjectType: r.subjectType,
      subjectId: r.subjectId,
      reason: r.reason,
      comment: r.comment,
      messageCopy: r.messageCopy,
      status: r.status,
      createdAt: r.createdAt.toISOString(),
    })),
    actionsOnAccount: taken
      .filter((a) => !["overturn", "uphold", "dismiss"].includes(a.action))
      .map((a) => ({
        id: a.id,
        action: a.action,
        subjectType: a.subjectType,
        subjectId: a.subjectId,
        labels: a.labels,
        reason: a.reason,
        active: a.active,
        expiresAt: a.expiresAt?.toISOString() ?? null,
        createdAt: a.createdAt.toISOString(),
      })),
    appeals: appealed.map((a) => ({
      id: a.id,
      actionId: a.actionId,
      statement: a.statement,
      status: a.status,
      createdAt: a.createdAt.toISOString(),
      decidedAt: a.decidedAt?.toISOString() ?? null,
    })),
  };
}
