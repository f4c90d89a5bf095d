import { anyUnpack } from "@bufbuild/protobuf/wkt";
import type { DeliveredEvent } from "@nova/events";
import {
  LikeCreatedSchema,
  LikeDeletedSchema,
  RepostCreatedSchema,
  RepostDeletedSchema,
  SubjectKind,
} from "@nova/proto/social/v1";
import type { ServiceContext } from "../context.ts";
import { ENGAGEMENT_WEIGHT } from "../domain/trending-store.ts";

/**
 * Applies one of social's events to explore's trending counters: likes of a post (not of its
 * comments) and reposts raise the post's engagement, their undo lowers it. A repost counts toward
 * the original post, so a reposted post never appears twice.
 */
export async function applySocialEvent(ctx: ServiceContext, event: DeliveredEvent): Promise<void> {
  const payload = event.envelope.payload;
  if (!payload) return;
  const malformed = (what: string) => new Error(`${event.id}: ${event.type} without ${what}`);
  switch (event.type) {
    case LikeCreatedSchema.typeName:
    case LikeDeletedSchema.typeName: {
      const created = event.type === LikeCreatedSchema.typeName;
      const e = anyUnpack(payload, created ? LikeCreatedSchema : LikeDeletedSchema);
      if (!e?.postId) throw malformed("post_id");
      if (e.subjectKind !== SubjectKind.POST) return;
      await ctx.trending.bump(e.postId, created ? ENGAGEMENT_WEIGHT.like : -ENGAGEMENT_WEIGHT.like);
      return;
    }
    case RepostCreatedSchema.typeName:
    case RepostDeletedSchema.typeName: {
      const created = event.type === RepostCreatedSchema.typeName;
      const e = anyUnpack(payload, created ? RepostCreatedSchema : RepostDeletedSchema);
      if (!e?.postId) throw malformed("post_id");
      await ctx.trending.bump(e.postId, created ? ENGAGEMENT_WEIGHT.repost : -ENGAGEMENT_WEIGHT.repost);
      return;
    }
    default:
      return;
  }
}
