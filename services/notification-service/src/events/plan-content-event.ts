import { anyUnpack } from "@bufbuild/protobuf/wkt";
import {
  CommentCreatedSchema,
  CommentDeletedSchema,
  MentionCreatedSchema,
  type Post,
  PostCreatedSchema,
  PostDeletedSchema,
  PostHiddenSchema,
  Visibility,
} from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import { byComment, byPost } from "../db/notification-queries.ts";
import { groupKeys } from "../domain/intent.ts";
import { prepareNotification } from "../domain/notify.ts";
import { retract } from "../domain/retract.ts";
import { malformed, type Planner, timeOf } from "./plan.ts";
import { forgetAudience, type PostAudience, recallAudience, rememberAudience } from "./post-audience.ts";

const visibilityOf = (v: Visibility): PostAudience["visibility"] =>
  v === Visibility.FOLLOWERS ? "followers" : v === Visibility.MENTIONED ? "mentioned" : "public";

/** A reply or a quote tells the author of the post it answers or quotes (when content shows that post publicly). */
async function planPostCreated(ctx: ServiceContext, post: Post) {
  const audience: PostAudience = {
    authorId: post.authorId,
    visibility: visibilityOf(post.visibility),
    mentioned: [...post.mentionedUserIds],
  };
  await rememberAudience(ctx, post.id, audience);
  const target = post.quoteOfPostId || post.replyToPostId;
  if (!target) return undefined;
  const original = await ctx.content.publicPost(target);
  if (!original) return undefined; // not public: its author is not ours to learn (see README)
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
    mustSee: { postId: post.id, ...audience },
  });
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
      return async () => {
        const audience = e.commentId ? undefined : await recallAudience(ctx, e.postId);
        return prepareNotification(ctx, {
          recipientId: e.mentionedUserId,
          type: "mention",
          actorId: e.authorId,
          cause,
          groupKey: groupKeys.single(cause),
          at: timeOf(ctx, e.createdAt),
          postId: e.postId,
          commentId: e.commentId || undefined,
          // A mention in a comment: the post's author is not in the event; only a public post passes.
          mustSee: e.commentId
            ? { postId: e.postId }
            : {
                postId: e.postId,
                authorId: e.authorId,
                visibility: audience?.visibility,
                mentioned: audience?.mentioned,
              },
        });
      };
    }
    case CommentCreatedSchema.typeName: {
      const c = anyUnpack(payload, CommentCreatedSchema)?.comment;
      if (!c?.id || !c.postId || !c.postAuthorId || !c.authorId) throw malformed(event, "comment");
      const cause = `comment:${c.id}`;
      // The post's author always sees their own post: no visibility check needed.
      return () =>
        prepareNotification(ctx, {
          recipientId: c.postAuthorId,
          type: "comment",
          actorId: c.authorId,
          cause,
          groupKey: groupKeys.single(cause),
          at: timeOf(ctx, c.createdAt),
          postId: c.postId,
          commentId: c.id,
        });
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
      return async () => {
        await forgetAudience(ctx, e.postId);
        return retract(ctx, byPost(e.postId));
      };
    }
    default:
      return undefined;
  }
};
