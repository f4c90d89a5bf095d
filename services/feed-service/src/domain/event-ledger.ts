import type { CacheStore } from "@nova/cache";

/** How long an event id is remembered: well past the bus's retries and redeliveries. */
export const LEDGER_TTL_MS = 72 * 3_600_000;

export const seenKey = (eventId: string) => `feed:v1:seen:${eventId}`;

/**
 * Runs `apply` at most once per event id: a processed-events ledger in the cache, for effects that
 * are not idempotent by themselves (explore's engagement counters). The mark is a lock that is
 * never released on success — `acquireLock` is SET NX PX, so only the first delivery of an event
 * gets a token and a redelivery (within LEDGER_TTL_MS) is skipped. If `apply` throws, the mark is
 * released so the bus's retry applies the event again; put non-idempotent writes last in `apply`
 * so a partial failure is not doubled by that retry. A crash between marking and applying loses
 * the event (at most once), which an engagement counter can afford.
 * Resolves to whether `apply` ran.
 */
export async function applyOnce(
  store: CacheStore,
  eventId: string,
  apply: () => Promise<void>,
): Promise<boolean> {
  const token = await store.acquireLock(seenKey(eventId), LEDGER_TTL_MS);
  if (!token) return false;
  try {
    await apply();
    return true;
  } catch (err) {
    await store.releaseLock(seenKey(eventId), token);
    throw err;
  }
}
