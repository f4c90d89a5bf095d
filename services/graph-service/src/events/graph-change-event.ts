import type { DescMessage } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { EnqueueInput } from "@nova/outbox";
import {
  BlockCreatedSchema,
  BlockDeletedSchema,
  FollowCreatedSchema,
  FollowDeletedSchema,
  FollowRequestApprovedSchema,
  FollowRequestCreatedSchema,
  MuteCreatedSchema,
  MuteDeletedSchema,
} from "@nova/proto/graph/v1";
import type { GraphChange } from "../store/graph-store.ts";

/**
 * The event a change announces, keyed by the account that acted (`from`), so one account's
 * changes stay in order. Denied and cancelled requests announce nothing (nobody else acts on them).
 */
export function graphChangeEvent(
  change: GraphChange,
): Omit<EnqueueInput<DescMessage>, "traceparent"> | undefined {
  const aggregateId = change.from;
  switch (change.kind) {
    case "follow_created":
      return {
        aggregateId,
        schema: FollowCreatedSchema,
        payload: { followerId: change.from, followeeId: change.to, createdAt: timestampFromDate(change.at) },
        occurredAt: change.at,
      };
    case "follow_deleted":
      return {
        aggregateId,
        schema: FollowDeletedSchema,
        payload: { followerId: change.from, followeeId: change.to, reason: change.reason },
      };
    case "request_created":
      return {
        aggregateId,
        schema: FollowRequestCreatedSchema,
        payload: { requesterId: change.from, targetId: change.to, createdAt: timestampFromDate(change.at) },
        occurredAt: change.at,
      };
    case "request_approved":
      return {
        aggregateId,
        schema: FollowRequestApprovedSchema,
        payload: { requesterId: change.from, targetId: change.to },
      };
    case "request_deleted":
      return undefined;
    case "block_created":
      return {
        aggregateId,
        schema: BlockCreatedSchema,
        payload: { blockerId: change.from, blockedId: change.to, createdAt: timestampFromDate(change.at) },
        occurredAt: change.at,
      };
    case "block_deleted":
      return {
        aggregateId,
        schema: BlockDeletedSchema,
        payload: { blockerId: change.from, blockedId: change.to },
      };
    case "mute_created":
      return {
        aggregateId,
        schema: MuteCreatedSchema,
        payload: { muterId: change.from, mutedId: change.to, createdAt: timestampFromDate(change.at) },
        occurredAt: change.at,
      };
    case "mute_deleted":
      return {
        aggregateId,
        schema: MuteDeletedSchema,
        payload: { muterId: change.from, mutedId: change.to },
      };
  }
}
