import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { trustSafetySchema, tz } from "./ts-schema.ts";

export const SUBJECT_TYPES = ["post", "comment", "account", "message"] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];
export const REPORT_REASONS = [
  "spam",
  "harassment",
  "hate",
  "violence",
  "sexual",
  "self_harm",
  "illegal",
  "other",
] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const CASE_KINDS = ["report", "auto_hold", "appeal"] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const ENFORCING_ACTIONS = ["label", "hide", "remove", "limit", "suspend", "ban"] as const;
export type EnforcingAction = (typeof ENFORCING_ACTIONS)[number];

/**
 * One case per subject while open: every report on it (and an automated hold) joins it; an appeal
 * is a case of its own. Priority is computed on read from the reports (severity × Σ reporter trust).
 */
export const cases = trustSafetySchema.table(
  "cases",
  {
    id: uuid().primaryKey(),
    kind: text({ enum: CASE_KINDS }).notNull(),
    subjectType: text({ enum: SUBJECT_TYPES }).notNull(),
    subjectId: text().notNull(),
    /** The account that owns the subject (itself for accounts); null when not known yet. */
    subjectAccountId: uuid(),
    status: text({ enum: ["open", "closed"] })
      .notNull()
      .default("open"),
    /** Severity for cases without reports (automated holds, appeals). */
    baseSeverity: integer().notNull().default(0),
    /** What an automated hold saw (rules, labels); the decrypted copy of a reported message lives on the report. */
    detail: jsonb().$type<Record<string, unknown>>(),
    assigneeId: uuid(),
    /** For kind "appeal": the appeal and the action it contests. */
    appealId: uuid(),
    createdAt: timestamp(tz).notNull().defaultNow(),
    firstActionAt: timestamp(tz),
    closedAt: timestamp(tz),
  },
  (t) => [
    uniqueIndex("cases_open_subject_idx")
      .on(t.subjectType, t.subjectId)
      .where(sql`status = 'open' and kind <> 'appeal'`),
    index("cases_status_created_idx").on(t.status, t.createdAt),
  ],
);
export type CaseRow = typeof cases.$inferSelect;

/** A report: one per reporter per subject (a second one answers 409). */
export const reports = trustSafetySchema.table(
  "reports",
  {
    id: uuid().primaryKey(),
    reporterId: uuid().notNull(),
    subjectType: text({ enum: SUBJECT_TYPES }).notNull(),
    subjectId: text().notNull(),
    reason: text({ enum: REPORT_REASONS }).notNull(),
    comment: text(),
    /** A message report carries the reporter's decrypted copy (the server cannot read chat). */
    messageCopy: text(),
    caseId: uuid().notNull(),
    severity: integer().notNull(),
    /** The reporter's trust when they reported (0–2; 1 for a reporter with no history). */
    reporterTrust: real().notNull(),
    /** open → actioned | dismissed, when the case is decided. */
    status: text({ enum: ["open", "actioned", "dismissed"] })
      .notNull()
      .default("open"),
    createdAt: timestamp(tz).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("reports_reporter_subject_idx").on(t.reporterId, t.subjectType, t.subjectId),
    index("reports_case_idx").on(t.caseId),
  ],
);
export type ReportRow = typeof reports.$inferSelect;

/** A moderator's action (or a dismissal) on a case. Enforcing actions stay `active` until lifted. */
export const actions = trustSafetySchema.table(
  "actions",
  {
    id: uuid().primaryKey(),
    caseId: uuid().notNull(),
    moderatorId: uuid().notNull(),
    action: text().notNull(),
    labels: text().array().notNull().default(sql`'{}'::text[]`),
    reason: text().notNull(),
    subjectType: text({ enum: SUBJECT_TYPES }).notNull(),
    subjectId: text().notNull(),
    subjectAccountId: uuid(),
    notifyUser: boolean().notNull().default(false),
    active: boolean().notNull().default(false),
    expiresAt: timestamp(tz),
    liftedAt: timestamp(tz),
    createdAt: timestamp(tz).notNull().defaultNow(),
  },
  (t) => [
    index("actions_subject_idx").on(t.subjectType, t.subjectId),
    index("actions_created_idx").on(t.createdAt),
  ],
);
export type ActionRow = typeof actions.$inferSelect;

/** An appeal of an action by the affected account; one per action. */
export const appeals = trustSafetySchema.table(
  "appeals",
  {
    id: uuid().primaryKey(),
    actionId: uuid().notNull(),
    accountId: uuid().notNull(),
    statement: text().notNull(),
    caseId: uuid().notNull(),
    status: text({ enum: ["open", "overturned", "upheld"] })
      .notNull()
      .default("open"),
    decidedBy: uuid(),
    decidedAt: timestamp(tz),
    createdAt: timestamp(tz).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("appeals_action_idx").on(t.actionId)],
);
export type AppealRow = typeof appeals.$inferSelect;

/** Append-only: who did what, to what, why. System decisions have actor "system". */
export const auditLog = trustSafetySchema.table(
  "audit_log",
  {
    id: uuid().primaryKey(),
    actor: text().notNull(),
    verb: text().notNull(),
    caseId: uuid(),
    actionId: uuid(),
    subjectType: text(),
    subjectId: text(),
    reason: text(),
    detail: jsonb().$type<Record<string, unknown>>(),
    at: timestamp(tz).notNull().defaultNow(),
  },
  (t) => [index("audit_log_at_idx").on(t.at)],
);
export type AuditRow = typeof auditLog.$inferSelect;

/** Every automated decision other than allow, with the rules that fired. */
export const checkDecisions = trustSafetySchema.table(
  "check_decisions",
  {
    id: uuid().primaryKey(),
    accountId: uuid().notNull(),
    subjectType: text().notNull(),
    subjectId: text().notNull(),
    decision: text().notNull(),
    reasonCode: text().notNull(),
    reasons: jsonb().$type<unknown[]>().notNull(),
    labels: text().array().notNull(),
    at: timestamp(tz).notNull().defaultNow(),
  },
  (t) => [index("check_decisions_account_idx").on(t.accountId, t.at)],
);
