import type { Transaction } from "@nova/db";
import type { DeliveredEvent } from "@nova/events";
import type { ServiceContext } from "../context.ts";
import { loadStateForUpdate, saveStates } from "../db/entity-state-queries.ts";
import { readSourceEvent } from "../events/read-source-event.ts";
import { materialiseEvent, type StateChange } from "./materialise-event.ts";

/**
 * Materialises one source event inside the idempotent consumer's transaction: new entity states
 * are saved and appended to the offline store (in the transaction on PostgreSQL; just before the
 * commit on ClickHouse, where a redelivery's duplicate collapses by version). Returns the online
 * cache write to run after the commit. Events of other types change nothing.
 */
export async function applySourceEvent({
  ctx,
  tx,
  event,
}: {
  ctx: Pick<ServiceContext, "offline" | "online">;
  tx: Transaction;
  event: DeliveredEvent;
}): Promise<{ changes: StateChange[]; afterCommit: () => Promise<void> }> {
  const source = readSourceEvent(event);
  if (!source) return { changes: [], afterCommit: async () => {} };
  const changes = await materialiseEvent(source, event.occurredAt.getTime(), (type, id) =>
    loadStateForUpdate(tx, type, id),
  );
  await saveStates(tx, changes);
  await ctx.offline.append(
    changes.map((c) => ({ ...c, eventId: event.id })),
    { tx },
  );
  return { changes, afterCommit: () => ctx.online.put(changes) };
}
