import { index, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { graphSchema } from "./graph-schema.ts";

/** Pending follow requests to private accounts; a row disappears on approve, deny, cancel or block. */
export const followRequests = graphSchema.table(
  "follow_requests",
  {
    requesterId: uuid().notNull(),
    targetId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.requesterId, t.targetId] }),
    index("follow_requests_target_created_idx").on(t.targetId, t.createdAt, t.requesterId),
    index("follow_requests_requester_created_idx").on(t.requesterId, t.createdAt, t.targetId),
  ],
);
