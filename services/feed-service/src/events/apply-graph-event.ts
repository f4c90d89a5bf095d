import { anyUnpack } from "@bufbuild/protobuf/wkt";
import type { DeliveredEvent } from "@nova/events";
import {
  BlockCreatedSchema,
  BlockDeletedSchema,
  FollowCreatedSchema,
  FollowDeletedSchema,
  MuteCreatedSchema,
  MuteDeletedSchema,
} from "@nova/proto/graph/v1";
import type { ServiceContext } from "../context.ts";
import { announceAudienceChange } from "../domain/announce-audience-change.ts";
import { backfillFollow } from "../domain/backfill-follow.ts";
import { forgetAudience } from "../domain/fan-out-audience.ts";
import { heavyAuthorsKey } from "../domain/followed-heavy-authors.ts";

/**
 * Applies one of graph's events to the timelines. Every read leaves out the viewer's blocked and
 * muted authors (graph ListBlockedAndMuted, held per feed instance): a block or mute, made or
 * undone, first drops the held answer of both accounts on every instance, so it applies from the
 * next read once feed has consumed the event. Mutes change no timeline, so an unmute brings the
 * posts back, and a MuteCreated consumed after a later unmute and new post (events of two topics
 * race) can't erase it. Unblock needs nothing more: a block also ended any follow (FollowDeleted).
 * Every change of who an account follows, blocks or mutes is also announced to its open home-update
 * streams, and a follow made or ended drops the followee's held fan-out audience everywhere.
 */
export async function applyGraphEvent(ctx: ServiceContext, event: DeliveredEvent): Promise<void> {
  const payload = event.envelope.payload;
  if (!payload) return;
  const malformed = (what: string) => new Error(`${event.id}: ${event.type} without ${what}`);
  switch (event.type) {
    case FollowCreatedSchema.typeName: {
      const e = anyUnpack(payload, FollowCreatedSchema);
      if (!e?.followerId || !e.followeeId) throw malformed("follower_id/followee_id");
      await forgetAudience(ctx, [e.followeeId]);
      await ctx.store.delete(heavyAuthorsKey(e.followerId));
      await backfillFollow({ ctx, input: { followerId: e.followerId, followeeId: e.followeeId } });
      await announceAudienceChange({ ctx, accountIds: [e.followerId] });
      return;
    }
    case FollowDeletedSchema.typeName: {
      const e = anyUnpack(payload, FollowDeletedSchema);
      if (!e?.followerId || !e.followeeId) throw malformed("follower_id/followee_id");
      await forgetAudience(ctx, [e.followeeId]);
      await ctx.store.delete(heavyAuthorsKey(e.followerId));
      await ctx.timelines.dropAuthor(e.followerId, e.followeeId);
      await announceAudienceChange({ ctx, accountIds: [e.followerId] });
      return;
    }
    case BlockCreatedSchema.typeName: {
      const e = anyUnpack(payload, BlockCreatedSchema);
      if (!e?.blockerId || !e.blockedId) throw malformed("blocker_id/blocked_id");
      await ctx.graph.forgetHidden([e.blockerId, e.blockedId]);
      await ctx.timelines.dropAuthor(e.blockerId, e.blockedId);
      await ctx.timelines.dropAuthor(e.blockedId, e.blockerId);
      await announceAudienceChange({ ctx, accountIds: [e.blockerId, e.blockedId] });
      return;
    }
    // Timelines are filtered at read: only the held answers and open home-update streams care.
    case BlockDeletedSchema.typeName: {
      const e = anyUnpack(payload, BlockDeletedSchema);
      if (!e?.blockerId || !e.blockedId) throw malformed("blocker_id/blocked_id");
      await ctx.graph.forgetHidden([e.blockerId, e.blockedId]);
      await announceAudienceChange({ ctx, accountIds: [e.blockerId, e.blockedId] });
      return;
    }
    case MuteCreatedSchema.typeName:
    case MuteDeletedSchema.typeName: {
      const created = event.type === MuteCreatedSchema.typeName;
      const e = anyUnpack(payload, created ? MuteCreatedSchema : MuteDeletedSchema);
      if (!e?.muterId) throw malformed("muter_id");
      await ctx.graph.forgetHidden([e.muterId]);
      await announceAudienceChange({ ctx, accountIds: [e.muterId] });
      return;
    }
    default:
      return;
  }
}
