import type { Database } from "@nova/db";
import { and, lt, sql } from "drizzle-orm";
import { busLog } from "./bus-schema.ts";

/**
 * Retention for the embedded log (Kafka's `retention.ms`): deletes messages appended more than
 * `olderThanDays` ago. A consumer group further behind than that loses them, as on Kafka. The
 * newest message of each topic is always kept: the next offset is derived from it, and reusing
 * offsets would make consumers skip new messages.
 */
export async function purgeEmbeddedLog(db: Database, opts: { olderThanDays: number }): Promise<number> {
  if (!(opts.olderThanDays > 0)) throw new RangeError("purgeEmbeddedLog: olderThanDays must be > 0");
  const rows = await db
    .delete(busLog)
    .where(
      and(
        lt(busLog.appendedAt, sql`now() - make_interval(days => ${Math.floor(opts.olderThanDays)})`),
        sql`(${busLog.topic}, ${busLog.offset}) not in (select topic, max("offset") from ${busLog} group by topic)`,
      ),
    )
    .returning({ offset: busLog.offset });
  return rows.length;
}
