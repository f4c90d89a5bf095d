import { anyUnpack } from "@bufbuild/protobuf/wkt";
import type { DeliveredEvent } from "@nova/events";
import { ProfileCreatedSchema, ProfileErasedSchema, ProfileUpdatedSchema } from "@nova/proto/user/v1";
import type { ServiceContext } from "../context.ts";
import { authorPostsPrefix } from "../domain/visible-posts.ts";

/**
 * Applies one of user-service's events, on every feed instance: a profile created, changed or
 * erased drops the held profile (name, avatar); a profile that is private after the change also
 * drops every held answer about the account's posts (those served to anyone must now be asked
 * with the viewer's token). Nothing else needs dropping: going public only leaves "ask with the
 * token" answers, which stay correct; an erased account's posts are deleted one by one (content's
 * PostDeleted). A created profile also marks the account's posts index complete (a new account
 * has no older posts). Idempotent: dropping or marking twice is doing it once.
 */
export async function applyUserEvent(ctx: ServiceContext, event: DeliveredEvent): Promise<void> {
  const payload = event.envelope.payload;
  if (!payload) return;
  const malformed = () => new Error(`${event.id}: ${event.type} without profile_id`);
  switch (event.type) {
    case ProfileUpdatedSchema.typeName: {
      const e = anyUnpack(payload, ProfileUpdatedSchema);
      if (!e?.profileId) throw malformed();
      await ctx.users.forget(e.profileId);
      // A scan of every held post: only when the account may just have gone private.
      if (e.privateAccount) await ctx.publicPosts.invalidate({ prefix: authorPostsPrefix(e.profileId) });
      return;
    }
    case ProfileCreatedSchema.typeName: {
      const profileId = anyUnpack(payload, ProfileCreatedSchema)?.profileId;
      if (!profileId) throw malformed();
      await ctx.users.forget(profileId);
      // A new account has no posts older than this: its posts index is complete from here on
      // (user timelines are then read from it; see readUserTimeline), and so is its home timeline
      // (one without the mark was lost from the cache and is rebuilt on its next read).
      await ctx.authorPosts.markComplete(profileId);
      await ctx.timelines.markComplete(profileId);
      return;
    }
    case ProfileErasedSchema.typeName: {
      const profileId = anyUnpack(payload, ProfileErasedSchema)?.profileId;
      if (!profileId) throw malformed();
      await ctx.users.forget(profileId);
      return;
    }
    default:
      return;
  }
}
