import type { Database } from "@nova/db";
import { sql } from "drizzle-orm";
import type { OutboxTable } from "./outbox-table.ts";

/** The outbox backlog as the gauges report it. */
export interface OutboxStats {
  /** Rows not yet published (waiting, backing off or leased); dead rows excluded. */
  pending: number;
  /** Age of the oldest pending row, 0 when there is none. */
  oldestPendingAgeSeconds: number;
  /** Rows given up on after the maximum attempts. */
  dead: number;
}

/** Reads the backlog with one query (the pending rows are covered by a partial index). */
export async function readOutboxStats(db: Database, t: OutboxTable): Promise<OutboxStats> {
  const [row] = await db
    .select({
      pending: sql<number>`count(*) filter (where ${t.status} = 'pending')`.mapWith(Number),
      oldest:
        sql<number>`coalesce(extract(epoch from now() - min(${t.occurredAt}) filter (where ${t.status} = 'pending')), 0)`.mapWith(
          Number,
        ),
      dead: sql<number>`count(*) filter (where ${t.status} = 'dead')`.mapWith(Number),
    })
    .from(t)
    .where(sql`${t.status} in ('pending', 'dead')`);
  return {
    pending: row?.pending ?? 0,
    oldestPendingAgeSeconds: Math.max(0, row?.oldest ?? 0),
    dead: row?.dead ?? 0,
  };
}
