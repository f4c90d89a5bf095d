import type { Database } from "@nova/db";
import { auditLog } from "../db/schema/index.ts";

export interface AuditEntry {
  /** An account id, or "system" for automated decisions. */
  actor: string;
  /** e.g. "report.filed", "case.assigned", "action.remove", "appeal.filed", "appeal.overturn", "check.hold". */
  verb: string;
  caseId?: string | null;
  actionId?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  reason?: string | null;
  detail?: Record<string, unknown>;
  at: Date;
}

/** Appends to the audit log in the caller's transaction: the entry exists exactly when the change does. */
export async function recordAudit(tx: Database, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    id: Bun.randomUUIDv7(),
    actor: entry.actor,
    verb: entry.verb,
    caseId: entry.caseId ?? null,
    actionId: entry.actionId ?? null,
    subjectType: entry.subjectType ?? null,
    subjectId: entry.subjectId ?? null,
    reason: entry.reason ?? null,
    detail: entry.detail ?? null,
    at: entry.at,
  });
}
