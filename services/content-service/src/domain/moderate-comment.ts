import type { ServiceContext } from "../context.ts";
import { HELD_PREFIX, type ModerationEffect, moderationEffect } from "./moderate.ts";

/** The comment columns a moderation decision sets: its labels, and hidden when held for review. */
export type CommentModerationEffect = Pick<
  ModerationEffect,
  "moderationLabels" | "hiddenAt" | "hiddenReason"
>;

/**
 * Runs the moderation hook on a comment about to be written: `reject` → 422 with the rule's reason
 * code; `hold` → the comment is stored hidden (author-only, "held for review: …"), not counted and
 * not announced until a moderator releases it (dismisses the case; see comment-moderation.ts), as a
 * held post is; `label` (publish with labels) → stored with the labels, returned with the comment
 * to everyone so clients can blur it. A Check that could not be asked publishes the comment pending
 * (fail mode `publish_and_recheck`; recheck-pending-posts.ts asks again) or rejects it (503).
 */
export async function moderateComment(
  ctx: ServiceContext,
  comment: { id: string; postId: string; authorId: string; text: string },
  now: Date,
): Promise<ModerationEffect> {
  const decision = await ctx.moderation.review({
    postId: comment.id,
    authorId: comment.authorId,
    text: comment.text,
    mediaIds: [],
    contentWarning: null,
    kind: "comment",
  });
  return moderationEffect(decision, now, "comment");
}

/** Whether a hidden comment is one the Check held (released by lifting any hide on it), not a moderator's. */
export function heldByCheck(row: {
  hiddenAt: Date | null;
  hiddenByAction: string | null;
  hiddenReason: string | null;
}) {
  return !!row.hiddenAt && row.hiddenByAction === null && (row.hiddenReason ?? "").startsWith(HELD_PREFIX);
}
