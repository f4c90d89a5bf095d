import { bigint, boolean, timestamp, uuid } from "drizzle-orm/pg-core";
import { socialSchema } from "./social-schema.ts";

const counter = () => bigint({ mode: "number" }).notNull().default(0);

/**
 * Engagement counters of one post, moved by the same transaction as the row they count (so they
 * cannot drift) and by content events (comments, quotes). Every write to a post's engagement
 * locks this row first; `deleted` is the post's tombstone once content-service deleted it, so a
 * like racing the deletion cannot leave an orphan behind.
 */
export const postCounters = socialSchema.table("post_counters", {
  postId: uuid().primaryKey(),
  likes: counter(),
  comments: counter(),
  reposts: counter(),
  quotes: counter(),
  bookmarks: counter(),
  deleted: boolean().notNull().default(false),
  updatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export type PostCountersRow = typeof postCounters.$inferSelect;
