import { type DescMessage, fromBinary, type MessageShape } from "@bufbuild/protobuf";
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import type { DeliveredEvent } from "@nova/events";
import {
  CommentCreatedSchema,
  CommentDeletedSchema,
  PostCreatedSchema,
  PostDeletedSchema,
  PostHiddenSchema,
} from "@nova/proto/content/v1";
import { FollowCreatedSchema, FollowDeletedSchema } from "@nova/proto/graph/v1";
import {
  LikeCreatedSchema,
  LikeDeletedSchema,
  RepostCreatedSchema,
  RepostDeletedSchema,
} from "@nova/proto/social/v1";
import { ProfileViewedSchema } from "@nova/proto/user/v1";

/** A source event reduced to what materialisation needs; times are epoch ms. */
export type SourceEvent =
  | {
      kind: "post_created";
      postId: string;
      authorId: string;
      hashtags: readonly string[];
      publishedAt?: number;
    }
  | { kind: "post_removed"; postId: string; authorId: string }
  | { kind: "comment_created" | "comment_deleted"; postId: string; postAuthorId: string; authorId: string }
  | { kind: "like_created"; accountId: string; subjectKind: number; postId: string; subjectAuthorId: string }
  | { kind: "like_deleted"; accountId: string; subjectKind: number; postId: string }
  | { kind: "repost_created"; accountId: string; postId: string; postAuthorId: string }
  | { kind: "repost_deleted"; accountId: string; postId: string }
  | { kind: "follow_created" | "follow_deleted"; followerId: string; followeeId: string }
  | { kind: "profile_viewed"; viewerId: string; profileId: string };

/**
 * Epoch ms, truncating sub-millisecond nanos (not `timestampMs`, which rounds: a post published at
 * x.9996 s must not land in the next millisecond's bucket).
 */
const epochMs = (ts: Timestamp) => Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1e6);

function required<T extends SourceEvent>(event: DeliveredEvent, value: T, ...ids: string[]): T {
  if (ids.some((id) => id === "")) throw new Error(`${event.id}: ${event.type} is missing an id field`);
  return value;
}

/**
 * Decodes an event this service materialises; `undefined` for every other type (not ours).
 * A source event without its ids throws (the bus retries, then dead-letters it).
 */
export function readSourceEvent(event: DeliveredEvent): SourceEvent | undefined {
  const payload = event.envelope.payload;
  if (!payload) return undefined;
  // By the envelope's `type`, not the Any's type URL (`anyUnpack` would check that too).
  const read = <Desc extends DescMessage>(schema: Desc): MessageShape<Desc> =>
    fromBinary(schema, payload.value);
  switch (event.type) {
    case PostCreatedSchema.typeName: {
      const post = read(PostCreatedSchema).post;
      if (!post) throw new Error(`${event.id}: PostCreated without post`);
      const value = {
        kind: "post_created",
        postId: post.id,
        authorId: post.authorId,
        hashtags: post.hashtags,
        ...(post.publishedAt && { publishedAt: epochMs(post.publishedAt) }),
      } as const;
      return required(event, value, value.postId, value.authorId);
    }
    case PostDeletedSchema.typeName:
    case PostHiddenSchema.typeName: {
      const { postId, authorId } = read(
        event.type === PostDeletedSchema.typeName ? PostDeletedSchema : PostHiddenSchema,
      );
      return required(event, { kind: "post_removed", postId, authorId }, postId);
    }
    case CommentCreatedSchema.typeName: {
      const comment = read(CommentCreatedSchema).comment;
      const value = {
        kind: "comment_created",
        postId: comment?.postId ?? "",
        postAuthorId: comment?.postAuthorId ?? "",
        authorId: comment?.authorId ?? "",
      } as const;
      return required(event, value, value.postId, value.authorId);
    }
    case CommentDeletedSchema.typeName: {
      const { postId, postAuthorId, authorId } = read(CommentDeletedSchema);
      return required(event, { kind: "comment_deleted", postId, postAuthorId, authorId }, postId, authorId);
    }
    case LikeCreatedSchema.typeName: {
      const like = read(LikeCreatedSchema);
      const value = {
        kind: "like_created",
        accountId: like.accountId,
        subjectKind: like.subjectKind,
        postId: like.postId,
        subjectAuthorId: like.subjectAuthorId,
      } as const;
      return required(event, value, value.accountId, value.postId);
    }
    case LikeDeletedSchema.typeName: {
      const { accountId, subjectKind, postId } = read(LikeDeletedSchema);
      return required(event, { kind: "like_deleted", accountId, subjectKind, postId }, accountId, postId);
    }
    case RepostCreatedSchema.typeName: {
      const { accountId, postId, postAuthorId } = read(RepostCreatedSchema);
      return required(event, { kind: "repost_created", accountId, postId, postAuthorId }, accountId, postId);
    }
    case RepostDeletedSchema.typeName: {
      const { accountId, postId } = read(RepostDeletedSchema);
      return required(event, { kind: "repost_deleted", accountId, postId }, accountId, postId);
    }
    case FollowCreatedSchema.typeName:
    case FollowDeletedSchema.typeName: {
      const created = event.type === FollowCreatedSchema.typeName;
      const { followerId, followeeId } = read(created ? FollowCreatedSchema : FollowDeletedSchema);
      const kind = created ? "follow_created" : "follow_deleted";
      return required(event, { kind, followerId, followeeId }, followerId, followeeId);
    }
    case ProfileViewedSchema.typeName: {
      const { viewerId, profileId } = read(ProfileViewedSchema);
      return required(event, { kind: "profile_viewed", viewerId, profileId }, viewerId, profileId);
    }
    default:
      return undefined;
  }
}
