import { withTransaction } from "@nova/db";
import { NotFoundError } from "@nova/errors";
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
 * Bookmarks a post the viewer may see. Private: no event is emitted (only the count is public).
 * Idempotent.
 */
export async function bookmarkPost(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { postId: string };
}): Promise<EngagementView> {
  const { ctx } = args;
  const accountId = requireViewer(args.viewer);
  const postId = parsePostId(args.input);
  await assertMayEngage(ctx, accountId, postId);
  const now = ctx.clock();
  const view = await withTransaction(ctx.db.db, async (tx) => {
    const locked = await lockPostCounters(tx, postId);
    if (locked.deleted) throw new NotFoundError("post");
    const created = await insertBookmark(tx, { accountId, postId, createdAt: now });
    const counts = created ? await bumpPostCounters(tx, postId, { bookmarks: 1 }) : locked.counts;
    return viewInTransaction(tx, accountId, postId, counts);
  });
  await afterEngagementCommit(ctx, [postId], accountId);
  return view;
}
