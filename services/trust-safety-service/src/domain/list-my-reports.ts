import type { AuthContext } from "@nova/auth";
import { desc, eq } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { reports } from "../db/schema/index.ts";
import { type ReportView, toReportView } from "./report-view.ts";
import { requireAccount } from "./staff.ts";

/** The caller's reports, newest first (at most 100), each with its status. */
export async function listMyReports(args: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
}): Promise<ReportView[]> {
  const me = requireAccount(args.auth).accountId;
  const rows = await args.ctx.db.db
    .select()
    .from(reports)
    .where(eq(reports.reporterId, me))
    .orderBy(desc(reports.createdAt))
    .limit(100);
  return rows.map(toReportView);
}
