import type { Database } from "@nova/db";
import type { ServiceContext } from "../context.ts";
import { deleteCommentsByAuthor } from "../db/comment-queries.ts";
import { deletePostsByAuthor, findPost } from "../db/post-queries.ts";
import { enqueueCommentDeleted, enqueuePostDeleted } from "../events/enqueue-content-events.ts";
import { recountComment } from "./comment-moderation.ts";

/**
 * Erases everything a deleted account wrote: its posts (with their comments and history) and its
 * comments on others' posts, announcing PostDeleted / CommentDeleted for each so feeds, search and
 * counters drop them. Runs in the consumer's transaction; idempotent (nothing left → nothing done).
 */
export async function eraseAccountContent(args: {
  ctx: ServiceContext;
  tx: Database;
  input: { accountId: string };
  traceparent?: string;
}): Promise<{ posts: number; comments: number }> {
  const { ctx, tx } = args;
  const now = ctx.clock();
  const meta = { traceparent: args.traceparent, at: now };
  const posts = await deletePostsByAuthor(tx, args.input.accountId);
  for (const post of posts) if (post.status === "published") await enqueuePostDeleted(ctx, tx, post, meta);
  const comments = await deleteCommentsByAuthor(tx, args.input.accountId);
  for (const comment of comments) {
    const post = await findPost(tx, comment.postId);
    if (!post) continue;
    if (!comment.hiddenAt) await recountComment(tx, comment, -1);
    await enqueueCommentDeleted(ctx, tx, comment, {
      ...meta,
      postAuthorId: post.authorId,
      deletedBy: comment.authorId,
    });
  }
  return { posts: posts.length, comments: comments.length };
}
