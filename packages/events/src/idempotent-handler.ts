import { type Database, type Transaction, withTransaction } from "@nova/db";
import { lt, sql } from "drizzle-orm";
import type { BatchEventHandler, DeliveredEvent, EventHandler } from "./event-bus.ts";
import type { ProcessedEventsTable } from "./processed-events-table.ts";

export interface IdempotentHandlerOptions {
  db: Database;
  table: ProcessedEventsTable;
  /** The consumer's name in the ledger; use the subscription's group (`consumerGroup(...)`). */
  consumer: string;
  /** Applies the event using `tx` only, so its effects commit with the ledger row. */
  handle: (event: DeliveredEvent, tx: Transaction) => Promise<void>;
  /** Called after a redelivered event was skipped. */
  onDuplicate?: (event: DeliveredEvent) => void;
}

/**
 * Wraps a handler so each event applies at most once: one transaction inserts the event id into
 * the processed-events table and runs the handler; an id already there (a conflict) skips it.
 * A concurrent duplicate waits on the primary key and then skips.
 */
export function idempotentHandler(opts: IdempotentHandlerOptions): EventHandler {
  const t = opts.table;
  return async function handleOnce(event) {
    const applied = await withTransaction(opts.db, async (tx) => {
      const inserted = await tx
        .insert(t)
        .values({ consumer: opts.consumer, eventId: event.id, eventType: event.type })
        .onConflictDoNothing()
        .returning({ eventId: t.eventId });
      if (inserted.length === 0) return false;
      await opts.handle(event, tx);
      return true;
    });
    if (!applied) opts.onDuplicate?.(event);
  };
}

export interface IdempotentBatchHandlerOptions extends Omit<IdempotentHandlerOptions, "handle"> {
  /** Applies the events not applied before, in order, using `tx` only (one transaction for all). */
  handleBatch: (events: readonly DeliveredEvent[], tx: Transaction) => Promise<void>;
}

/**
 * The batch form of {@link idempotentHandler}, for `SubscribeOptions.batchHandler`: one
 * transaction inserts the ledger rows of all the events and applies those not recorded before (a
 * redelivery, or the same event twice in the batch, is skipped). When it throws, nothing of the
 * batch is recorded, and the bus falls back to the per-event handler.
 */
export function idempotentBatchHandler(opts: IdempotentBatchHandlerOptions): BatchEventHandler {
  const t = opts.table;
  return async function handleBatchOnce(events) {
    if (events.length === 0) return;
    const skipped = await withTransaction(opts.db, async (tx) => {
      const inserted = await tx
        .insert(t)
        .values(events.map((e) => ({ consumer: opts.consumer, eventId: e.id, eventType: e.type })))
        .onConflictDoNothing()
        .returning({ eventId: t.eventId });
      // The uuid column answers in canonical (lower-case) form; deleting on use makes a second
      // copy of an event within the batch a duplicate.
      const fresh = new Set(inserted.map((r) => r.eventId));
      const applying: DeliveredEvent[] = [];
      const duplicates: DeliveredEvent[] = [];
      for (const e of events) (fresh.delete(e.id.toLowerCase()) ? applying : duplicates).push(e);
      if (applying.length > 0) await opts.handleBatch(applying, tx);
      return duplicates;
    });
    for (const event of skipped) opts.onDuplicate?.(event);
  };
}

/**
 * Retention: deletes ledger rows older than `olderThanDays`. Keep it longer than any redelivery
 * can arrive (topic retention, outbox replay ranges), or an old event could apply again.
 */
export async function purgeProcessedEvents(
  db: Database,
  table: ProcessedEventsTable,
  opts: { olderThanDays: number },
): Promise<number> {
  if (!(opts.olderThanDays > 0)) throw new RangeError("purgeProcessedEvents: olderThanDays must be > 0");
  const rows = await db
    .delete(table)
    .where(lt(table.processedAt, sql`now() - make_interval(days => ${Math.floor(opts.olderThanDays)})`))
    .returning({ eventId: table.eventId });
  return rows.length;
}
