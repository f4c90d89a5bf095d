import { create } from "@bufbuild/protobuf";
import { withTransaction } from "@nova/db";
import { LikeDeletedSchema, SubjectKind } from "@nova/proto/social/v1";
import type { ServiceContext } from "../context.ts";
import { bumpPostCounters, lockExistingPostCounters } from "../db/counter-queries.ts";
import { deleteLike } from "../db/like-queries.ts";
import { afterEngagementCommit } from "./after-commit.ts";
import type { EngagementView } from "./engagement-view.ts";
import { parsePostId } from "./post-id-input.ts";
import { viewInTransaction } from "./view-in-transaction.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/**
 * Removes the viewer's like. Taking one's own engagement back is always allowed (even of a post the
 * viewer can no longer see); the answer (counts, state) only for a post the viewer may see, else
 * 404. Idempotent: unliking what is not liked changes nothing and emits nothing.
 */
export async function unlikePost(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { postId: string };
  traceparent?: string | undefined;
}): Promise<EngagementView> {
  const { ctx } = args;
  const accountId = requireViewer(args.viewer);
  const postId = parsePostId(args.input);
  await ctx.writeLimits.consume("likes", accountId);
  const view = await withTransaction(ctx.db.db, async (tx) => {
    const locked = await lockExistingPostCounters(tx, postId);
    const like = locked && (await deleteLike(tx, { subjectKind: "post", subjectId: postId, accountId }));
    if (!like) return viewInTransaction(tx, accountId, postId, locked);
    const counts = await bumpPostCounters(tx, postId, { likes: -1 });
    await ctx.outbox.enqueue(tx, {
      aggregateId: postId,
      schema: LikeDeletedSchema,
      payload: create(LikeDeletedSchema, {
        accountId,
        subjectKind: SubjectKind.POST,
        subjectId: postId,
        postId,
      }),
      traceparent: args.traceparent,
    });
    return viewInTransaction(tx, accountId, postId, counts);
  });
  await afterEngagementCommit(ctx, [postId], accountId);
  // Taking one's own engagement back always happens (above, no peer needed); what the post now
  // holds is only told to a caller who may see it — otherwise 404, as content answers.
  await ctx.content.getVisiblePost(postId);
  return view;
}
