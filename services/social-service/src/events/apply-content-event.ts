import { anyUnpack, timestampDate } from "@bufbuild/protobuf/wkt";
import type { Transaction } from "@nova/db";
import type { DeliveredEvent } from "@nova/events";
import {
  CommentCreatedSchema,
  CommentDeletedSchema,
  PostCreatedSchema,
  PostDeletedSchema,
} from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import { erasePostEngagement } from "../domain/erase-post-engagement.ts";
import { forgetComment } from "../domain/forget-comment.ts";
import { recordComment } from "../domain/record-comment.ts";
import { recordQuote } from "../domain/record-quote.ts";

type AfterCommit = (() => Promise<void>) | undefined;

/**
 * Applies one of content's events inside the idempotent consumer's transaction; returns what to do
 * after commit (cache invalidation). PostHidden needs nothing here: content stops serving the post,
 * so no new engagement passes the visibility check, and an appeal may bring it back with its counts.
 */
export async function applyContentEvent(
  ctx: ServiceContext,
  event: DeliveredEvent,
  tx: Transaction,
): Promise<AfterCommit> {
  const payload = event.envelope.payload;
  if (!payload) return undefined;
  const malformed = (what: string) => new Error(`${event.id}: ${event.type} without ${what}`);
  switch (event.type) {
    case CommentCreatedSchema.typeName: {
      const comment = anyUnpack(payload, CommentCreatedSchema)?.comment;
      if (!comment?.id || !comment.postId || !comment.authorId) throw malformed("comment ids");
      const r = await recordComment({
        ctx,
        tx,
        input: {
          commentId: comment.id,
          postId: comment.postId,
          authorId: comment.authorId,
          createdAt: comment.createdAt ? timestampDate(comment.createdAt) : undefined,
        },
      });
      return r.afterCommit;
    }
    case CommentDeletedSchema.typeName: {
      const deleted = anyUnpack(payload, CommentDeletedSchema);
      if (!deleted?.commentId || !deleted.postId) throw malformed("comment_id/post_id");
      return (
        await forgetComment({ ctx, tx, input: { commentId: deleted.commentId, postId: deleted.postId } })
      ).afterCommit;
    }
    case PostCreatedSchema.typeName: {
      const post = anyUnpack(payload, PostCreatedSchema)?.post;
      if (!post?.id) throw malformed("post");
      if (!post.quoteOfPostId) return undefined;
      return (
        await recordQuote({ ctx, tx, input: { quotePostId: post.id, quotedPostId: post.quoteOfPostId } })
      ).afterCommit;
    }
    case PostDeletedSchema.typeName: {
      const deleted = anyUnpack(payload, PostDeletedSchema);
      if (!deleted?.postId) throw malformed("post_id");
      return (
        await erasePostEngagement({
          ctx,
          tx,
          input: { postId: deleted.postId },
          traceparent: event.traceparent,
        })
      ).afterCommit;
    }
    default:
      return undefined;
  }
}
