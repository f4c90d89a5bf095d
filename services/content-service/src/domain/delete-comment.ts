import { withTransaction } from "@nova/db";
import { NotFoundError, PermissionDeniedError } from "@nova/errors";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { deleteCommentRow, findComment } from "../db/comment-queries.ts";
import { findPost } from "../db/post-queries.ts";
import { enqueueCommentDeleted } from "../events/enqueue-content-events.ts";
import { recountComment, visibleComment } from "./comment-moderation.ts";
import { validateInput } from "./validate-input.ts";
import { requireViewer, type Viewer } from "./viewer.ts";
import { filterVisible } from "./visibility.ts";

const inputSchema = z.object({ id: z.uuid("must be a comment id (UUID)") });

/** The comment's author or the post's author deletes a comment; its replies stay. */
export async function deleteComment(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { id: string };
  traceparent?: string;
}): Promise<void> {
  const { ctx } = args;
  const viewerId = requireViewer(args.viewer);
  const { id } = validateInput(inputSchema, args.input, "comment id");
  const comment = await findComment(ctx.db.db, id);
  const post = comment ? await findPost(ctx.db.db, comment.postId) : undefined;
  if (!comment || !post || !visibleComment(comment, args.viewer)) throw new NotFoundError("comment", id);
  if (comment.authorId !== viewerId && post.authorId !== viewerId) {
    const [visible] = await filterVisible(ctx, { accountId: viewerId }, [post]);
    if (!visible) throw new NotFoundError("comment", id);
    throw new PermissionDeniedError("only the comment's author or the post's author may delete it");
  }
  const now = ctx.clock();
  const deleted = await withTransaction(ctx.db.db, async (tx) => {
    const row = await deleteCommentRow(tx, id);
    if (!row) return false;
    // A hidden comment was uncounted when it was hidden.
    if (!row.hiddenAt) await recountComment(tx, row, -1);
    await enqueueCommentDeleted(ctx, tx, row, {
      postAuthorId: post.authorId,
      deletedBy: viewerId,
      traceparent: args.traceparent,
      at: now,
    });
    return true;
  });
  if (!deleted) throw new NotFoundError("comment", id);
  ctx.relay.wake();
}
