import type { Database } from "@nova/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { OutboxTable } from "./outbox-table.ts";

const unleased = { claimToken: null, claimedUntil: null } as const;

/**
 * Marks published rows sent. Every update is conditional on the claim token: a relay whose lease
 * expired (it was slow or presumed dead) cannot overwrite what the relay after it decided.
 */
export async function markSent(db: Database, t: OutboxTable, token: string, ids: readonly string[]) {
  if (ids.length === 0) return;
  await db
    .update(t)
    .set({ status: "sent", sentAt: sql`now()`, lastError: null, ...unleased })
    .where(and(eq(t.claimToken, token), inArray(t.id, [...ids])));
}

/** Hands rows back untouched (not attempted because an earlier row of their aggregate failed). */
export async function releaseRows(db: Database, t: OutboxTable, token: string, ids: readonly string[]) {
  if (ids.length === 0) return;
  await db
    .update(t)
    .set(unleased)
    .where(and(eq(t.claimToken, token), inArray(t.id, [...ids])));
}

/**
 * Records a failed publish: the row backs off for `delayMs`, or turns `dead` (the outbox's
 * dead-letter state) when this was attempt `maxAttempts`. Returns true when it went dead.
 */
export async function markFailed(
  db: Database,
  t: OutboxTable,
  token: string,
  failure: { id: string; attempts: number; error: string; delayMs: number; maxAttempts: number },
): Promise<boolean> {
  const attempts = failure.attempts + 1;
  const dead = attempts >= failure.maxAttempts;
  await db
    .update(t)
    .set({
      attempts,
      status: dead ? "dead" : "pending",
      lastError: failure.error.slice(0, 2_000),
      availableAt: sql`now() + make_interval(secs => ${failure.delayMs / 1000})`,
      ...unleased,
    })
    .where(and(eq(t.claimToken, token), eq(t.id, failure.id)));
  return dead;
}
