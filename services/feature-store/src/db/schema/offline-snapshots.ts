import { bigint, index, jsonb, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { featureStoreSchema } from "./feature-store-schema.ts";

/**
 * The embedded offline store: every state an entity ever had, from the event time it became
 * valid. Append-only; the ClickHouse adapter keeps the same rows in production.
 */
export const offlineSnapshots = featureStoreSchema.table(
  "offline_snapshots",
  {
    entityType: text().notNull(),
    entityId: text().notNull(),
    /** Epoch milliseconds of the event that produced this state. */
    validFrom: bigint({ mode: "number" }).notNull(),
    /** The entity's state version (ties of validFrom: the higher version is the later state). */
    version: bigint({ mode: "number" }).notNull(),
    eventId: text().notNull(),
    state: jsonb().$type<Record<string, unknown>>().notNull(),
    recordedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    // A redelivered event writes the same version again: the unique index makes that a no-op.
    uniqueIndex("offline_snapshots_version_idx").on(t.entityType, t.entityId, t.version),
    // Point-in-time reads: latest validFrom ≤ at per entity.
    index("offline_snapshots_asof_idx").on(t.entityType, t.entityId, t.validFrom),
  ],
);
