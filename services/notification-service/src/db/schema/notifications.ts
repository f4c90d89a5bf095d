import { index, jsonb, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { notificationSchema } from "./notification-schema.ts";

const tz = { withTimezone: true, mode: "date" } as const;

/**
 * What a notification tells. Grouped types share a group key; the others are one item each.
 * `message` is push-only (realtime-chat's content-free "New message"): it has no inbox row.
 */
export const NOTIFICATION_TYPES = [
  "follow",
  "follow_request",
  "follow_approved",
  "like",
  "repost",
  "quote",
  "comment",
  "mention",
  "moderation",
  "appeal",
  "message",
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/**
 * One cause of a notification for one recipient (an actor liked a post, followed, mentioned…).
 * `cause` is unique per recipient so a redelivered or repeated fact inserts nothing, and undoing
 * it (unlike, unfollow) deletes exactly that row. Items are grouped by `groupKey` at read time.
 */
export const notifications = notificationSchema.table(
  "notifications",
  {
    /** UUIDv7: time-ordered, the SSE event id (`Last-Event-ID` resumes after it). */
    id: uuid().primaryKey(),
    recipientId: uuid().notNull(),
    type: text({ enum: NOTIFICATION_TYPES }).notNull(),
    groupKey: text().notNull(),
    /** e.g. `like:post:<postId>:<actorId>`: what undoing the cause deletes. */
    cause: text().notNull(),
    /** Null for notifications without an acting account (moderation, appeals). */
    actorId: uuid(),
    postId: uuid(),
    commentId: uuid(),
    /** The other post involved: the quoted post of a quote, the post a reply answers. */
    relatedPostId: uuid(),
    /** Type-specific details (a moderation action, an appeal outcome); never post text. */
    data: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp(tz).notNull(),
  },
  (t) => [
    // Undoing a cause (unlike, unfollow) finds its rows by cause alone: the event names no recipient.
    uniqueIndex("notifications_cause_recipient_idx").on(t.cause, t.recipientId),
    index("notifications_recipient_recent_idx").on(t.recipientId, t.createdAt.desc(), t.id),
    // A page's newest actors per group: LIMIT n from the index, not a sort of a 10,000-like group.
    index("notifications_recipient_group_idx").on(t.recipientId, t.groupKey, t.createdAt.desc(), t.id.desc()),
    index("notifications_actor_idx").on(t.actorId),
    index("notifications_post_idx").on(t.postId),
    index("notifications_related_post_idx").on(t.relatedPostId),
    index("notifications_comment_idx").on(t.commentId),
    index("notifications_created_idx").on(t.createdAt),
  ],
);

export type NotificationRow = typeof notifications.$inferSelect;
