import type { Database } from "@nova/db";
import { and, gte, inArray, lt, sql } from "drizzle-orm";
import type { OutboxStatus, OutboxTable } from "./outbox-table.ts";

/** Which events to publish again. */
export interface ReplayRange {
  /** Inclusive lower bound on occurred_at. */
  from: Date;
  /** Exclusive upper bound on occurred_at. */
  to: Date;
  /** Which rows to requeue; default `["sent"]`. Add `"dead"` to retry dead events after a fix. */
  statuses?: readonly Exclude<OutboxStatus, "pending">[];
}

/**
 * Requeues the events that occurred in [from, to): the relay publishes them again in their
 * original order, with the same event ids (consumers that already applied them skip them).
 * Returns how many rows were requeued.
 */
export async function replayOutbox(db: Database, t: OutboxTable, range: ReplayRange): Promise<number> {
  if (!(range.from < range.to)) throw new RangeError("replay: `from` must be before `to`");
  const rows = await db
    .update(t)
    .set({
      status: "pending",
      attempts: 0,
      availableAt: sql`now()`,
      lastError: null,
      claimToken: null,
      claimedUntil: null,
      sentAt: null,
    })
    .where(
      and(
        gte(t.occurredAt, range.from),
        lt(t.occurredAt, range.to),
        inArray(t.status, [...(range.statuses ?? ["sent"])]),
      ),
    )
    .returning({ id: t.id });
  return rows.length;
}

/** Retention: deletes sent rows published before `olderThan`; returns how many. */
export async function purgeSentOutbox(db: Database, t: OutboxTable, olderThan: Date): Promise<number> {
  const rows = await db
    .delete(t)
    .where(and(inArray(t.status, ["sent"]), lt(t.sentAt, olderThan)))
    .returning({ id: t.id });
  return rows.length;
}
