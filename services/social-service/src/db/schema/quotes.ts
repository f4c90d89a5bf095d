import { index, uuid } from "drizzle-orm/pg-core";
import { socialSchema } from "./social-schema.ts";

/**
 * Which post quotes which (from PostCreated with quote_of): the quote counter moves only when a
 * row is added or removed here, so a replayed event or a deleted quote of a deleted post is exact.
 */
export const quotes = socialSchema.table(
  "quotes",
  {
    quotePostId: uuid().primaryKey(),
    quotedPostId: uuid().notNull(),
  },
  (t) => [index("quotes_quoted_idx").on(t.quotedPostId)],
);
