import { anyUnpack } from "@bufbuild/protobuf/wkt";
import type { DeliveredEvent } from "@nova/events";
import { ProfileCreatedSchema, ProfileErasedSchema, ProfileUpdatedSchema } from "@nova/proto/user/v1";
import type { ServiceContext } from "../context.ts";
import { authorPostsPrefix } from "../domain/visible-posts.ts";

const PROFILE_EVENTS = new Map<
  string,
  typeof ProfileCreatedSchema | typeof ProfileUpdatedSchema | typeof ProfileErasedSchema
>([
  [ProfileCreatedSchema.typeName, ProfileCreatedSchema],
  [ProfileUpdatedSchema.typeName, ProfileUpdatedSchema],
  [ProfileErasedSchema.typeName, ProfileErasedSchema],
]);

/**
 * Applies one of user-service's events: a profile created, changed or erased drops, on every feed
 * instance, the held profile (name, avatar) and every held answer about the account's posts (going
 * private hides them from non-followers). Idempotent: dropping twice is dropping once.
 */
export async function applyUserEvent(ctx: ServiceContext, event: DeliveredEvent): Promise<void> {
  const payload = event.envelope.payload;
  const schema = PROFILE_EVENTS.get(event.type);
  if (!payload || !schema) return;
  const profileId = anyUnpack(payload, schema)?.profileId;
  if (!profileId) throw new Error(`${event.id}: ${event.type} without profile_id`);
  await Promise.all([
    ctx.users.forget(profileId),
    ctx.publicPosts.invalidate({ prefix: authorPostsPrefix(profileId) }),
  ]);
}
