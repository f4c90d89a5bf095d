import { FailedPreconditionError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import type { PostRow } from "../db/schema/index.ts";

/** Runs the moderation hook on a post about to be published; a rejection changes nothing. */
export async function moderate(
  ctx: ServiceContext,
  post: Pick<PostRow, "id" | "authorId" | "text" | "mediaIds" | "contentWarning">,
): Promise<void> {
  const decision = await ctx.moderation.review({
    postId: post.id,
    authorId: post.authorId,
    text: post.text,
    mediaIds: post.mediaIds,
    contentWarning: post.contentWarning,
  });
  if (decision.action === "reject")
    throw new FailedPreconditionError(`the post cannot be published: ${decision.reason}`);
}
