import { create } from "@bufbuild/protobuf";
import { withTransaction } from "@nova/db";
import { NotFoundError } from "@nova/errors";
import { LikeDeletedSchema, SubjectKind } from "@nova/proto/social/v1";
import type { ServiceContext } from "../context.ts";
import { findComment } from "../db/comment-queries.ts";
import { lockExistingPostCounters } from "../db/counter-queries.ts";
import { countLikes, deleteLike, findLike, hasLiked } from "../db/like-queries.ts";
import { afterEngagementCommit } from "./after-commit.ts";
import { assertMayEngage } from "./assert-may-engage.ts";
import type { CommentLikeView } from "./comment-like-view.ts";
import { parseCommentId } from "./post-id-input.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/**
 * Removes the viewer's like of a comment (always, as unlikePost); the answer (count, state) only
 * for a live comment whose post and author the viewer may see, else 404. Idempotent.
 */
export async function unlikeComment(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { commentId: string };
  traceparent?: string | undefined;
}): Promise<CommentLikeView> {
  const { ctx } = args;
  const accountId = requireViewer(args.viewer);
  const commentId = parseCommentId(args.input);
  await ctx.writeLimits.consume("likes", accountId);
  const db = ctx.db.db;
  const existing = await findLike(db, { subjectKind: "comment", subjectId: commentId, accountId });
  if (existing) {
    await withTransaction(db, async (tx) => {
      await lockExistingPostCounters(tx, existing.postId);
      const like = await deleteLike(tx, { subjectKind: "comment", subjectId: commentId, accountId });
      if (!like) return;
      await ctx.outbox.enqueue(tx, {
        aggregateId: like.postId,
        schema: LikeDeletedSchema,
        payload: create(LikeDeletedSchema, {
          accountId,
          subjectKind: SubjectKind.COMMENT,
          subjectId: commentId,
          postId: like.postId,
        }),
        traceparent: args.traceparent,
      });
    });
    await afterEngagementCommit(ctx, []);
  }
  // The comment must be live and its post visible to the viewer, the comment's author in no
  // blocked pair with the viewer — the same rule as liking it — before its count is told.
  const comment = await findComment(db, commentId);
  if (!comment) throw new NotFoundError("comment");
  await assertMayEngage(ctx, accountId, comment.postId, [comment.authorId]);
  return {
    commentId,
    likes: await countLikes(db, "comment", commentId),
    liked: await hasLiked(db, "comment", commentId, accountId),
  };
}
