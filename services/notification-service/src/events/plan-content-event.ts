import { anyUnpack } from "@bufbuild/protobuf/wkt";
import {
  type Comment,
  CommentCreatedSchema,
  CommentDeletedSchema,
  MentionCreatedSchema,
  type Post,
  PostCreatedSchema,
  PostDeletedSchema,
  PostHiddenSchema,
} from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import { byComment, byPost } from "../db/notification-queries.ts";
import { groupKeys } from "../domain/intent.ts";
import { prepareNotification } from "../domain/notify.ts";
import { retract } from "../domain/retract.ts";
import { both, malformed, type Planner, timeOf } from "./plan.ts";

/**
 * A reply or a quote tells the author of the post it answers or quotes. That author is learnt from
 * content by asking as the new post's author (who had to see it to answer it; if they cannot now,
 * nothing is told); the recipient must then be allowed to see the new post (delivery rules).
 */
async function planPostCreated(ctx: ServiceContext, post: Post) {
  const target = post.quoteOfPostId || post.replyToPostId;
  if (!target) return undefined;
  const original = await ctx.content.access(post.authorId, target);
  if (!original.visible) return undefined;
  const quote = !!post.quoteOfPostId;
  const cause = `${quote ? "quote" : "reply"}:${post.id}`;
  return prepareNotification(ctx, {
    recipientId: original.authorId,
    type: quote ? "quote" : "comment",
    actorId: post.authorId,
    cause,
    groupKey: groupKeys.single(cause),
    at: timeOf(ctx, post.publishedAt),
    postId: post.id,
    relatedPostId: target,
    mustSee: { postId: post.id },
  });
}

/**
 * A comment tells the post's author and, when it answers another comment, that comment's author
 * (one cause, so deleting the comment retracts both; the same person is told once).
 */
async function planCommentCreated(ctx: ServiceContext, c: Comment, parentCommentAuthorId: string) {
  const cause = `comment:${c.id}`;
  const at = timeOf(ctx, c.createdAt);
  const base = {
    type: "comment",
    actorId: c.authorId,
    cause,
    groupKey: groupKeys.single(cause),
    at,
    postId: c.postId,
    commentId: c.id,
  } as const;
  // The post's author always sees their own post: content is not asked.
  const toPostAuthor = await prepareNotification(ctx, { ...base, recipientId: c.postAuthorId });
  if (!parentCommentAuthorId || parentCommentAuthorId === c.postAuthorId) return toPostAuthor;
  const toParentAuthor = await prepareNotification(ctx, {
    ...base,
    recipientId: parentCommentAuthorId,
    mustSee: { postId: c.postId },
  });
  return toPostAuthor || toParentAuthor ? both(toPostAuthor, toParentAuthor) : undefined;
}

/** content's posts, comments and mentions: new ones notify; deletions and hides retract. */
export const planContentEvent: Planner = (ctx, event) => {
  const payload = event.envelope.payload;
  if (!payload) return undefined;
  switch (event.type) {
    case PostCreatedSchema.typeName: {
      const post = anyUnpack(payload, PostCreatedSchema)?.post;
      if (!post?.id || !post.authorId) throw malformed(event, "post");
      return () => planPostCreated(ctx, post);
    }
    case MentionCreatedSchema.typeName: {
      const e = anyUnpack(payload, MentionCreatedSchema);
      if (!e?.postId || !e.authorId || !e.mentionedUserId)
        throw malformed(event, "post_id/author_id/mentioned_user_id");
      const cause = `mention:${e.postId}:${e.commentId}`;
      return () =>
        prepareNotification(ctx, {
          recipientId: e.mentionedUserId,
          type: "mention",
          actorId: e.authorId,
          cause,
          groupKey: groupKeys.single(cause),
          at: timeOf(ctx, e.createdAt),
          postId: e.postId,
          commentId: e.commentId || undefined,
          // In the post's text or in a comment on it: the recipient must be allowed to see the post.
          mustSee: { postId: e.postId },
        });
    }
    case CommentCreatedSchema.typeName: {
      const e = anyUnpack(payload, CommentCreatedSchema);
      const c = e?.comment;
      if (!e || !c?.id || !c.postId || !c.postAuthorId || !c.authorId) throw malformed(event, "comment");
      return () => planCommentCreated(ctx, c, e.parentCommentAuthorId);
    }
    case CommentDeletedSchema.typeName: {
      const e = anyUnpack(payload, CommentDeletedSchema);
      if (!e?.commentId) throw malformed(event, "comment_id");
      return async () => retract(ctx, byComment(e.commentId));
    }
    case PostDeletedSchema.typeName:
    case PostHiddenSchema.typeName: {
      const e = anyUnpack(
        payload,
        event.type === PostDeletedSchema.typeName ? PostDeletedSchema : PostHiddenSchema,
      );
      if (!e?.postId) throw malformed(event, "post_id");
      return async () => retract(ctx, byPost(e.postId));
    }
    default:
      return undefined;
  }
};
