import { withTransaction } from "@nova/db";
import { InvalidArgumentError } from "@nova/errors";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { addToReplyCount, findComment, insertComment } from "../db/comment-queries.ts";
import { addToCommentCount } from "../db/post-queries.ts";
import { enqueueCommentCreated, enqueueMentions } from "../events/enqueue-content-events.ts";
import { type CommentView, toCommentView } from "./comment-view.ts";
import { requireInteractionTarget } from "./interaction-rules.ts";
import { moderateComment } from "./moderate-comment.ts";
import { mediaIds } from "./post-input.ts";
import { attachMedia, releaseMedia } from "./post-media.ts";
import { contentText } from "./post-text.ts";
import { resolveMentions } from "./resolve-mentions.ts";
import { validateInput } from "./validate-input.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/** Longest comment, in grapheme clusters. */
export const MAX_COMMENT_LENGTH = 1000;

export const createCommentSchema = z
  .object({
    text: contentText({ max: MAX_COMMENT_LENGTH, what: "comment" }).refine(
      (v) => v.length > 0,
      "must not be empty",
    ),
    /** Answer this comment (same post) instead of the post itself. */
    parentCommentId: z.uuid("must be a comment id (UUID)").nullish(),
    /** The author's ready media (media-service: at most 4 images or 1 video). */
    mediaIds: mediaIds.default([]),
  })
  .strict();

const postIdInput = z.object({ postId: z.uuid("must be a post id (UUID)") });

/**
 * Comments on a post (or answers a comment of it). The post's reply controls apply as they do to
 * reply posts; blocked pairs cannot comment on each other's posts. Its media are attached through
 * media-service (subject `comment:<id>`) before it is written; deleting it releases them. Counts move in the same
 * transaction; CommentCreated (and a MentionCreated per resolved @mention) tells notification and social.
 */
export async function createComment(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { postId: string; comment: z.input<typeof createCommentSchema> };
  traceparent?: string;
}): Promise<CommentView> {
  const { ctx } = args;
  const authorId = requireViewer(args.viewer);
  const { postId } = validateInput(postIdInput, args.input, "post id");
  const input = validateInput(createCommentSchema, args.input.comment, "comment");
  await ctx.writeLimits.consume("comments", authorId);
  const post = await requireInteractionTarget(ctx, { accountId: authorId }, postId, "comment");
  const parentId = input.parentCommentId ?? null;
  const parent = parentId ? await findComment(ctx.db.db, parentId) : undefined;
  if (parentId && (!parent || parent.postId !== postId))
    throw new InvalidArgumentError("comment is invalid", [
      { field: "parentCommentId", message: "must be a comment on the same post" },
    ]);
  const mentioned = await resolveMentions(ctx, authorId, input.text);
  const id = Bun.randomUUIDv7();
  const now = ctx.clock();
  const moderation = await moderateComment(ctx, { id, postId, authorId, text: input.text }, now);
  await attachMedia(ctx, authorId, `comment:${id}`, input.mediaIds);
  const row = await withTransaction(ctx.db.db, async (tx) => {
    const inserted = await insertComment(tx, {
      id,
      postId,
      authorId,
      parentCommentId: parentId,
      text: input.text,
      mediaIds: input.mediaIds,
      createdAt: now,
      ...moderation,
    });
    // A held comment is its author's only: not counted, not announced until released.
    if (moderation.hiddenAt) return inserted;
    await addToCommentCount(tx, postId, 1);
    if (parentId) await addToReplyCount(tx, parentId, 1);
    const meta = { traceparent: args.traceparent, at: now };
    await enqueueCommentCreated(ctx, tx, inserted, post.authorId, {
      ...meta,
      parentCommentAuthorId: parent?.authorId,
    });
    await enqueueMentions(ctx, tx, post, mentioned, { ...meta, comment: inserted });
    return inserted;
  }).catch(async (err) => {
    if (input.mediaIds.length > 0) await releaseMedia(ctx, `comment:${id}`);
    throw err;
  });
  ctx.relay.wake();
  return toCommentView(row);
}
