import { bigint, jsonb, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { featureStoreSchema } from "./feature-store-schema.ts";

/**
 * The current materialised state of each entity (counters, time buckets, decayed scores): the
 * source of truth the consumers read-modify-write in their transaction. Features are derived from
 * it at read time (windows and decays depend on "now"); the online cache holds copies of it.
 */
export const entityStates = featureStoreSchema.table(
  "entity_states",
  {
    entityType: text().notNull(),
    entityId: text().notNull(),
    state: jsonb().$type<Record<string, unknown>>().notNull(),
    /** Event time the state is valid from (monotonic per entity; see materialise-event). */
    validFrom: bigint({ mode: "number" }).notNull(),
    /** 1 for the first state, +1 per change: orders snapshots that share an event time. */
    version: bigint({ mode: "number" }).notNull(),
    updatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.entityType, t.entityId] })],
);

export type EntityStateRow = typeof entityStates.$inferSelect;
