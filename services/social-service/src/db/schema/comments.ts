import { index, timestamp, uuid } from "drizzle-orm/pg-core";
import { socialSchema } from "./social-schema.ts";

/**
 * Projection of content-service's live, visible comments (CommentCreated/Restored in, CommentDeleted/Hidden out): content has
 * no comment lookup RPC, and a like on a comment needs its post and author. Also what makes the
 * comment counter idempotent per comment.
 */
export const comments = socialSchema.table(
  "comments",
  {
    id: uuid().primaryKey(),
    postId: uuid().notNull(),
    authorId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("comments_post_idx").on(t.postId)],
);

export type CommentRow = typeof comments.$inferSelect;
