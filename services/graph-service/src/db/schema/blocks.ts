import { index, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { graphSchema } from "./graph-schema.ts";

/** Block edges; the reverse index answers "who blocks me" for blocked-by checks and hiding. */
export const blocks = graphSchema.table(
  "blocks",
  {
    blockerId: uuid().notNull(),
    blockedId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.blockerId, t.blockedId] }),
    index("blocks_blocked_idx").on(t.blockedId),
    index("blocks_blocker_created_idx").on(t.blockerId, t.createdAt, t.blockedId),
  ],
);
