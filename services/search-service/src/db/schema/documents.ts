import { sql } from "drizzle-orm";
import { boolean, index, integer, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { regconfig, tsvector, tz } from "./column-types.ts";
import { searchSchema } from "./search-schema.ts";

/** content's Visibility enum, as stored (1 public, 2 followers, 3 mentioned). */
export const VISIBILITY = { public: 1, followers: 2, mentioned: 3 } as const;

/**
 * One searchable post or comment. A comment carries its post's audience (`scope*`: the post's
 * author, visibility and mentions), so one predicate decides visibility for both kinds in the
 * query itself. `moderated`: hidden by content or trust-safety (kept so a lifted action restores
 * it); deletions remove the row.
 */
export const documents = searchSchema.table(
  "documents",
  {
    id: uuid().primaryKey(),
    kind: text({ enum: ["post", "comment"] }).notNull(),
    /** The post itself, or the post a comment is on. */
    postId: uuid().notNull(),
    authorId: uuid().notNull(),
    scopeAuthorId: uuid().notNull(),
    scopeVisibility: smallint().notNull(),
    scopeMentions: uuid().array().notNull().default(sql`'{}'`),
    text: text().notNull(),
    hashtags: text().array().notNull().default(sql`'{}'`),
    mentions: uuid().array().notNull().default(sql`'{}'`),
    language: regconfig().notNull().default(sql`'english'::regconfig`),
    createdAt: timestamp(tz).notNull(),
    likes: integer().notNull().default(0),
    comments: integer().notNull().default(0),
    reposts: integer().notNull().default(0),
    moderated: boolean().notNull().default(false),
    /**
     * Stemmed words of the row's language (weight A) plus the unstemmed words (`simple`), so a
     * query matches "garden" → "gardening" and also exact words in any language.
     */
    tsv: tsvector().generatedAlwaysAs(
      sql`setweight(to_tsvector(language, text), 'A') || setweight(to_tsvector('simple'::regconfig, text), 'B')`,
    ),
  },
  (t) => [
    index("documents_tsv_idx").using("gin", t.tsv),
    index("documents_author_idx").on(t.authorId, t.createdAt.desc()),
    index("documents_scope_author_idx").on(t.scopeAuthorId),
    index("documents_post_idx").on(t.postId),
    index("documents_hashtags_idx").using("gin", t.hashtags),
    index("documents_latest_idx").on(t.createdAt.desc(), t.id.desc()),
  ],
);
