import { UnprocessableContentError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";

/**
 * Runs the moderation hook on a comment about to be written. Comments have no hidden state yet, so
 * a hold cannot publish "to the author only": it is refused like a rejection (422, fail closed),
 * with the rule's reason code. Labels are not stored on comments (yet).
 */
export async function moderateComment(
  ctx: ServiceContext,
  comment: { id: string; postId: string; authorId: string; text: string },
): Promise<void> {
  const decision = await ctx.moderation.review({
    postId: comment.id,
    authorId: comment.authorId,
    text: comment.text,
    mediaIds: [],
    contentWarning: null,
    kind: "comment",
  });
  if (decision.action === "reject" || decision.action === "hold")
    throw new UnprocessableContentError(
      `the comment cannot be published: ${decision.reason}`,
      decision.reasonCode ?? decision.action,
    );
}
