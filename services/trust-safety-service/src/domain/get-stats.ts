import type { AuthContext } from "@nova/auth";
import { and, isNotNull, sql } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { actions, appeals, cases } from "../db/schema/index.ts";
import { requireAdmin } from "./staff.ts";

export interface StatsView {
  /** Per ISO week (Monday, UTC), action type and reason: how many. */
  actionsPerWeek: { week: string; action: string; reason: string; count: number }[];
  /** Median time from a case opening to its first action, in seconds; null before any. */
  medianSecondsToFirstAction: number | null;
  appeals: { open: number; upheld: number; overturned: number };
}

/** Transparency numbers (admins): actions per type and reason per week, time to first action, appeal outcomes. */
export async function getStats(args: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
}): Promise<StatsView> {
  requireAdmin(args.auth);
  const db = args.ctx.db.db;
  const week = sql<string>`to_char(date_trunc('week', ${actions.createdAt} at time zone 'UTC'), 'YYYY-MM-DD')`;
  const perWeek = await db
    .select({
      week,
      action: actions.action,
      reason: actions.reason,
      count: sql<number>`count(*)`.mapWith(Number),
    })
    .from(actions)
    .groupBy(week, actions.action, actions.reason)
    .orderBy(week, actions.action);
  const [median] = await db
    .select({
      s: sql<
        number | null
      >`percentile_cont(0.5) within group (order by extract(epoch from (${cases.firstActionAt} - ${cases.createdAt})))`.mapWith(
        (v) => (v === null ? null : Number(v)),
      ),
    })
    .from(cases)
    .where(and(isNotNull(cases.firstActionAt), sql`${cases.kind} <> 'appeal'`));
  const outcome = await db
    .select({ status: appeals.status, n: sql<number>`count(*)`.mapWith(Number) })
    .from(appeals)
    .groupBy(appeals.status);
  const n = (s: string) => outcome.find((o) => o.status === s)?.n ?? 0;
  return {
    actionsPerWeek: perWeek,
    medianSecondsToFirstAction: median?.s ?? null,
    appeals: { open: n("open"), upheld: n("upheld"), overturned: n("overturned") },
  };
}
