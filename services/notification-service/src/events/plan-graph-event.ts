import { anyUnpack } from "@bufbuild/protobuf/wkt";
import {
  BlockCreatedSchema,
  FollowCreatedSchema,
  FollowDeletedSchema,
  FollowRequestApprovedSchema,
  FollowRequestCreatedSchema,
  MuteCreatedSchema,
} from "@nova/proto/graph/v1";
import { and, eq, or } from "drizzle-orm";
import { between, byCause } from "../db/notification-queries.ts";
import { notifications } from "../db/schema/index.ts";
import { groupKeys } from "../domain/intent.ts";
import { prepareNotification } from "../domain/notify.ts";
import { retract } from "../domain/retract.ts";
import { both, malformed, type Planner, timeOf } from "./plan.ts";

const inboxCause = (recipientId: string, cause: string) =>
  and(eq(notifications.recipientId, recipientId), byCause(cause));

/**
 * graph's follows (grouped per day), follow requests and approvals notify; an unfollow retracts the
 * follow; a block removes what either account caused in the other's inbox, a mute what the muted
 * account caused in the muter's (later ones are refused by the delivery rules).
 */
export const planGraphEvent: Planner = (ctx, event) => {
  const payload = event.envelope.payload;
  if (!payload) return undefined;
  switch (event.type) {
    case FollowCreatedSchema.typeName: {
      const e = anyUnpack(payload, FollowCreatedSchema);
      if (!e?.followerId || !e.followeeId) throw malformed(event, "follower_id/followee_id");
      const at = timeOf(ctx, e.createdAt);
      return async () =>
        both(
          // An approved request becomes a follow: the request item goes.
          retract(ctx, inboxCause(e.followeeId, `follow_request:${e.followerId}`)),
          await prepareNotification(ctx, {
            recipientId: e.followeeId,
            type: "follow",
            actorId: e.followerId,
            cause: `follow:${e.followerId}`,
            groupKey: groupKeys.follow(at),
            at,
          }),
        );
    }
    case FollowDeletedSchema.typeName: {
      const e = anyUnpack(payload, FollowDeletedSchema);
      if (!e?.followerId || !e.followeeId) throw malformed(event, "follower_id/followee_id");
      return async () =>
        retract(
          ctx,
          and(
            eq(notifications.recipientId, e.followeeId),
            or(byCause(`follow:${e.followerId}`), byCause(`follow_request:${e.followerId}`)),
          ),
        );
    }
    case FollowRequestCreatedSchema.typeName: {
      const e = anyUnpack(payload, FollowRequestCreatedSchema);
      if (!e?.requesterId || !e.targetId) throw malformed(event, "requester_id/target_id");
      const at = timeOf(ctx, e.createdAt);
      return () =>
        prepareNotification(ctx, {
          recipientId: e.targetId,
          type: "follow_request",
          actorId: e.requesterId,
          cause: `follow_request:${e.requesterId}`,
          groupKey: groupKeys.followRequest(at),
          at,
        });
    }
    case FollowRequestApprovedSchema.typeName: {
      const e = anyUnpack(payload, FollowRequestApprovedSchema);
      if (!e?.requesterId || !e.targetId) throw malformed(event, "requester_id/target_id");
      const cause = `follow_approved:${e.targetId}`;
      return async () =>
        both(
          retract(ctx, inboxCause(e.targetId, `follow_request:${e.requesterId}`)),
          await prepareNotification(ctx, {
            recipientId: e.requesterId,
            type: "follow_approved",
            actorId: e.targetId,
            cause,
            groupKey: groupKeys.single(cause),
            at: ctx.clock(),
          }),
        );
    }
    case BlockCreatedSchema.typeName: {
      const e = anyUnpack(payload, BlockCreatedSchema);
      if (!e?.blockerId || !e.blockedId) throw malformed(event, "blocker_id/blocked_id");
      return async () =>
        retract(ctx, or(between(e.blockerId, e.blockedId), between(e.blockedId, e.blockerId)));
    }
    case MuteCreatedSchema.typeName: {
      const e = anyUnpack(payload, MuteCreatedSchema);
      if (!e?.muterId || !e.mutedId) throw malformed(event, "muter_id/muted_id");
      return async () => retract(ctx, between(e.muterId, e.mutedId));
    }
    default:
      return undefined;
  }
};
