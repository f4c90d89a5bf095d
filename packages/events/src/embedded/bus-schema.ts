import { bytea } from "@nova/outbox";
import { bigint, jsonb, pgSchema, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The embedded event bus: Kafka's model (topics, offsets, consumer groups) as two PostgreSQL
 * tables, in PGlite for the embedded default. Its own schema: no service owns it.
 */
export const novaBus = pgSchema("nova_bus");

const tz = { withTimezone: true, mode: "date" } as const;

/** The append-only log: one row per message, offsets dense and committed in order per topic. */
export const busLog = novaBus.table(
  "log",
  {
    topic: text().notNull(),
    offset: bigint({ mode: "number" }).notNull(),
    key: text().notNull(),
    eventId: text().notNull(),
    eventType: text().notNull(),
    headers: jsonb().$type<Record<string, string>>().notNull(),
    value: bytea().notNull(),
    appendedAt: timestamp(tz).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.topic, t.offset] })],
);

/**
 * Durable consumer offsets (`offset` = next to read), plus a lease so only one member of a group
 * reads a topic at a time (replicas on a shared PostgreSQL).
 */
export const busConsumerOffsets = novaBus.table(
  "consumer_offsets",
  {
    groupId: text().notNull(),
    topic: text().notNull(),
    offset: bigint({ mode: "number" }).notNull().default(0),
    owner: text(),
    leaseUntil: timestamp(tz),
    updatedAt: timestamp(tz).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.topic] })],
);
