import { index, type PgSchema, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The idempotent-consumer ledger of one service schema: one row per (consumer, event) applied.
 * Delivery is at least once (a consumer may die after its transaction committed but before its
 * offset did; the outbox relay may publish twice), so a handler's transaction inserts the event id
 * here first and skips the event when it is already present — a redelivery has no second effect.
 * Rows older than the longest possible redelivery window are purged (purgeProcessedEvents).
 *
 * Add `export const processedEvents = createProcessedEventsTable(mySchema)` to the service's
 * `src/db/schema/`; its `drizzle-kit generate` then emits the migration.
 */
export function createProcessedEventsTable<S extends string>(schema: PgSchema<S>) {
  return schema.table(
    "processed_events",
    {
      /** The consumer group, so two consumers in one service each apply the event once. */
      consumer: text().notNull(),
      eventId: uuid().notNull(),
      eventType: text().notNull(),
      processedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    },
    (t) => [
      primaryKey({ columns: [t.consumer, t.eventId] }),
      // Retention deletes by age.
      index("processed_events_processed_at_idx").on(t.processedAt),
    ],
  );
}

/** A table made by {@link createProcessedEventsTable}. */
export type ProcessedEventsTable = ReturnType<typeof createProcessedEventsTable>;
