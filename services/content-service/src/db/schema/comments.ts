import { sql } from "drizzle-orm";
import { boolean, index, integer, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { contentSchema } from "./content-schema.ts";
import { posts } from "./posts.ts";

const tz = { withTimezone: true, mode: "date" } as const;

/**
 * Comments, threaded through `parentCommentId`. No foreign key on the parent: deleting a comment
 * leaves its replies in place (shown as answering a deleted comment). Erased with the post.
 */
export const comments = contentSchema.table(
  "comments",
  {
    id: uuid().primaryKey(),
    postId: uuid()
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    authorId: uuid().notNull(),
    parentCommentId: uuid(),
    text: text().notNull(),
    /** Attached through media-service (subject `comment:<id>`), in order. */
    mediaIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    replyCount: integer().notNull().default(0),
    createdAt: timestamp(tz).notNull().defaultNow(),
    /** Set by a moderator's hide/remove (trust-safety); hidden from everyone but its author. */
    hiddenAt: timestamp(tz),
    hiddenReason: text(),
    /** The trust-safety action that hid it; lifting that action restores it. */
    hiddenByAction: uuid(),
    /** Labels from trust & safety (Check's decision, a moderator's label), returned so clients can blur it. */
    moderationLabels: text().array().notNull().default(sql`'{}'::text[]`),
    /** Published while trust-safety could not answer (fail mode publish_and_recheck): asked again later. */
    moderationPending: boolean().notNull().default(false),
  },
  (t) => [
    index("comments_thread_idx").on(t.postId, t.parentCommentId, t.createdAt, t.id),
    index("comments_author_idx").on(t.authorId),
    // The re-check worker reads only comments published without a trust-safety verdict.
    index("comments_moderation_pending_idx").on(t.createdAt).where(sql`moderation_pending`),
  ],
);

export type CommentRow = typeof comments.$inferSelect;
