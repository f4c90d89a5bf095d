import { create } from "@bufbuild/protobuf";
import { withTransaction } from "@nova/db";
import { RepostDeletedSchema } from "@nova/proto/social/v1";
import type { ServiceContext } from "../context.ts";
import { bumpPostCounters, lockExistingPostCounters } from "../db/counter-queries.ts";
import { deleteRepost } from "../db/repost-queries.ts";
import { afterEngagementCommit } from "./after-commit.ts";
import { getEngagement } from "./batch-get-engagement.ts";
import { parsePostId } from "./post-id-input.ts";
import type { RepostView } from "./repost-view.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/** Undoes the viewer's repost (always, as unlikePost; the answer only for a visible post, else 404); idempotent. */
export async function unrepostPost(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { postId: string };
  traceparent?: string | undefined;
}): Promise<RepostView> {
  const { ctx } = args;
  const accountId = requireViewer(args.viewer);
  const postId = parsePostId(args.input);
  await ctx.writeLimits.consume("reposts", accountId);
  await withTransaction(ctx.db.db, async (tx) => {
    if (!(await lockExistingPostCounters(tx, postId))) return;
    const repost = await deleteRepost(tx, accountId, postId);
    if (!repost) return;
    await bumpPostCounters(tx, postId, { reposts: -1 });
    await ctx.outbox.enqueue(tx, {
      aggregateId: postId,
      schema: RepostDeletedSchema,
      payload: create(RepostDeletedSchema, { repostId: repost.id, accountId, postId }),
      traceparent: args.traceparent,
    });
  });
  await afterEngagementCommit(ctx, [postId], accountId);
  // Taking one's own engagement back always happens (above, no peer needed); what the post now
  // holds is only told to a caller who may see it — otherwise 404, as content answers.
  await ctx.content.getVisiblePost(postId);
  return {
    repostId: null,
    createdAt: null,
    created: false,
    engagement: await getEngagement(ctx, args.viewer, postId),
  };
}
