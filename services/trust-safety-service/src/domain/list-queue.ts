import type { AuthContext } from "@nova/auth";
import { and, asc, desc, eq, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { CASE_KINDS, cases, REPORT_REASONS, reports } from "../db/schema/index.ts";
import { requireModerator } from "./staff.ts";
import { validateInput } from "./validate-input.ts";

export const queueQuerySchema = z.object({
  status: z.enum(["open", "closed"]).default("open"),
  reason: z.enum(REPORT_REASONS).optional(),
  kind: z.enum(CASE_KINDS).optional(),
  sort: z.enum(["priority", "age"]).default("priority"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type QueueQuery = z.input<typeof queueQuerySchema>;

export interface CaseView {
  id: string;
  kind: string;
  status: string;
  subjectType: string;
  subjectId: string;
  subjectAccountId: string | null;
  reportCount: number;
  reasons: string[];
  severity: number;
  /** severity × Σ reporter trust (one "system" unit for cases without reports). */
  priority: number;
  assigneeId: string | null;
  appealId: string | null;
  detail: Record<string, unknown> | null;
  createdAt: string;
  ageSeconds: number;
  /** Older than TS_CASE_SLA and still open. */
  overSla: boolean;
}

const reportCount = sql<number>`count(${reports.id})`.mapWith(Number);
const severity = sql<number>`greatest(coalesce(max(${reports.severity}), 0), ${cases.baseSeverity})`.mapWith(
  Number,
);
const priority =
  sql<number>`greatest(coalesce(max(${reports.severity}), 0), ${cases.baseSeverity}) * greatest(coalesce(sum(${reports.reporterTrust}), 0), case when count(${reports.id}) = 0 then 1 else 0 end)`.mapWith(
    Number,
  );
const reasons = sql<
  string[]
>`coalesce(array_agg(distinct ${reports.reason}) filter (where ${reports.reason} is not null), '{}')`;

/**
 * The moderation queue (moderators): one row per case with its reports aggregated — count, reasons,
 * severity, priority (severity × Σ reporter trust) and SLA age — by priority or oldest first.
 */
export async function listQueue(args: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
  input: QueueQuery;
}): Promise<CaseView[]> {
  const { ctx } = args;
  requireModerator(args.auth);
  const q = validateInput(queueQuerySchema, args.input, "queue query");
  const where: SQL[] = [eq(cases.status, q.status)];
  if (q.kind) where.push(eq(cases.kind, q.kind));
  if (q.reason)
    where.push(
      sql`exists (select 1 from ${reports} r2 where r2.case_id = ${cases.id} and r2.reason = ${q.reason})`,
    );
  const rows = await ctx.db.db
    .select({ c: cases, reportCount, severity, priority, reasons })
    .from(cases)
    .leftJoin(reports, eq(reports.caseId, cases.id))
    .where(and(...where))
    .groupBy(cases.id)
    .orderBy(...(q.sort === "priority" ? [desc(priority), asc(cases.createdAt)] : [asc(cases.createdAt)]))
    .limit(q.limit);
  const now = ctx.clock().getTime();
  return rows.map((r) => toCaseView(r, now, ctx.config.extra.TS_CASE_SLA));
}

export function toCaseView(
  r: {
    c: typeof cases.$inferSelect;
    reportCount: number;
    severity: number;
    priority: number;
    reasons: string[];
  },
  now: number,
  slaMs: number,
): CaseView {
  const age = now - r.c.createdAt.getTime();
  return {
    id: r.c.id,
    kind: r.c.kind,
    status: r.c.status,
    subjectType: r.c.subjectType,
    subjectId: r.c.subjectId,
    subjectAccountId: r.c.subjectAccountId,
    reportCount: r.reportCount,
    reasons: r.reasons ?? [],
    severity: r.severity,
    priority: Math.round(r.priority * 100) / 100,
    assigneeId: r.c.assigneeId,
    appealId: r.c.appealId,
    detail: r.c.detail ?? null,
    createdAt: r.c.createdAt.toISOString(),
    ageSeconds: Math.floor(age / 1000),
    overSla: r.c.status === "open" && age > slaMs,
  };
}
