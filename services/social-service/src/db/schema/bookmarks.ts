import { index, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { socialSchema } from "./social-schema.ts";

const tz = { withTimezone: true, mode: "date" } as const;

/**
 * A bookmark: private to its owner. Its events (BookmarkCreated/Deleted) only keep consumers' copies
 * of the count and of the owner's own `bookmarked` coherent; it is never shown or notified to anyone.
 */
export const bookmarks = socialSchema.table(
  "bookmarks",
  {
    accountId: uuid().notNull(),
    postId: uuid().notNull(),
    createdAt: timestamp(tz).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.postId] }),
    // The owner's list, newest first, paged by (created_at, post_id).
    index("bookmarks_account_recent_idx").on(t.accountId, t.createdAt.desc(), t.postId),
    index("bookmarks_post_idx").on(t.postId),
  ],
);
