import type { Database } from "@nova/db";
import type { ServiceContext } from "../context.ts";
import { deleteComment } from "../db/comment-queries.ts";
import { bumpPostCounters, lockExistingPostCounters } from "../db/counter-queries.ts";
import { deleteLikesOfComment } from "../db/like-queries.ts";
import { afterCountersChanged, announceCountersChanged } from "./announce-counters-changed.ts";

/**
 * A comment was deleted (content's CommentDeleted): uncount it and drop its likes. Idempotent.
 * A moderator hiding it (CommentHidden, `keepLikes`) uncounts it the same way and keeps its likes:
 * restored (CommentRestored → recordComment) it is counted again with them. While hidden it is not
 * here, so it can't be liked.
 */
export async function forgetComment(args: {
  ctx: ServiceContext;
  tx: Database;
  input: { commentId: string; postId: string; keepLikes?: boolean };
}): Promise<{ afterCommit: () => Promise<void> }> {
  const { ctx, tx, input } = args;
  if (await lockExistingPostCounters(tx, input.postId)) {
    if (await deleteComment(tx, input.commentId)) {
      await bumpPostCounters(tx, input.postId, { comments: -1 });
      await announceCountersChanged(ctx, tx, input.postId);
    }
  }
  if (!input.keepLikes) await deleteLikesOfComment(tx, input.commentId);
  return { afterCommit: () => afterCountersChanged(ctx, [input.postId]) };
}
