import type { ReportRow } from "../db/schema/index.ts";

export interface ReportView {
  id: string;
  subjectType: string;
  subjectId: string;
  reason: string;
  comment: string | null;
  caseId: string;
  status: string;
  createdAt: string;
}

/** A report as its reporter sees it (the message copy is not echoed back). */
export function toReportView(r: ReportRow): ReportView {
  return {
    id: r.id,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    reason: r.reason,
    comment: r.comment,
    caseId: r.caseId,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
  };
}
