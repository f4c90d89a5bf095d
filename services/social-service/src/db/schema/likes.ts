import { index, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { socialSchema } from "./social-schema.ts";

/** What a like is on. */
export const SUBJECT_KINDS = ["post", "comment"] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

const tz = { withTimezone: true, mode: "date" } as const;

/**
 * One like of one account on a post or a comment. The primary key makes liking idempotent: a
 * second like is an insert that conflicts and changes nothing (so the counter is not bumped twice).
 */
export const likes = socialSchema.table(
  "likes",
  {
    subjectKind: text({ enum: SUBJECT_KINDS }).notNull(),
    subjectId: uuid().notNull(),
    accountId: uuid().notNull(),
    /** The post itself, or the post the comment is on: deleting a post drops both kinds at once. */
    postId: uuid().notNull(),
    subjectAuthorId: uuid().notNull(),
    createdAt: timestamp(tz).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.subjectKind, t.subjectId, t.accountId] }),
    // Who liked this (newest first) and "my likes" pages walk these in key order.
    index("likes_subject_recent_idx").on(t.subjectKind, t.subjectId, t.createdAt.desc(), t.accountId),
    index("likes_account_recent_idx").on(t.accountId, t.subjectKind, t.createdAt.desc(), t.subjectId),
    index("likes_post_idx").on(t.postId),
  ],
);

export type LikeRow = typeof likes.$inferSelect;
