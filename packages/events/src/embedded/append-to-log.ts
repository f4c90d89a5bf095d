import type { Database } from "@nova/db";
import { eq, sql } from "drizzle-orm";
import { busLog } from "./bus-schema.ts";

/** One message to append. */
export interface LogRecord {
  key: string;
  eventId: string;
  eventType: string;
  headers: Record<string, string>;
  value: Uint8Array;
}

/** The embedded bus refuses what a default Kafka broker refuses (message.max.bytes ≈ 1 MiB). */
export class MessageTooLargeError extends Error {
  override readonly name = "MessageTooLargeError";
}

/**
 * Appends records to a topic in one transaction. A per-topic advisory lock serialises appends, so
 * offsets are dense and become visible in offset order — a consumer reading "offset >= next"
 * can never skip a row that commits later with a lower offset.
 */
export async function appendToLog(
  db: Database,
  topic: string,
  records: readonly LogRecord[],
  maxMessageBytes: number,
): Promise<void> {
  for (const record of records) {
    if (record.value.byteLength > maxMessageBytes) {
      throw new MessageTooLargeError(
        `${topic}: message ${record.eventId} is ${record.value.byteLength} bytes (limit ${maxMessageBytes})`,
      );
    }
  }
  if (records.length === 0) return;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`nova_bus.log:${topic}`}))`);
    const [last] = await tx
      .select({ max: sql<number>`coalesce(max(${busLog.offset}), -1)`.mapWith(Number) })
      .from(busLog)
      .where(eq(busLog.topic, topic));
    const first = (last?.max ?? -1) + 1;
    await tx.insert(busLog).values(records.map((r, i) => ({ ...r, topic, offset: first + i })));
  });
}
