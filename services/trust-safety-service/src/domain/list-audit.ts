import type { AuthContext } from "@nova/auth";
import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { auditLog } from "../db/schema/index.ts";
import { requireModerator } from "./staff.ts";
import { validateInput } from "./validate-input.ts";

export const auditQuerySchema = z.object({
  caseId: z.uuid().optional(),
  /** Entries before this time (ISO 8601), for the next page. */
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export interface AuditView {
  id: string;
  actor: string;
  verb: string;
  caseId: string | null;
  actionId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  reason: string | null;
  detail: Record<string, unknown> | null;
  at: string;
}

/** The audit log (moderators), newest first: who did what, to what, why. */
export async function listAudit(args: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
  input: z.input<typeof auditQuerySchema>;
}): Promise<AuditView[]> {
  requireModerator(args.auth);
  const q = validateInput(auditQuerySchema, args.input, "audit query");
  const where: SQL[] = [];
  if (q.caseId) where.push(eq(auditLog.caseId, q.caseId));
  if (q.before) where.push(lt(auditLog.at, new Date(q.before)));
  const rows = await args.ctx.db.db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(q.limit);
  return rows.map((r) => ({ ...r, at: r.at.toISOString(), detail: r.detail ?? null }));
}
