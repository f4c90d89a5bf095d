import { index, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { graphSchema } from "./graph-schema.ts";

/** Approved follow edges (embedded adapter of the graph store; Neo4j holds them in production). */
export const follows = graphSchema.table(
  "follows",
  {
    followerId: uuid().notNull(),
    followeeId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.followerId, t.followeeId] }),
    // Followers and following pages walk these newest first with a (created_at, id) cursor.
    index("follows_followee_created_idx").on(t.followeeId, t.createdAt, t.followerId),
    index("follows_follower_created_idx").on(t.followerId, t.createdAt, t.followeeId),
  ],
);
