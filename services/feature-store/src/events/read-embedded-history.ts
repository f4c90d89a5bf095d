import { fromBinary } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Database } from "@nova/db";
import { busLog, type DeliveredEvent } from "@nova/events";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import { and, asc, gt, inArray, or, sql } from "drizzle-orm";

const PAGE = 500;

/**
 * The embedded bus's retained log of `topics`, oldest first (append time, then topic and offset),
 * read in pages, as consumers would receive it. This is the event history a backfill replays.
 */
export async function* readEmbeddedHistory(
  db: Database,
  topics: readonly string[],
): AsyncGenerator<DeliveredEvent> {
  let after: { at: Date; topic: string; offset: number } | undefined;
  for (;;) {
    const cursor = after
      ? or(
          gt(busLog.appendedAt, after.at),
          and(
            sql`${busLog.appendedAt} = ${after.at}`,
            sql`(${busLog.topic}, ${busLog.offset}) > (${after.topic}, ${after.offset})`,
          ),
        )
      : undefined;
    const rows = await db
      .select()
      .from(busLog)
      .where(and(inArray(busLog.topic, [...topics]), cursor))
      .orderBy(asc(busLog.appendedAt), asc(busLog.topic), asc(busLog.offset))
      .limit(PAGE);
    for (const row of rows) {
      const envelope = fromBinary(EventEnvelopeSchema, row.value);
      yield {
        id: envelope.id || row.eventId,
        type: envelope.type || row.eventType,
        aggregateId: envelope.aggregateId || row.key,
        occurredAt: envelope.occurredAt ? timestampDate(envelope.occurredAt) : row.appendedAt,
        traceparent: envelope.traceparent || undefined,
        source: envelope.source,
        topic: row.topic,
        headers: row.headers,
        envelope,
        attempt: 1,
      };
    }
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) return;
    after = { at: last.appendedAt, topic: last.topic, offset: last.offset };
  }
}
