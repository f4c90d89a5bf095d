import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { listThread } from "../db/comment-queries.ts";
import { visibleComment } from "./comment-moderation.ts";
import { type CommentView, toCommentView } from "./comment-view.ts";
import { decodeCursor, encodeCursor, pageSize } from "./cursor.ts";
import { getPost } from "./get-post.ts";
import { validateInput } from "./validate-input.ts";
import type { Viewer } from "./viewer.ts";
import { blockedOrMutedAmong } from "./visibility.ts";

const inputSchema = z.object({
  postId: z.uuid("must be a post id (UUID)"),
  parentCommentId: z.uuid("must be a comment id (UUID)").nullish(),
  limit: z.number().int().optional(),
  cursor: z.string().max(200).optional(),
});

/**
 * One level of a post's comment thread, oldest first: the top-level comments, or the answers to
 * one comment (each with its replyCount, to open the next level). Only for viewers who may see the
 * post; comments by accounts in a block with the viewer, or muted by the viewer, are left out, and
 * so are comments a moderator hid (except for their author, who sees why).
 */
export async function listComments(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: z.input<typeof inputSchema>;
}): Promise<{ comments: CommentView[]; nextCursor: string | null }> {
  const input = validateInput(inputSchema, args.input, "comment list");
  await getPost({ ctx: args.ctx, viewer: args.viewer, input: { id: input.postId } });
  const limit = pageSize(input.limit);
  const after = decodeCursor(input.cursor);
  const rows = await listThread(args.ctx.db.db, {
    postId: input.postId,
    parentId: input.parentCommentId ?? null,
    limit,
    ...(after ? { after } : {}),
  });
  const hidden = await blockedOrMutedAmong(
    args.ctx,
    args.viewer,
    rows.map((r) => r.authorId),
  );
  const last = rows.at(-1);
  return {
    comments: rows
      .filter((r) => !hidden.has(r.authorId) && visibleComment(r, args.viewer))
      .map(toCommentView),
    nextCursor: rows.length === limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
  };
}
