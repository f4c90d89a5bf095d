import { index, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tz } from "./column-types.ts";
import { searchSchema } from "./search-schema.ts";

/** An account's own recent searches (read and cleared only by that account; erased with it). */
export const recentSearches = searchSchema.table(
  "recent_searches",
  {
    accountId: uuid().notNull(),
    query: text().notNull(),
    searchedAt: timestamp(tz).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.query] }),
    index("recent_searches_account_idx").on(t.accountId, t.searchedAt.desc()),
  ],
);
