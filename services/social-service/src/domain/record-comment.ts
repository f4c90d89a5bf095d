import type { Database } from "@nova/db";
import type { ServiceContext } from "../context.ts";
import { insertComment } from "../db/comment-queries.ts";
import { bumpPostCounters, lockPostCounters } from "../db/counter-queries.ts";
import { afterCountersChanged, announceCountersChanged } from "./announce-counters-changed.ts";

/**
 * A comment was written (content's CommentCreated): remember it (so it can be liked) and count it
 * on its post (announced: PostCountersChanged). Exact under replays: the counter moves only when the comment is new here. A comment
 * on an already deleted post is ignored.
 */
export async function recordComment(args: {
  ctx: ServiceContext;
  tx: Database;
  input: { commentId: string; postId: string; authorId: string; createdAt?: Date | undefined };
}): Promise<{ afterCommit: () => Promise<void> }> {
  const { ctx, tx, input } = args;
  const { deleted } = await lockPostCounters(tx, input.postId);
  if (!deleted) {
    const row = await insertComment(tx, {
      id: input.commentId,
      postId: input.postId,
      authorId: input.authorId,
      createdAt: input.createdAt ?? ctx.clock(),
    });
    if (row) {
      await bumpPostCounters(tx, input.postId, { comments: 1 });
      await announceCountersChanged(ctx, tx, input.postId);
    }
  }
  return { afterCommit: () => afterCountersChanged(ctx, [input.postId]) };
}
