import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Database } from "@nova/db";
import {
  CommentCreatedSchema,
  CommentDeletedSchema,
  MentionCreatedSchema,
  PostCreatedSchema,
  PostDeletedSchema,
  PostEditedSchema,
  PostHiddenSchema,
} from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import type { CommentRow, PostRow } from "../db/schema/index.ts";
import { toCommentMessage, toPostMessage } from "./post-message.ts";

type Ctx = Pick<ServiceContext, "outbox">;
type Meta = { traceparent?: string | undefined; at: Date };

/** PostCreated, plus one MentionCreated per mentioned account (only these: not earlier ones). */
export async function enqueuePostPublished(
  ctx: Ctx,
  tx: Database,
  post: PostRow,
  meta: Meta & { newMentions?: readonly string[] },
): Promise<void> {
  await ctx.outbox.enqueue(tx, {
    aggregateId: post.id,
    schema: PostCreatedSchema,
    payload: { post: toPostMessage(post) },
    traceparent: meta.traceparent,
    occurredAt: meta.at,
  });
  await enqueueMentions(ctx, tx, post, meta.newMentions ?? post.mentionedUserIds, meta);
}

/** One MentionCreated per account; `comment` when the mentions are in a comment on the post. */
export async function enqueueMentions(
  ctx: Ctx,
  tx: Database,
  post: Pick<PostRow, "id" | "authorId">,
  userIds: readonly string[],
  meta: Meta & { comment?: Pick<CommentRow, "id" | "authorId"> },
): Promise<void> {
  for (const mentionedUserId of userIds)
    await ctx.outbox.enqueue(tx, {
      aggregateId: post.id,
      schema: MentionCreatedSchema,
      payload: {
        postId: post.id,
        authorId: meta.comment?.authorId ?? post.authorId,
        mentionedUserId,
        createdAt: timestampFromDate(meta.at),
        commentId: meta.comment?.id ?? "",
      },
      traceparent: meta.traceparent,
      occurredAt: meta.at,
    });
}

export async function enqueuePostEdited(ctx: Ctx, tx: Database, post: PostRow, meta: Meta): Promise<void> {
  await ctx.outbox.enqueue(tx, {
    aggregateId: post.id,
    schema: PostEditedSchema,
    payload: { post: toPostMessage(post) },
    traceparent: meta.traceparent,
    occurredAt: meta.at,
  });
}

export async function enqueuePostDeleted(ctx: Ctx, tx: Database, post: PostRow, meta: Meta): Promise<void> {
  await ctx.outbox.enqueue(tx, {
    aggregateId: post.id,
    schema: PostDeletedSchema,
    payload: {
      postId: post.id,
      authorId: post.authorId,
      replyToPostId: post.replyToPostId ?? "",
      quoteOfPostId: post.quoteOfPostId ?? "",
      deletedAt: timestampFromDate(meta.at),
    },
    traceparent: meta.traceparent,
    occurredAt: meta.at,
  });
}

export async function enqueuePostHidden(
  ctx: Ctx,
  tx: Database,
  post: PostRow,
  meta: Meta & { reason: string },
): Promise<void> {
  await ctx.outbox.enqueue(tx, {
    aggregateId: post.id,
    schema: PostHiddenSchema,
    payload: {
      postId: post.id,
      authorId: post.authorId,
      reason: meta.reason,
      hiddenAt: timestampFromDate(meta.at),
    },
    traceparent: meta.traceparent,
    occurredAt: meta.at,
  });
}

export async function enqueueCommentCreated(
  ctx: Ctx,
  tx: Database,
  comment: CommentRow,
  postAuthorId: string,
  meta: Meta & { parentCommentAuthorId?: string | undefined },
): Promise<void> {
  await ctx.outbox.enqueue(tx, {
    aggregateId: comment.postId,
    schema: CommentCreatedSchema,
    payload: {
      comment: toCommentMessage(comment, postAuthorId),
      parentCommentAuthorId: meta.parentCommentAuthorId ?? "",
    },
    traceparent: meta.traceparent,
    occurredAt: meta.at,
  });
}

export async function enqueueCommentDeleted(
  ctx: Ctx,
  tx: Database,
  comment: CommentRow,
  meta: Meta & { postAuthorId: string; deletedBy: string },
): Promise<void> {
  await ctx.outbox.enqueue(tx, {
    aggregateId: comment.postId,
    schema: CommentDeletedSchema,
    payload: {
      commentId: comment.id,
      postId: comment.postId,
      postAuthorId: meta.postAuthorId,
      authorId: comment.authorId,
      deletedBy: meta.deletedBy,
      deletedAt: timestampFromDate(meta.at),
      wasHidden: comment.hiddenAt !== null,
    },
    traceparent: meta.traceparent,
    occurredAt: meta.at,
  });
}
