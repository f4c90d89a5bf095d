import type { AuthContext } from "@nova/auth";
import { withTransaction } from "@nova/db";
import { ConflictError, InvalidArgumentError, NotFoundError } from "@nova/errors";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { REPORT_REASONS, reports, SUBJECT_TYPES } from "../db/schema/index.ts";
import { openCase } from "./open-case.ts";
import { recordAudit } from "./record-audit.ts";
import { SEVERITY } from "./report-severity.ts";
import { type ReportView, toReportView } from "./report-view.ts";
import { reporterTrust } from "./reporter-trust.ts";
import { requireAccount } from "./staff.ts";
import { validateInput } from "./validate-input.ts";

export const reportSchema = z
  .object({
    subjectType: z.enum(SUBJECT_TYPES),
    subjectId: z.uuid("must be an id (UUID)").transform((s) => s.toLowerCase()),
    reason: z.enum(REPORT_REASONS),
    comment: z.string().trim().max(2000).optional(),
    /** Message reports only: the reporter's decrypted copy (the server cannot read chat). */
    messageCopy: z.string().max(10_000).optional(),
    /** Message reports only: who sent it (as the reporter's device shows it). */
    messageSenderId: z.uuid().optional(),
  })
  .strict()
  .superRefine((v, c) => {
    if (v.subjectType === "message" && (!v.messageCopy || !v.messageSenderId))
      c.addIssue({
        code: "custom",
        path: ["messageCopy"],
        message: "a message report carries messageCopy and messageSenderId",
      });
    if (v.subjectType !== "message" && (v.messageCopy || v.messageSenderId))
      c.addIssue({
        code: "custom",
        path: ["messageCopy"],
        message: "only message reports carry a message copy",
      });
  });
export type ReportInput = z.input<typeof reportSchema>;

/** Who owns the subject: the account itself, a post's author (asked of content with the reporter's token), a message's sender. */
async function subjectOwner(
  ctx: ServiceContext,
  input: z.infer<typeof reportSchema>,
): Promise<string | null> {
  switch (input.subjectType) {
    case "account":
      return input.subjectId;
    case "message":
      return input.messageSenderId ?? null;
    case "post": {
      const res = await ctx.content.getPost({ postId: input.subjectId }).catch((err: unknown) => {
        if ((err as { code?: number }).code === 5) throw new NotFoundError("post", input.subjectId);
        throw err;
      });
      return res.post?.authorId ?? null;
    }
    default:
      // Comments: content has no comment lookup RPC; its enforcement consumer finds the author itself.
      return null;
  }
}

/**
 * Files a report: one per reporter per subject (409 on a second), joining the subject's open case
 * (priority: the reason's severity × the reporters' trust). Reporting yourself is refused.
 */
export async function submitReport(args: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
  input: ReportInput;
}): Promise<ReportView> {
  const { ctx } = args;
  const reporterId = requireAccount(args.auth).accountId;
  const input = validateInput(reportSchema, args.input, "report");
  const owner = await subjectOwner(ctx, input);
  if (owner === reporterId)
    throw new InvalidArgumentError("report is invalid", [
      { field: "subjectId", message: "you cannot report yourself" },
    ]);
  const now = ctx.clock();
  const trust = await reporterTrust(ctx.db.db, reporterId);
  return withTransaction(ctx.db.db, async (tx) => {
    const [dup] = await tx
      .select({ id: reports.id })
      .from(reports)
      .where(
        and(
          eq(reports.reporterId, reporterId),
          eq(reports.subjectType, input.subjectType),
          eq(reports.subjectId, input.subjectId),
        ),
      );
    if (dup) throw new ConflictError("you already reported this", "subjectId");
    const kase = await openCase(tx, {
      kind: "report",
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      subjectAccountId: owner,
      baseSeverity: 0,
      at: now,
    });
    const [row] = await tx
      .insert(reports)
      .values({
        id: Bun.randomUUIDv7(),
        reporterId,
        subjectType: input.subjectType,
        subjectId: input.subjectId,
        reason: input.reason,
        comment: input.comment ?? null,
        messageCopy: input.messageCopy ?? null,
        caseId: kase.id,
        severity: SEVERITY[input.reason],
        reporterTrust: trust,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new ConflictError("you already reported this", "subjectId");
    await recordAudit(tx, {
      actor: reporterId,
      verb: "report.filed",
      caseId: kase.id,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      reason: input.reason,
      at: now,
    });
    return toReportView(row);
  });
}
