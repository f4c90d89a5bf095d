import type { ReportReason } from "../db/schema/index.ts";

/** How bad a report's reason is, for the queue's priority (severity × Σ reporter trust). */
export const SEVERITY: Record<ReportReason, number> = {
  self_harm: 5,
  violence: 5,
  illegal: 5,
  sexual: 4,
  hate: 4,
  harassment: 3,
  spam: 2,
  other: 1,
};
