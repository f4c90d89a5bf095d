import { UnprocessableContentError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { HELD_PREFIX } from "./moderate.ts";

/** A comment held for review: stored hidden, visible to its author only, with the reason. */
export interface HeldComment {
  hiddenAt: Date;
  hiddenReason: string;
}

/**
 * Runs the moderation hook on a comment about to be written: `reject` → 422 with the rule's reason
 * code; `hold` → the comment is stored hidden (author-only, "held for review: …"), not counted and
 * not announced until a moderator releases it (dismisses the case; see comment-moderation.ts), as a
 * held post is. Labels are not stored on comments (yet).
 */
export async function moderateComment(
  ctx: ServiceContext,
  comment: { id: string; postId: string; authorId: string; text: string },
  now: Date,
): Promise<HeldComment | undefined> {
  const decision = await ctx.moderation.review({
    postId: comment.id,
    authorId: comment.authorId,
    text: comment.text,
    mediaIds: [],
    contentWarning: null,
    kind: "comment",
  });
  if (decision.action === "reject")
    throw new UnprocessableContentError(
      `the comment cannot be published: ${decision.reason}`,
      decision.reasonCode ?? decision.action,
    );
  if (decision.action === "hold")
    return { hiddenAt: now, hiddenReason: `${HELD_PREFIX}: ${decision.reason}` };
  return undefined;
}

/** Whether a hidden comment is one the Check held (released by lifting any hide on it), not a moderator's. */
export function heldByCheck(row: {
  hiddenAt: Date | null;
  hiddenByAction: string | null;
  hiddenReason: string | null;
}) {
  return !!row.hiddenAt && row.hiddenByAction === null && (row.hiddenReason ?? "").startsWith(HELD_PREFIX);
}
