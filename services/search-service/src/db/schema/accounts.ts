import { sql } from "drizzle-orm";
import { boolean, index, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { regconfig, tsvector, tz } from "./column-types.ts";
import { searchSchema } from "./search-schema.ts";

/**
 * The searchable part of each profile (user-service's public fields) and the flags that decide who
 * may find it: `private` (its posts reach approved followers only), `limited` (trust-safety's
 * `limit`: hidden from non-followers), `suspended` (suspend/ban: hidden from everyone). Email and
 * `discoverableByEmail` are never stored here, so no query can match them.
 */
export const accounts = searchSchema.table(
  "accounts",
  {
    id: uuid().primaryKey(),
    username: text().notNull(),
    displayName: text().notNull().default(""),
    bio: text().notNull().default(""),
    avatarMediaId: text().notNull().default(""),
    private: boolean().notNull().default(false),
    limited: boolean().notNull().default(false),
    suspended: boolean().notNull().default(false),
    /** The owner's interface language as a text-search configuration: their posts' default language. */
    language: regconfig(),
    updatedAt: timestamp(tz).notNull().defaultNow(),
    /** Bio words (unstemmed), indexed so people search never computes a tsvector per row. */
    bioTsv: tsvector().generatedAlwaysAs(sql`to_tsvector('simple'::regconfig, bio)`),
  },
  (t) => [
    // Exact and prefix lookups of usernames (suggest): text_pattern_ops serves `LIKE 'ali%'`.
    index("accounts_username_prefix_idx").using("btree", sql`${t.username} text_pattern_ops`),
    // Typo tolerance (`%` similarity) and infix matches on names.
    index("accounts_username_trgm_idx").using("gin", sql`${t.username} gin_trgm_ops`),
    index("accounts_display_name_trgm_idx").using("gin", sql`lower(${t.displayName}) gin_trgm_ops`),
    index("accounts_bio_tsv_idx").using("gin", t.bioTsv),
  ],
);
