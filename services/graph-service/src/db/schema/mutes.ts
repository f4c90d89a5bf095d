import { index, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { graphSchema } from "./graph-schema.ts";

/** Mute edges: one-way, never revealed to the muted account. */
export const mutes = graphSchema.table(
  "mutes",
  {
    muterId: uuid().notNull(),
    mutedId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.muterId, t.mutedId] }),
    index("mutes_muter_created_idx").on(t.muterId, t.createdAt, t.mutedId),
  ],
);
