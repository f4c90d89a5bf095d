import { create } from "@bufbuild/protobuf";
import { withTransaction } from "@nova/db";
import { BookmarkDeletedSchema } from "@nova/proto/social/v1";
import type { ServiceContext } from "../context.ts";
import { deleteBookmark } from "../db/bookmark-queries.ts";
import { bumpPostCounters, lockExistingPostCounters } from "../db/counter-queries.ts";
import { afterEngagementCommit } from "./after-commit.ts";
import type { EngagementView } from "./engagement-view.ts";
import { parsePostId } from "./post-id-input.ts";
import { viewInTransaction } from "./view-in-transaction.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/**
 * Removes the viewer's bookmark (always, as unlikePost; the answer only for a visible post, else
 * 404). Idempotent: removing what is not there changes
 * nothing and emits nothing. The removal, its counter and BookmarkDeleted (private, as
 * BookmarkCreated) commit together.
 */
export async function unbookmarkPost(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { postId: string };
  traceparent?: string | undefined;
}): Promise<EngagementView> {
  const { ctx } = args;
  const accountId = requireViewer(args.viewer);
  const postId = parsePostId(args.input);
  await ctx.writeLimits.consume("bookmarks", accountId);
  const view = await withTransaction(ctx.db.db, async (tx) => {
    const locked = await lockExistingPostCounters(tx, postId);
    const removed = locked && (await deleteBookmark(tx, accountId, postId));
    if (!removed) return viewInTransaction(tx, accountId, postId, locked);
    const counts = await bumpPostCounters(tx, postId, { bookmarks: -1 });
    await ctx.outbox.enqueue(tx, {
      aggregateId: postId,
      schema: BookmarkDeletedSchema,
      payload: create(BookmarkDeletedSchema, { accountId, postId }),
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
