import { sql } from "drizzle-orm";
import { bigint, index, integer, type PgSchema, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { bytea } from "./bytea.ts";

/** Lifecycle of an outbox row: waiting (or retrying), delivered to the bus, or given up on. */
export const OUTBOX_STATUSES = ["pending", "sent", "dead"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

const tz = { withTimezone: true, mode: "date" } as const;

/**
 * The transactional outbox of one service schema.
 *
 * Why it exists: a service must change its own tables and tell other services about it, and the
 * database and the event bus cannot share one transaction. Publishing after commit loses the event
 * when the process dies in between; publishing before commit announces a change that may roll
 * back. So the event is written here, in the same transaction as the state change, and a relay
 * publishes committed rows afterwards (at least once — consumers deduplicate on the event id).
 * Nothing acknowledged to a client is lost, and nothing rolled back is announced.
 *
 * Add `export const outbox = createOutboxTable(mySchema)` to the service's `src/db/schema/`;
 * its `drizzle-kit generate` (`bun run db:generate`) then emits the migration for it.
 */
export function createOutboxTable<S extends string>(schema: PgSchema<S>) {
  return schema.table(
    "outbox",
    {
      /** Commit-ish order of enqueue; the relay publishes each aggregate's rows in this order. */
      position: bigint({ mode: "number" }).generatedAlwaysAsIdentity().notNull().unique(),
      /** The event id (UUIDv7), also the envelope's id. */
      id: uuid().primaryKey(),
      eventType: text().notNull(),
      aggregateId: text().notNull(),
      traceparent: text(),
      /** The encoded nova.events.v1.EventEnvelope, published as is. */
      envelope: bytea().notNull(),
      occurredAt: timestamp(tz).notNull().defaultNow(),
      status: text({ enum: OUTBOX_STATUSES }).notNull().default("pending"),
      attempts: integer().notNull().default(0),
      /** Not before this time: the backoff after a failed publish. */
      availableAt: timestamp(tz).notNull().defaultNow(),
      /** Lease of the relay publishing the row now; a relay that died simply lets it expire. */
      claimToken: uuid(),
      claimedUntil: timestamp(tz),
      lastError: text(),
      sentAt: timestamp(tz),
    },
    (t) => [
      // The relay's scan and the backlog gauges only ever look at pending rows.
      index("outbox_pending_idx").on(t.position).where(sql`${t.status} = 'pending'`),
      // Per-aggregate ordering check: "is an earlier row of this aggregate still pending?"
      index("outbox_pending_aggregate_idx").on(t.aggregateId, t.position).where(sql`${t.status} = 'pending'`),
      // Replay and retention select by time.
      index("outbox_occurred_at_idx").on(t.occurredAt),
    ],
  );
}

/** A table made by {@link createOutboxTable}. */
export type OutboxTable = ReturnType<typeof createOutboxTable>;
