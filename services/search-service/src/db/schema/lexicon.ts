import { sql } from "drizzle-orm";
import { index, text } from "drizzle-orm/pg-core";
import { searchSchema } from "./search-schema.ts";

/**
 * Every word seen in indexed text (lower-cased, unstemmed). A query word that matches nothing is
 * corrected to its nearest trigram neighbour here ("gardenning" → "gardening"): the tsvector index
 * cannot do fuzzy matching itself.
 */
export const lexicon = searchSchema.table("lexicon", { word: text().primaryKey() }, (t) => [
  index("lexicon_word_trgm_idx").using("gin", sql`${t.word} gin_trgm_ops`),
]);
