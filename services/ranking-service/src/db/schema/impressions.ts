import { doublePrecision, index, integer, jsonb, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { rankingSchema } from "./ranking-schema.ts";

/**
 * Ranked posts a viewer was shown: the embedded analytics store (ClickHouse in production). The
 * feature values are kept so offline evaluation can rescore the same impressions with another
 * model version. Keyed by (ranking, post) so a retried log is not counted twice.
 */
export const impressions = rankingSchema.table(
  "impressions",
  {
    rankingId: text().notNull(),
    postId: text().notNull(),
    viewerId: text().notNull(),
    authorId: text().notNull(),
    position: integer().notNull(),
    score: doublePrecision().notNull(),
    modelVersion: text().notNull(),
    features: jsonb().$type<Record<string, number>>().notNull(),
    shownAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.rankingId, t.postId] }),
    // Evaluation reads a time window.
    index("impressions_shown_at_idx").on(t.shownAt),
  ],
);
