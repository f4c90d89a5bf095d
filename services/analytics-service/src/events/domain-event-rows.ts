import { anyUnpack, timestampDate } from "@bufbuild/protobuf/wkt";
import type { DeliveredEvent } from "@nova/events";
import { CommentCreatedSchema, PostCreatedSchema } from "@nova/proto/content/v1";
import { FollowCreatedSchema, FollowDeletedSchema } from "@nova/proto/graph/v1";
import { AccountCreatedSchema } from "@nova/proto/identity/v1";
import { LikeCreatedSchema, RepostCreatedSchema, SubjectKind } from "@nova/proto/social/v1";
import type { EventRow } from "../store/event-row.ts";

type Fields = Omit<EventRow, "id" | "source" | "deviceId" | "sessionId" | "properties"> & {
  properties?: Record<string, unknown>;
};

const blank = { postId: null, targetAccountId: null, surface: null } as const;

/**
 * The analytics row made from one of another service's events, or undefined for the types
 * analytics does not count. The row id is the event id, so a redelivery is a duplicate.
 */
export function domainEventRow(event: DeliveredEvent): EventRow | undefined {
  const payload = event.envelope.payload;
  if (!payload) return undefined;
  const when = (t: Parameters<typeof timestampDate>[0] | undefined) =>
    t ? timestampDate(t) : event.occurredAt;
  let f: Fields | undefined;
  switch (event.type) {
    case AccountCreatedSchema.typeName: {
      const e = anyUnpack(payload, AccountCreatedSchema);
      if (e?.accountId)
        f = { ...blank, name: "signup", accountId: e.accountId, occurredAt: when(e.createdAt) };
      break;
    }
    case PostCreatedSchema.typeName: {
      const p = anyUnpack(payload, PostCreatedSchema)?.post;
      if (p?.id && p.authorId)
        f = { ...blank, name: "post", accountId: p.authorId, postId: p.id, occurredAt: when(p.publishedAt) };
      break;
    }
    case CommentCreatedSchema.typeName: {
      const c = anyUnpack(payload, CommentCreatedSchema)?.comment;
      if (c?.authorId && c.postId)
        f = {
          ...blank,
          name: "comment",
          accountId: c.authorId,
          postId: c.postId,
          occurredAt: when(c.createdAt),
        };
      break;
    }
    case LikeCreatedSchema.typeName: {
      const l = anyUnpack(payload, LikeCreatedSchema);
      // Likes of posts only: a comment's like is not the post's engagement.
      if (l?.accountId && l.postId && l.subjectKind === SubjectKind.POST)
        f = {
          ...blank,
          name: "like",
          accountId: l.accountId,
          postId: l.postId,
          occurredAt: when(l.createdAt),
        };
      break;
    }
    case RepostCreatedSchema.typeName: {
      const r = anyUnpack(payload, RepostCreatedSchema);
      if (r?.accountId && r.postId)
        f = {
          ...blank,
          name: "repost",
          accountId: r.accountId,
          postId: r.postId,
          occurredAt: when(r.createdAt),
        };
      break;
    }
    case FollowCreatedSchema.typeName: {
      const e = anyUnpack(payload, FollowCreatedSchema);
      if (e?.followerId && e.followeeId)
        f = {
          ...blank,
          name: "follow",
          accountId: e.followerId,
          targetAccountId: e.followeeId,
          occurredAt: when(e.createdAt),
        };
      break;
    }
    case FollowDeletedSchema.typeName: {
      const e = anyUnpack(payload, FollowDeletedSchema);
      // A follow ended by the account's deletion is erased with the account instead.
      if (e?.followerId && e.followeeId && e.reason !== "account_deleted")
        f = {
          ...blank,
          name: "unfollow",
          accountId: e.followerId,
          targetAccountId: e.followeeId,
          occurredAt: event.occurredAt,
          properties: { reason: e.reason },
        };
      break;
    }
    default:
      return undefined;
  }
  if (!f) throw new Error(`${event.id}: ${event.type} without the ids analytics needs`);
  const { properties, ...rest } = f;
  return {
    id: event.id,
    source: "domain",
    deviceId: null,
    sessionId: null,
    properties: properties ?? {},
    ...rest,
  };
}
