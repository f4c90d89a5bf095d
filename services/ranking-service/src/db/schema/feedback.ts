import { primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { rankingSchema } from "./ranking-schema.ts";

/**
 * What viewers did with shown posts (click, like, comment, repost, hide): the labels of offline
 * evaluation. One row per (viewer, post, kind): a repeated like is the same label.
 */
export const feedback = rankingSchema.table(
  "feedback",
  {
    viewerId: text().notNull(),
    postId: text().notNull(),
    kind: text().notNull(),
    at: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.viewerId, t.postId, t.kind] })],
);
