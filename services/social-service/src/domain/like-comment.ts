import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { withTransaction } from "@nova/db";
import { NotFoundError } from "@nova/errors";
import { LikeCreatedSchema, SubjectKind } from "@nova/proto/social/v1";
import type { ServiceContext } from "../context.ts";
import { findComment } from "../db/comment-queries.ts";
import { lockPostCounters } from "../db/counter-queries.ts";
import { countLikes, insertLike } from "../db/like-queries.ts";
import { afterEngagementCommit } from "./after-commit.ts";
import { assertMayEngage } from "./assert-may-engage.ts";
import type { CommentLikeView } from "./comment-like-view.ts";
import { parseCommentId } from "./post-id-input.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/**
 * Likes a comment: it must be live (known from content's events), its post visible to the viewer,
 * and neither the post's nor the comment's author in a blocked pair with the viewer. Idempotent.
 */
export async function likeComment(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { commentId: string };
  traceparent?: string | undefined;
}): Promise<CommentLikeView> {
  const { ctx } = args;
  const accountId = requireViewer(args.viewer);
  const commentId = parseCommentId(args.input);
  await ctx.writeLimits.consume("likes", accountId);
  const comment = await findComment(ctx.db.db, commentId);
  if (!comment) throw new NotFoundError("comment");
  await assertMayEngage(ctx, accountId, comment.postId, [comment.authorId]);
  const now = ctx.clock();
  await withTransaction(ctx.db.db, async (tx) => {
    // The post's lock serialises this with the post's and the comment's deletion.
    if ((await lockPostCounters(tx, comment.postId)).deleted) throw new NotFoundError("comment");
    if (!(await findComment(tx, commentId))) throw new NotFoundError("comment");
    const like = await insertLike(tx, {
      subjectKind: "comment",
      subjectId: commentId,
      accountId,
      postId: comment.postId,
      subjectAuthorId: comment.authorId,
      createdAt: now,
    });
    if (!like) return;
    await ctx.outbox.enqueue(tx, {
      aggregateId: comment.postId,
      schema: LikeCreatedSchema,
      payload: create(LikeCreatedSchema, {
        accountId,
        subjectKind: SubjectKind.COMMENT,
        subjectId: commentId,
        subjectAuthorId: comment.authorId,
        postId: comment.postId,
        createdAt: timestampFromDate(now),
      }),
      traceparent: args.traceparent,
      occurredAt: now,
    });
  });
  await afterEngagementCommit(ctx, []);
  return { commentId, likes: await countLikes(ctx.db.db, "comment", commentId), liked: true };
}
