import { withTransaction } from "@nova/db";
import { InvalidArgumentError } from "@nova/errors";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { checkDecisions, type SubjectType } from "../db/schema/index.ts";
import { MEDIA_HASH } from "./media-hash-index.ts";
import { openCase } from "./open-case.ts";
import { recordAudit } from "./record-audit.ts";
import { decide } from "./rules/rule-engine.ts";
import type { CheckOutcome, RuleHit } from "./rules/rule-types.ts";
import { validateInput } from "./validate-input.ts";

export const CHECK_SUBJECT_TYPES = [
  "post",
  "comment",
  "post_edit",
  "display_name",
  "bio",
  "username",
  "media",
] as const;

const checkSchema = z.object({
  accountId: z.uuid("must be an account id (UUID)"),
  subjectType: z.enum(CHECK_SUBJECT_TYPES),
  subjectId: z.string().min(1).max(200),
  text: z.string().max(20_000),
  language: z.string().max(35).optional(),
  accountCreatedAt: z.date().optional(),
  mediaIds: z.array(z.string().max(100)).max(20).default([]),
  mediaHash: z.string().regex(MEDIA_HASH, "must be a 64-bit image hash: 16 hex digits").optional(),
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
  // A held image is its uploader's case (media has no case subject of its own).
  media: "account",
};

/**
 * trust-safety.Check: the automated rules over a write about to be published. `allow` costs only
 * the in-process rules (an image: its hash against the blocklist, held in memory); any other decision is recorded with the rules that fired (and, for hold
 * and reject, in the audit log); a hold opens (or joins) the subject's case in the queue.
 */
export async function checkWrite(args: {
  ctx: ServiceContext;
  input: CheckWriteInput;
}): Promise<CheckOutcome & { caseId: string }> {
  const { ctx } = args;
  const input = validateInput(checkSchema, args.input, "check");
  const now = ctx.clock();
  const outcome =
    input.subjectType === "media" ? await checkMedia(ctx, input.mediaHash) : await checkText(ctx, input, now);
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
              ...(input.mediaHash ? { mediaHash: input.mediaHash } : {}),
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

/** The text rules: in process, with the spam memory in the shared cache (one round trip). */
async function checkText(
  ctx: ServiceContext,
  input: z.infer<typeof checkSchema>,
  now: Date,
): Promise<CheckOutcome> {
  // The caller may say when the account was created; otherwise identity does (cached per account).
  const accountCreatedAt = input.accountCreatedAt ?? (await ctx.accountAges.createdAt(input.accountId));
  return ctx.rules.check(
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
}

/** An image by its hash: `blocked_media` when within TS_MEDIA_HASH_MAX_DISTANCE bits of a blocklisted one. */
async function checkMedia(ctx: ServiceContext, mediaHash: string | undefined): Promise<CheckOutcome> {
  if (!mediaHash)
    throw new InvalidArgumentError("a media check needs mediaHash", [
      { field: "mediaHash", message: "required" },
    ]);
  const { TS_MEDIA_HASH_MAX_DISTANCE: maxDistance, TS_RULE_ACTIONS: actions } = ctx.config.extra;
  const found =
    actions.blocked_media === "off" ? undefined : await ctx.mediaHashes.match(mediaHash, maxDistance);
  const hits: RuleHit[] = found
    ? [
        {
          rule: "blocked_media",
          label: "blocked_media",
          detail: `within ${found.distance} bits of blocklist entry ${found.entry.id} (${found.entry.reason})`,
        },
      ]
    : [];
  return decide(hits, actions);
}
