import { type Database, withTransaction } from "@nova/db";
import type { ServiceContext } from "../context.ts";
import { graphChangeEvent } from "../events/graph-change-event.ts";
import type { GraphChange, RecordChanges } from "../store/graph-store.ts";

/** A recorder for one write, and what to run once that write committed. */
export interface ChangeRecorder {
  record: RecordChanges;
  /** The changes recorded (empty when the write changed nothing). */
  readonly changes: readonly GraphChange[];
  /** Invalidates the cached relationships of every pair touched and wakes the outbox relay. */
  afterCommit(): Promise<void>;
}

/**
 * Turns a store write's changes into outbox events: in the store's own transaction when the graph
 * lives in PostgreSQL (atomic), otherwise in a PostgreSQL transaction that runs before the Neo4j
 * commit — a failed outbox write rolls the edge back; a Neo4j commit failing after the outbox
 * committed would announce a change that did not happen (consumers treat events as idempotent facts
 * and re-check on read).
 */
export function changeRecorder(ctx: ServiceContext, traceparent?: string): ChangeRecorder {
  const changes: GraphChange[] = [];
  const record: RecordChanges = async (batch, tx) => {
    const enqueueAll = async (into: Database) => {
      for (const change of batch) {
        const event = graphChangeEvent(change);
        if (event) await ctx.outbox.enqueue(into, { ...event, traceparent });
      }
    };
    if (tx) await enqueueAll(tx);
    else await withTransaction(ctx.db.db, enqueueAll);
    changes.push(...batch);
  };
  return {
    record,
    changes,
    async afterCommit() {
      if (changes.length === 0) return;
      await ctx.relationships.invalidate(changes.map((c) => [c.from, c.to] as const));
      ctx.relay.wake();
    },
  };
}
