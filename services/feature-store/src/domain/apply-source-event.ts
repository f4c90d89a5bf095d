import type { Transaction } from "@nova/db";
import type { DeliveredEvent } from "@nova/events";
import type { ServiceContext } from "../context.ts";
import { loadStateForUpdate, saveStates } from "../db/entity-state-queries.ts";
import { erasedAmong } from "../db/erased-account-queries.ts";
import { readSourceEvent } from "../events/read-source-event.ts";
import type { OfflineSnapshot } from "../offline/offline-store.ts";
import type { StateAt } from "./entity-state.ts";
import { accountsOf } from "./entity-types.ts";
import { type LoadState, materialiseEvent, type StateChange } from "./materialise-event.ts";

export interface AppliedSourceEvents {
  /** The final state of each entity the events changed. */
  changes: StateChange[];
  /** The online cache write, to run after the transaction committed. */
  afterCommit: () => Promise<void>;
}

/**
 * Materialises a run of source events inside the idempotent consumer's transaction, with the same
 * results as applying them one by one in order: each touched entity is read (and locked) at most
 * once, later events see earlier events' states, every event's new states are appended to the
 * offline store (each version with its own event id: point-in-time reads need every one), and only
 * the final state per entity is saved and, after the commit, cached. The offline append runs in
 * the transaction on PostgreSQL; just before the commit on ClickHouse, where a redelivery's
 * duplicate collapses by version. Events of other types change nothing. Changes to entities about
 * an erased account (identity's AccountDeleted, see eraseAccountFeatures) are dropped: the events
 * that follow an erasure (its likes and posts being removed) must not rebuild its features.
 */
export async function applySourceEvents({
  ctx,
  tx,
  events,
}: {
  ctx: Pick<ServiceContext, "offline" | "online">;
  tx: Transaction;
  events: readonly DeliveredEvent[];
}): Promise<AppliedSourceEvents> {
  // Per entity: its state as the run has left it so far (undefined: no row yet).
  const current = new Map<string, StateAt | undefined>();
  const load: LoadState = async (entityType, entityId) => {
    const key = `${entityType}|${entityId}`;
    if (!current.has(key)) current.set(key, await loadStateForUpdate(tx, entityType, entityId));
    return current.get(key);
  };
  const latest = new Map<string, StateChange>();
  const snapshots: OfflineSnapshot[] = [];
  for (const event of events) {
    const source = readSourceEvent(event);
    if (!source) continue;
    for (const change of await materialiseEvent(source, event.occurredAt.getTime(), load)) {
      const key = `${change.entityType}|${change.entityId}`;
      current.set(key, change);
      latest.set(key, change);
      snapshots.push({ ...change, eventId: event.id });
    }
  }
  const erased = await erasedAmong(
    tx,
    [...latest.values()].flatMap((c) => accountsOf(c.entityType, c.entityId)),
  );
  const kept = (c: { entityType: StateChange["entityType"]; entityId: string }) =>
    !accountsOf(c.entityType, c.entityId).some((id) => erased.has(id));
  const changes = [...latest.values()].filter(kept);
  await saveStates(tx, changes);
  await ctx.offline.append(snapshots.filter(kept), { tx });
  return { changes, afterCommit: () => ctx.online.put(changes) };
}

/** One source event: {@link applySourceEvents} of a run of one. */
export function applySourceEvent({
  ctx,
  tx,
  event,
}: {
  ctx: Pick<ServiceContext, "offline" | "online">;
  tx: Transaction;
  event: DeliveredEvent;
}): Promise<AppliedSourceEvents> {
  return applySourceEvents({ ctx, tx, events: [event] });
}
