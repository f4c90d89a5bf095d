import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { withTransaction } from "@nova/db";
import { NotFoundError } from "@nova/errors";
import { BookmarkCreatedSchema } from "@nova/proto/social/v1";
import type { ServiceContext } from "../context.ts";
import { insertBookmark } from "../db/bookmark-queries.ts";
import { bumpPostCounters, lockPostCounters } from "../db/counter-queries.ts";
import { afterEngagementCommit } from "./after-commit.ts";
import { assertMayEngage } from "./assert-may-engage.ts";
import type { EngagementView } from "./engagement-view.ts";
import { parsePostId } from "./post-id-input.ts";
import { viewInTransaction } from "./view-in-transaction.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/**
 * Bookmarks a post the viewer may see. Idempotent: bookmarking again changes nothing and emits
 * nothing. The bookmark, its counter and BookmarkCreated commit together. The event is private:
 * consumers use it only to keep their copies of the count and of the owner's own `bookmarked`
 * coherent — a bookmark is never notified or shown to anyone else (only the count is public).
 */
export async function bookmarkPost(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { postId: string };
  traceparent?: string | undefined;
}): Promise<EngagementView> {
  const { ctx } = args;
  const accountId = requireViewer(args.viewer);
  const postId = parsePostId(args.input);
  await ctx.writeLimits.consume("bookmarks", accountId);
  await assertMayEngage(ctx, accountId, postId);
  const now = ctx.clock();
  const view = await withTransaction(ctx.db.db, async (tx) => {
    const locked = await lockPostCounters(tx, postId);
    if (locked.deleted) throw new NotFoundError("post");
    const created = await insertBookmark(tx, { accountId, postId, createdAt: now });
    if (!created) return viewInTransaction(tx, accountId, postId, locked.counts);
    const counts = await bumpPostCounters(tx, postId, { bookmarks: 1 });
    await ctx.outbox.enqueue(tx, {
      aggregateId: postId,
      schema: BookmarkCreatedSchema,
      payload: create(BookmarkCreatedSchema, { accountId, postId, createdAt: timestampFromDate(now) }),
      traceparent: args.traceparent,
      occurredAt: now,
    });
    return viewInTransaction(tx, accountId, postId, counts);
  });
  await afterEngagementCommit(ctx, [postId], accountId);
  return view;
}
