import { index, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { socialSchema } from "./social-schema.ts";

const tz = { withTimezone: true, mode: "date" } as const;

/** A repost: one per account and post (the unique index makes reposting twice a no-op). */
export const reposts = socialSchema.table(
  "reposts",
  {
    id: uuid().primaryKey(),
    accountId: uuid().notNull(),
    postId: uuid().notNull(),
    postAuthorId: uuid().notNull(),
    createdAt: timestamp(tz).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("reposts_account_post_idx").on(t.accountId, t.postId),
    index("reposts_post_idx").on(t.postId),
  ],
);

export type RepostRow = typeof reposts.$inferSelect;
