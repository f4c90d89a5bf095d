import { type DescMessage, fromBinary, type MessageShape } from "@bufbuild/protobuf";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import type { Database } from "@nova/db";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import { and, asc, eq } from "drizzle-orm";
import type { OutboxTable } from "./outbox-table.ts";

/**
 * The payloads of the `schema` events in an outbox (of one aggregate when given), oldest first,
 * whatever their delivery state — for tests and support tooling asking "what did this write announce?".
 */
export async function readEnqueued<D extends DescMessage>(
  db: Database,
  table: OutboxTable,
  schema: D,
  aggregateId?: string,
): Promise<MessageShape<D>[]> {
  const ofType = eq(table.eventType, schema.typeName);
  const rows = await db
    .select({ envelope: table.envelope })
    .from(table)
    .where(aggregateId === undefined ? ofType : and(ofType, eq(table.aggregateId, aggregateId)))
    .orderBy(asc(table.position));
  return rows.flatMap(({ envelope }) => {
    const payload = fromBinary(EventEnvelopeSchema, envelope).payload;
    const message = payload && anyUnpack(payload, schema);
    return message ? [message] : [];
  });
}
