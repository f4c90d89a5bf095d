import type { NotificationType } from "../db/schema/notifications.ts";

/** The post a notification points at, when the recipient must be allowed to see it (content decides). */
export interface SeenPost {
  postId: string;
}

/** One fact worth telling one account, before the rules (self, blocks, mutes, privacy, preferences) decide. */
export interface NotificationIntent {
  recipientId: string;
  type: NotificationType;
  /** Null for system notifications (moderation, appeals): no relationship rule applies. */
  actorId: string | null;
  /** Unique per recipient: a repeat inserts nothing, the undo deletes it. */
  cause: string;
  groupKey: string;
  at: Date;
  postId?: string | undefined;
  commentId?: string | undefined;
  relatedPostId?: string | undefined;
  data?: Record<string, unknown> | undefined;
  mustSee?: SeenPost | undefined;
}

const day = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Group keys: likes per liked post or comment, reposts per post, follows and follow requests per
 * UTC day; everything else is one item per cause (mentions, comments and quotes never group).
 */
export const groupKeys = {
  likePost: (postId: string) => `like:post:${postId}`,
  likeComment: (commentId: string) => `like:comment:${commentId}`,
  repost: (postId: string) => `repost:${postId}`,
  follow: (at: Date) => `follow:${day(at)}`,
  followRequest: (at: Date) => `follow_request:${day(at)}`,
  single: (cause: string) => `one:${cause}`,
};

/** Types whose items gather several causes (their push collapse id is the group key). */
export const GROUPED_TYPES: ReadonlySet<NotificationType> = new Set([
  "like",
  "repost",
  "follow",
  "follow_request",
]);
