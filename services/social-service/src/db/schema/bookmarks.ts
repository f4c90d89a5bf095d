import { index, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { socialSchema } from "./social-schema.ts";

const tz = { withTimezone: true, mode: "date" } as const;

/** A bookmark: private to its owner, never announced to anyone (no event). */
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
