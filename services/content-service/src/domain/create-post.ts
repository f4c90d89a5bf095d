import { withTransaction } from "@nova/db";
import type { ServiceContext } from "../context.ts";
import { insertPost } from "../db/post-queries.ts";
import type { PostStatus } from "../db/schema/index.ts";
import { enqueuePostPublished } from "../events/enqueue-content-events.ts";
import { requireInteractionTarget } from "./interaction-rules.ts";
import { moderate } from "./moderate.ts";
import { type CreatePostInput, createPostSchema } from "./post-input.ts";
import { attachPostMedia, releasePostMedia } from "./post-media.ts";
import { extractHashtags } from "./post-text.ts";
import { type PostView, toPostView } from "./post-view.ts";
import { resolveMentions } from "./resolve-mentions.ts";
import { scheduleTime } from "./schedule-time.ts";
import { validateInput } from "./validate-input.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/**
 * Writes a post: published now (after the moderation hook), kept as a draft, or scheduled. Replies
 * and quotes obey the target's controls; hashtags and mentions are extracted and mentions resolved.
 * Publishing emits PostCreated and one MentionCreated per mentioned account, in the same transaction.
 */
export async function createPost(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: CreatePostInput;
  traceparent?: string;
}): Promise<PostView> {
  const { ctx, viewer } = args;
  const authorId = requireViewer(viewer);
  const input = validateInput(createPostSchema(ctx.config.extra.POST_MAX_LENGTH), args.input, "post");
  await ctx.writeLimits.consume("posts", authorId);
  const now = ctx.clock();
  const publishAt = input.scheduledAt ? scheduleTime(input.scheduledAt, now) : null;
  if (input.replyToPostId)
    await requireInteractionTarget(ctx, { accountId: authorId }, input.replyToPostId, "reply");
  if (input.quoteOfPostId)
    await requireInteractionTarget(ctx, { accountId: authorId }, input.quoteOfPostId, "quote");
  const mentionedUserIds = await resolveMentions(ctx, authorId, input.text);
  const status: PostStatus = input.draft ? "draft" : publishAt ? "scheduled" : "published";
  const values = {
    id: Bun.randomUUIDv7(),
    authorId,
    text: input.text,
    mediaIds: input.mediaIds,
    replyToPostId: input.replyToPostId ?? null,
    quoteOfPostId: input.quoteOfPostId ?? null,
    visibility: input.visibility,
    contentWarning: input.contentWarning ?? null,
    hashtags: extractHashtags(input.text),
    mentionedUserIds,
    replyPolicy: input.replyPolicy,
    quotesAllowed: input.quotesAllowed,
    status,
    publishAt,
    publishedAt: status === "published" ? now : null,
    createdAt: now,
    updatedAt: now,
  };
  if (status === "published") Object.assign(values, await moderate(ctx, values));
  await attachPostMedia(ctx, authorId, values.id, values.mediaIds);
  const row = await withTransaction(ctx.db.db, async (tx) => {
    const inserted = await insertPost(tx, values);
    // A held post (hidden until reviewed) is announced when a moderator releases it.
    if (status === "published" && !inserted.hiddenAt)
      await enqueuePostPublished(ctx, tx, inserted, { traceparent: args.traceparent, at: now });
    return inserted;
  }).catch(async (err) => {
    if (values.mediaIds.length > 0) await releasePostMedia(ctx, values.id);
    throw err;
  });
  if (status === "published") ctx.relay.wake();
  return toPostView(row);
}
