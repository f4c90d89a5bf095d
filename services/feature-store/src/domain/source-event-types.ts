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

/**
 * The event types feature-store materialises, by protobuf type name (what the envelope's `type`
 * and the bus header carry), taken from the producers' generated schemas so a rename cannot drift.
 */
export const SOURCE_EVENTS = {
  postCreated: PostCreatedSchema.typeName,
  postDeleted: PostDeletedSchema.typeName,
  postHidden: PostHiddenSchema.typeName,
  commentCreated: CommentCreatedSchema.typeName,
  commentDeleted: CommentDeletedSchema.typeName,
  likeCreated: LikeCreatedSchema.typeName,
  likeDeleted: LikeDeletedSchema.typeName,
  repostCreated: RepostCreatedSchema.typeName,
  repostDeleted: RepostDeletedSchema.typeName,
  followCreated: FollowCreatedSchema.typeName,
  followDeleted: FollowDeletedSchema.typeName,
  profileViewed: ProfileViewedSchema.typeName,
} as const;

/** The services whose topics (`nova.<service>.events`) carry those events. */
export const SOURCE_SERVICES = [
  "content-service",
  "social-service",
  "graph-service",
  "user-service",
] as const;
