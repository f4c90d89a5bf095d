import { sql } from "drizzle-orm";
import { index, integer, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tz } from "./column-types.ts";
import { searchSchema } from "./search-schema.ts";

/** Live uses per hashtag (visible, undeleted posts and comments), for hashtag search and suggest. */
export const hashtags = searchSchema.table(
  "hashtags",
  {
    tag: text().primaryKey(),
    uses: integer().notNull().default(0),
    lastUsedAt: timestamp(tz).notNull(),
  },
  (t) => [
    index("hashtags_tag_prefix_idx").using("btree", sql`${t.tag} text_pattern_ops`),
    index("hashtags_tag_trgm_idx").using("gin", sql`${t.tag} gin_trgm_ops`),
  ],
);

/**
 * One use of a hashtag by one post or comment: trends count distinct accounts per window from here.
 * Rows go with their document (deleted, hidden), so moderated hashtags stop trending.
 */
export const hashtagUses = searchSchema.table(
  "hashtag_uses",
  {
    documentId: uuid().notNull(),
    tag: text().notNull(),
    accountId: uuid().notNull(),
    usedAt: timestamp(tz).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.documentId, t.tag] }),
    index("hashtag_uses_recent_idx").on(t.usedAt, t.tag, t.accountId),
  ],
);
