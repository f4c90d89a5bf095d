import { withTransaction } from "@nova/db";
import type { ServiceContext } from "../context.ts";
import { deleteBookmark } from "../db/bookmark-queries.ts";
import { bumpPostCounters, lockExistingPostCounters } from "../db/counter-queries.ts";
import { afterEngagementCommit } from "./after-commit.ts";
import type { EngagementView } from "./engagement-view.ts";
import { parsePostId } from "./post-id-input.ts";
import { viewInTransaction } from "./view-in-transaction.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/** Removes the viewer's bookmark; idempotent, needs no peer. */
export async function unbookmarkPost(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { postId: string };
}): Promise<EngagementView> {
  const { ctx } = args;
  const accountId = requireViewer(args.viewer);
  const postId = parsePostId(args.input);
  const view = await withTransaction(ctx.db.db, async (tx) => {
    const locked = await lockExistingPostCounters(tx, postId);
    const removed = locked && (await deleteBookmark(tx, accountId, postId));
    const counts = removed ? await bumpPostCounters(tx, postId, { bookmarks: -1 }) : locked;
    return viewInTransaction(tx, accountId, postId, counts);
  });
  await afterEngagementCommit(ctx, [postId], accountId);
  return view;
}
