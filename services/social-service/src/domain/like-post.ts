import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { withTransaction } from "@nova/db";
import { NotFoundError } from "@nova/errors";
import { LikeCreatedSchema, SubjectKind } from "@nova/proto/social/v1";
import type { ServiceContext } from "../context.ts";
import { bumpPostCounters, lockPostCounters } from "../db/counter-queries.ts";
import { insertLike } from "../db/like-queries.ts";
import { afterEngagementCommit } from "./after-commit.ts";
import { assertMayEngage } from "./assert-may-engage.ts";
import type { EngagementView } from "./engagement-view.ts";
import { parsePostId } from "./post-id-input.ts";
import { viewInTransaction } from "./view-in-transaction.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/**
 * Likes a post the viewer may see (not in a blocked pair with its author). Idempotent: liking again
 * changes nothing and emits nothing. The like, its counter and LikeCreated commit together.
 */
export async function likePost(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { postId: string };
  traceparent?: string | undefined;
}): Promise<EngagementView> {
  const { ctx } = args;
  const accountId = requireViewer(args.viewer);
  const postId = parsePostId(args.input);
  await ctx.writeLimits.consume("likes", accountId);
  const post = await assertMayEngage(ctx, accountId, postId);
  const now = ctx.clock();
  const view = await withTransaction(ctx.db.db, async (tx) => {
    const locked = await lockPostCounters(tx, postId);
    if (locked.deleted) throw new NotFoundError("post");
    const like = await insertLike(tx, {
      subjectKind: "post",
      subjectId: postId,
      accountId,
      postId,
      subjectAuthorId: post.authorId,
      createdAt: now,
    });
    if (!like) return viewInTransaction(tx, accountId, postId, locked.counts);
    const counts = await bumpPostCounters(tx, postId, { likes: 1 });
    await ctx.outbox.enqueue(tx, {
      aggregateId: postId,
      schema: LikeCreatedSchema,
      payload: create(LikeCreatedSchema, {
        accountId,
        subjectKind: SubjectKind.POST,
        subjectId: postId,
        subjectAuthorId: post.authorId,
        postId,
        createdAt: timestampFromDate(now),
      }),
      traceparent: args.traceparent,
      occurredAt: now,
    });
    return viewInTransaction(tx, accountId, postId, counts);
  });
  await afterEngagementCommit(ctx, [postId], accountId);
  return view;
}
