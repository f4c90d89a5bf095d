import { anyUnpack, timestampMs } from "@bufbuild/protobuf/wkt";
import type { DeliveredEvent } from "@nova/events";
import {
  CommentCreatedSchema,
  CommentDeletedSchema,
  CommentHiddenSchema,
  CommentRestoredSchema,
  PostCreatedSchema,
  PostDeletedSchema,
  PostEditedSchema,
  PostHiddenSchema,
  Visibility,
} from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import { announceNewPost } from "../domain/announce-new-post.ts";
import { applyOnce } from "../domain/event-ledger.ts";
import { fanOutPost } from "../domain/fan-out-post.ts";
import { retractPost } from "../domain/retract-post.ts";
import { ENGAGEMENT_WEIGHT } from "../domain/trending-store.ts";
import { type PostRef, publicPostKey } from "../domain/visible-posts.ts";

/** A post changed or went away: every feed instance drops what content said of it. */
const forgetPost = (ctx: ServiceContext, ref: PostRef) => ctx.publicPosts.invalidate(publicPostKey(ref));

/**
 * Applies one of content's events: a new post is fanned out and (top-level posts and quotes) becomes
 * a trending candidate, a deleted or hidden one is retracted from both, and comments count toward
 * the post's trending engagement (once per event id: `applyOnce`). An edit, delete or hide also
 * drops the post from every instance's held public posts (its visibility may have changed).
 */
export async function applyContentEvent(ctx: ServiceContext, event: DeliveredEvent): Promise<void> {
  const payload = event.envelope.payload;
  if (!payload) return;
  const malformed = (what: string) => new Error(`${event.id}: ${event.type} without ${what}`);
  switch (event.type) {
    case PostCreatedSchema.typeName: {
      const post = anyUnpack(payload, PostCreatedSchema)?.post;
      if (!post?.id || !post.authorId) throw malformed("post");
      const input = {
        postId: post.id,
        authorId: post.authorId,
        at: post.publishedAt ? timestampMs(post.publishedAt) : ctx.clock().getTime(),
        isReply: post.replyToPostId !== "",
      };
      if (!input.isReply) await ctx.trending.add(input);
      await fanOutPost({ ctx, input });
      // After the fan-out, so a client that reloads on the notification finds the post (heavy
      // authors' posts are merged at read time, so they are there already).
      if (!input.isReply) {
        const mentioned = post.visibility === Visibility.MENTIONED ? post.mentionedUserIds : undefined;
        await announceNewPost({ ctx, input: { ...input, mentioned } });
      }
      return;
    }
    case CommentCreatedSchema.typeName:
    case CommentRestoredSchema.typeName: {
      // Restored: a moderator's hide lifted, the comment counts again as a new one.
      const comment = (
        event.type === CommentRestoredSchema.typeName
          ? anyUnpack(payload, CommentRestoredSchema)
          : anyUnpack(payload, CommentCreatedSchema)
      )?.comment;
      if (!comment?.postId) throw malformed("comment");
      await applyOnce(ctx.store, event.id, () =>
        ctx.trending.bump(comment.postId, ENGAGEMENT_WEIGHT.comment),
      );
      return;
    }
    case CommentDeletedSchema.typeName:
    case CommentHiddenSchema.typeName: {
      // Hidden by a moderator: it stops counting, as a deleted one. A comment deleted while hidden
      // (or held) was uncounted already (`was_hidden`).
      const e =
        event.type === CommentDeletedSchema.typeName
          ? anyUnpack(payload, CommentDeletedSchema)
          : anyUnpack(payload, CommentHiddenSchema);
      if (!e?.postId) throw malformed("post_id");
      if ("wasHidden" in e && e.wasHidden) return;
      await applyOnce(ctx.store, event.id, () => ctx.trending.bump(e.postId, -ENGAGEMENT_WEIGHT.comment));
      return;
    }
    case PostDeletedSchema.typeName: {
      const e = anyUnpack(payload, PostDeletedSchema);
      if (!e?.postId || !e.authorId) throw malformed("post_id/author_id");
      await forgetPost(ctx, e);
      await ctx.trending.remove({ postId: e.postId, authorId: e.authorId });
      await retractPost({ ctx, input: { postId: e.postId, authorId: e.authorId } });
      return;
    }
    case PostEditedSchema.typeName: {
      const post = anyUnpack(payload, PostEditedSchema)?.post;
      if (!post?.id || !post.authorId) throw malformed("post");
      await forgetPost(ctx, { postId: post.id, authorId: post.authorId });
      return;
    }
    case PostHiddenSchema.typeName: {
      const e = anyUnpack(payload, PostHiddenSchema);
      if (!e?.postId || !e.authorId) throw malformed("post_id/author_id");
      await forgetPost(ctx, e);
      await ctx.trending.remove({ postId: e.postId, authorId: e.authorId });
      await retractPost({ ctx, input: { postId: e.postId, authorId: e.authorId } });
      return;
    }
    default:
      return;
  }
}
