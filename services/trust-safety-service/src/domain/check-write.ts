import { withTransaction } from "@nova/db";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { checkDecisions, type SubjectType } from "../db/schema/index.ts";
import { openCase } from "./open-case.ts";
import { recordAudit } from "./record-audit.ts";
import type { CheckOutcome } from "./rules/rule-types.ts";
import { validateInput } from "./validate-input.ts";

export const CHECK_SUBJECT_TYPES = [
  "post",
  "comment",
  "post_edit",
  "display_name",
  "bio",
  "username",
] as const;

const checkSchema = z.object({
  accountId: z.uuid("must be an account id (UUID)"),
  subjectType: z.enum(CHECK_SUBJECT_TYPES),
  subjectId: z.string().min(1).max(200),
  text: z.string().max(20_000),
  language: z.string().max(35).optional(),
  accountCreatedAt: z.date().optional(),
  mediaIds: z.array(z.string().max(100)).max(20).default([]),
});
export type CheckWriteInput = z.input<typeof checkSchema>;

/** What the subject of a check is in the moderation queue. */
const CASE_SUBJECT: Record<(typeof CHECK_SUBJECT_TYPES)[number], SubjectType> = {
  post: "post",
  post_edit: "post",
  comment: "comment",
  display_name: "account",
  bio: "account",
  username: "account",
};

/**
 * trust-safety.Check: the automated rules over a write about to be published. `allow` costs only
 * the in-process rules; any other decision is recorded with the rules that fired (and, for hold
 * and reject, in the audit log); a hold opens (or joins) the subject's case in the queue.
 */
export async function checkWrite(args: {
  ctx: ServiceContext;
  input: CheckWriteInput;
}): Promise<CheckOutcome & { caseId: string }> {
  const { ctx } = args;
  const input = validateInput(checkSchema, args.input, "check");
  // The caller may say when the account was created; otherwise identity does (cached per account).
  const accountCreatedAt = input.accountCreatedAt ?? (await ctx.accountAges.createdAt(input.accountId));
  const now = ctx.clock();
  const outcome = ctx.rules.check(
    {
      accountId: input.accountId,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      text: input.text,
      ...(input.language ? { language: input.language } : {}),
      ...(accountCreatedAt ? { accountCreatedAt } : {}),
    },
    now,
  );
  if (outcome.decision === "allow") return { ...outcome, caseId: "" };
  const subjectType = CASE_SUBJECT[input.subjectType];
  const caseId = await withTransaction(ctx.db.db, async (tx) => {
    await tx.insert(checkDecisions).values({
      id: Bun.randomUUIDv7(),
      accountId: input.accountId,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      decision: outcome.decision,
      reasonCode: outcome.reasonCode,
      reasons: outcome.reasons,
      labels: outcome.labels,
      at: now,
    });
    if (outcome.decision === "label") return "";
    const held =
      outcome.decision === "hold"
        ? await openCase(tx, {
            kind: "auto_hold",
            subjectType,
            subjectId: subjectType === "account" ? input.accountId : input.subjectId,
            subjectAccountId: input.accountId,
            baseSeverity: 2,
            detail: {
              checked: input.subjectType,
              reasons: outcome.reasons,
              text: input.text,
              mediaIds: input.mediaIds,
            },
            at: now,
          })
        : undefined;
    await recordAudit(tx, {
      actor: "system",
      verb: `check.${outcome.decision}`,
      caseId: held?.id ?? null,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      reason: outcome.reasonCode,
      detail: { accountId: input.accountId, reasons: outcome.reasons },
      at: now,
    });
    return held?.id ?? "";
  });
  return { ...outcome, caseId };
}
