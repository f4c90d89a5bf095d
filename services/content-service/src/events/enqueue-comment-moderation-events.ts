import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Database } from "@nova/db";
import { CommentHiddenSchema, CommentRestoredSchema } from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import type { CommentRow } from "../db/schema/index.ts";
import { toCommentMessage } from "./post-message.ts";

type Meta = { traceparent?: string | undefined; at: Date; postAuthorId: string };

/** CommentHidden: a moderator hid the comment; consumers treat it as deleted. */
export async function enqueueCommentHidden(
  ctx: Pick<ServiceContext, "outbox">,
  tx: Database,
  comment: CommentRow,
  meta: Meta & { reason: string },
): Promise<void> {
  await ctx.outbox.enqueue(tx, {
    aggregateId: comment.postId,
    schema: CommentHiddenSchema,
    payload: {
      commentId: comment.id,
      postId: comment.postId,
      postAuthorId: meta.postAuthorId,
      authorId: comment.authorId,
      reason: meta.reason,
      hiddenAt: timestampFromDate(meta.at),
    },
    traceparent: meta.traceparent,
    occurredAt: meta.at,
  });
}

/** CommentRestored: the action that hid the comment was lifted. */
export async function enqueueCommentRestored(
  ctx: Pick<ServiceContext, "outbox">,
  tx: Database,
  comment: CommentRow,
  meta: Meta,
): Promise<void> {
  await ctx.outbox.enqueue(tx, {
    aggregateId: comment.postId,
    schema: CommentRestoredSchema,
    payload: {
      comment: toCommentMessage(comment, meta.postAuthorId),
      restoredAt: timestampFromDate(meta.at),
    },
    traceparent: meta.traceparent,
    occurredAt: meta.at,
  });
}
