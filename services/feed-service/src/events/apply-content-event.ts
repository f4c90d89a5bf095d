import { anyUnpack, timestampMs } from "@bufbuild/protobuf/wkt";
import type { DeliveredEvent } from "@nova/events";
import { PostCreatedSchema, PostDeletedSchema, PostHiddenSchema } from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import { fanOutPost } from "../domain/fan-out-post.ts";
import { retractPost } from "../domain/retract-post.ts";

/** Applies one of content's events to the timelines: fan a new post out, retract a deleted or hidden one. */
export async function applyContentEvent(ctx: ServiceContext, event: DeliveredEvent): Promise<void> {
  const payload = event.envelope.payload;
  if (!payload) return;
  const malformed = (what: string) => new Error(`${event.id}: ${event.type} without ${what}`);
  switch (event.type) {
    case PostCreatedSchema.typeName: {
      const post = anyUnpack(payload, PostCreatedSchema)?.post;
      if (!post?.id || !post.authorId) throw malformed("post");
      await fanOutPost({
        ctx,
        input: {
          postId: post.id,
          authorId: post.authorId,
          at: post.publishedAt ? timestampMs(post.publishedAt) : ctx.clock().getTime(),
          isReply: post.replyToPostId !== "",
        },
      });
      return;
    }
    case PostDeletedSchema.typeName: {
      const e = anyUnpack(payload, PostDeletedSchema);
      if (!e?.postId || !e.authorId) throw malformed("post_id/author_id");
      await retractPost({ ctx, input: { postId: e.postId, authorId: e.authorId } });
      return;
    }
    case PostHiddenSchema.typeName: {
      const e = anyUnpack(payload, PostHiddenSchema);
      if (!e?.postId || !e.authorId) throw malformed("post_id/author_id");
      await retractPost({ ctx, input: { postId: e.postId, authorId: e.authorId } });
      return;
    }
    default:
      return;
  }
}
