import { anyUnpack, timestampDate } from "@bufbuild/protobuf/wkt";
import type { DeliveredEvent } from "@nova/events";
import {
  CommentCreatedSchema,
  CommentDeletedSchema,
  CommentHiddenSchema,
  CommentRestoredSchema,
  PostCreatedSchema,
  PostDeletedSchema,
} from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import { erasePostEngagement } from "../domain/erase-post-engagement.ts";
import { forgetComment } from "../domain/forget-comment.ts";
import { recordComment } from "../domain/record-comment.ts";
import { recordQuote } from "../domain/record-quote.ts";
import type { EventApplication } from "./event-application.ts";

/**
 * What one of content's events does here, decided before any transaction: undefined when it
 * changes nothing (a post that quotes nothing, types social does not follow) — such events are
 * not recorded in the ledger either, since a redelivery of them changes nothing too. Otherwise an
 * application to run inside the idempotent consumer's transaction, returning what to do after
 * commit (cache invalidation). PostHidden needs nothing here: content stops serving the post, so
 * no new engagement passes the visibility check, and an appeal may bring it back with its counts.
 */
export function planContentEvent(ctx: ServiceContext, event: DeliveredEvent): EventApplication | undefined {
  const payload = event.envelope.payload;
  if (!payload) return undefined;
  const malformed = (what: string) => new Error(`${event.id}: ${event.type} without ${what}`);
  switch (event.type) {
    case CommentCreatedSchema.typeName:
    case CommentRestoredSchema.typeName: {
      // A restored comment (a moderator's hide lifted) is counted again, as a new one is.
      const comment =
        event.type === CommentCreatedSchema.typeName
          ? anyUnpack(payload, CommentCreatedSchema)?.comment
          : anyUnpack(payload, CommentRestoredSchema)?.comment;
      if (!comment?.id || !comment.postId || !comment.authorId) throw malformed("comment ids");
      const input = {
        commentId: comment.id,
        postId: comment.postId,
        authorId: comment.authorId,
        createdAt: comment.createdAt ? timestampDate(comment.createdAt) : undefined,
      };
      return async (tx) => (await recordComment({ ctx, tx, input })).afterCommit;
    }
    case CommentDeletedSchema.typeName: {
      const deleted = anyUnpack(payload, CommentDeletedSchema);
      if (!deleted?.commentId || !deleted.postId) throw malformed("comment_id/post_id");
      const input = { commentId: deleted.commentId, postId: deleted.postId };
      return async (tx) => (await forgetComment({ ctx, tx, input })).afterCommit;
    }
    case CommentHiddenSchema.typeName: {
      const hidden = anyUnpack(payload, CommentHiddenSchema);
      if (!hidden?.commentId || !hidden.postId) throw malformed("comment_id/post_id");
      const input = { commentId: hidden.commentId, postId: hidden.postId, keepLikes: true };
      return async (tx) => (await forgetComment({ ctx, tx, input })).afterCommit;
    }
    case PostCreatedSchema.typeName: {
      const post = anyUnpack(payload, PostCreatedSchema)?.post;
      if (!post?.id) throw malformed("post");
      if (!post.quoteOfPostId) return undefined;
      const input = { quotePostId: post.id, quotedPostId: post.quoteOfPostId };
      return async (tx) => (await recordQuote({ ctx, tx, input })).afterCommit;
    }
    case PostDeletedSchema.typeName: {
      const deleted = anyUnpack(payload, PostDeletedSchema);
      if (!deleted?.postId) throw malformed("post_id");
      const input = { postId: deleted.postId };
      return async (tx) =>
        (await erasePostEngagement({ ctx, tx, input, traceparent: event.traceparent })).afterCommit;
    }
    default:
      return undefined;
  }
}
