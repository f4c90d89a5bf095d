import { withTransaction } from "@nova/db";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { deletePostRow } from "../db/post-queries.ts";
import { enqueuePostDeleted } from "../events/enqueue-content-events.ts";
import { commentsWithMedia, releaseCommentMedia } from "./release-comment-media.ts";
import { requireOwnPost } from "./require-own-post.ts";
import { validateInput } from "./validate-input.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

const inputSchema = z.object({ id: z.uuid("must be a post id (UUID)") });

/**
 * The author deletes a post with its comments and history. PostDeleted (for published posts) tells
 * feeds, search and counters to drop it. Deleting a post that is already gone is 404.
 */
export async function deletePost(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { id: string };
  traceparent?: string;
}): Promise<void> {
  const { ctx } = args;
  const authorId = requireViewer(args.viewer);
  const { id } = validateInput(inputSchema, args.input, "post id");
  await requireOwnPost(ctx, { accountId: authorId }, id);
  const now = ctx.clock();
  let withMedia: string[] = [];
  const deleted = await withTransaction(ctx.db.db, async (tx) => {
    withMedia = await commentsWithMedia(tx, id);
    const row = await deletePostRow(tx, id);
    if (row?.status === "published")
      await enqueuePostDeleted(ctx, tx, row, { traceparent: args.traceparent, at: now });
    return row;
  });
  if (deleted) await releaseCommentMedia(ctx, withMedia);
  if (deleted?.status === "published") ctx.relay.wake();
}
