import type { Database } from "@nova/db";
import { and, eq, sql } from "drizzle-orm";
import { reports } from "../db/schema/index.ts";

/**
 * A reporter's trust, 0–2: (1 + actioned) / (2 + actioned + dismissed) × 2 over their decided
 * reports. No history → 1; reports that led to action raise it, dismissed ones lower it.
 */
export async function reporterTrust(db: Database, reporterId: string): Promise<number> {
  const [row] = await db
    .select({
      actioned: sql<number>`count(*) filter (where ${reports.status} = 'actioned')`.mapWith(Number),
      dismissed: sql<number>`count(*) filter (where ${reports.status} = 'dismissed')`.mapWith(Number),
    })
    .from(reports)
    .where(and(eq(reports.reporterId, reporterId)));
  const actioned = row?.actioned ?? 0;
  const dismissed = row?.dismissed ?? 0;
  return (2 * (1 + actioned)) / (2 + actioned + dismissed);
}
