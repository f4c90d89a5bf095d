import { z } from "@hono/zod-openapi";

const problem = z
  .object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), code: z.string() })
  .openapi("Problem");

/** The problem+json responses a route may answer with. */
export function problems(...statuses: number[]) {
  const described: Record<number, string> = {
    400: "Invalid request (names each bad field)",
    401: "Missing or invalid access token",
    403: "Not a moderator (or admin, for stats)",
    404: "No such subject, case or action (or not yours)",
    409: "Already reported / appealed",
    412: "The case is already decided, or the action is no longer in force",
    503: "A peer is unreachable: nothing was changed",
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: described[s] ?? "Error", content: { "application/problem+json": { schema: problem } } },
    ]),
  );
}

export const ok = <T extends z.ZodType>(description: string, schema: T) => ({
  200: { description, content: { "application/json": { schema } } },
});
export const created = <T extends z.ZodType>(description: string, schema: T) => ({
  201: { description, content: { "application/json": { schema } } },
});

const json = z.record(z.string(), z.unknown());

export const reportViewSchema = z
  .object({
    id: z.string(),
    subjectType: z.string(),
    subjectId: z.string(),
    reason: z.string(),
    comment: z.string().nullable(),
    caseId: z.string(),
    status: z.string().openapi({ description: "open, actioned or dismissed" }),
    createdAt: z.string(),
  })
  .openapi("Report");

export const caseViewSchema = z
  .object({
    id: z.string(),
    kind: z.string().openapi({ description: "report, auto_hold or appeal" }),
    status: z.string(),
    subjectType: z.string(),
    subjectId: z.string(),
    subjectAccountId: z.string().nullable(),
    reportCount: z.number(),
    reasons: z.array(z.string()),
    severity: z.number(),
    priority: z.number(),
    assigneeId: z.string().nullable(),
    appealId: z.string().nullable(),
    detail: json.nullable(),
    createdAt: z.string(),
    ageSeconds: z.number(),
    overSla: z.boolean(),
  })
  .openapi("Case");

export const actionViewSchema = z
  .object({
    actionId: z.string(),
    caseId: z.string(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string(),
    subjectAccountId: z.string().nullable(),
    labels: z.array(z.string()),
    reason: z.string(),
    active: z.boolean(),
    expiresAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("ModerationAction");

export const auditViewSchema = z
  .object({
    id: z.string(),
    actor: z.string(),
    verb: z.string(),
    caseId: z.string().nullable(),
    actionId: z.string().nullable(),
    subjectType: z.string().nullable(),
    subjectId: z.string().nullable(),
    reason: z.string().nullable(),
    detail: json.nullable(),
    at: z.string(),
  })
  .openapi("AuditEntry");

export const appealViewSchema = z
  .object({
    appealId: z.string(),
    actionId: z.string(),
    caseId: z.string(),
    status: z.string(),
    createdAt: z.string(),
  })
  .openapi("Appeal");

export const statsSchema = z
  .object({
    actionsPerWeek: z.array(
      z.object({ week: z.string(), action: z.string(), reason: z.string(), count: z.number() }),
    ),
    medianSecondsToFirstAction: z.number().nullable(),
    appeals: z.object({ open: z.number(), upheld: z.number(), overturned: z.number() }),
  })
  .openapi("ModerationStats");

/** Bodies and parameters as documents; the verbs validate (400 naming the field). */
export const reportBody = z
  .object({
    subjectType: z.enum(["post", "comment", "account", "message"]),
    subjectId: z.string().max(64),
    reason: z.enum(["spam", "harassment", "hate", "violence", "sexual", "self_harm", "illegal", "other"]),
    comment: z.string().max(2000).optional(),
    messageCopy: z.string().max(10_000).optional(),
    messageSenderId: z.string().max(64).optional(),
  })
  .openapi("ReportInput");

export const actionBody = z
  .object({
    action: z.enum(["dismiss", "label", "hide", "remove", "limit", "suspend", "ban", "overturn", "uphold"]),
    labels: z.array(z.string().max(40)).max(10).optional(),
    reason: z.string().max(2000),
    durationHours: z.number().int().optional(),
    notifyUser: z.boolean().optional(),
  })
  .openapi("ActionInput");

export const appealBody = z
  .object({ actionId: z.string().max(64), statement: z.string().max(5000) })
  .openapi("AppealInput");

export const caseParams = z.object({ id: z.string().max(64) });
export const queueQuery = z.object({
  status: z.enum(["open", "closed"]).optional(),
  reason: z.string().max(20).optional(),
  kind: z.string().max(20).optional(),
  sort: z.enum(["priority", "age"]).optional(),
  limit: z.string().max(4).optional(),
});
export const auditQuery = z.object({
  caseId: z.string().max(64).optional(),
  before: z.string().max(40).optional(),
  limit: z.string().max(4).optional(),
});
