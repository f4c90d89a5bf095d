import type { Database } from "@nova/db";
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/pg-core";
import type { OutboxTable } from "./outbox-table.ts";

/** A row the relay has leased and will publish. */
export interface ClaimedRow {
  id: string;
  position: number;
  eventType: string;
  aggregateId: string;
  traceparent: string | null;
  occurredAt: Date;
  envelope: Uint8Array;
  attempts: number;
}

export interface ClaimOptions {
  batchSize: number;
  leaseMs: number;
  token: string;
}

/** Which rows a relay may claim now: pending, due, and not leased by a live relay. */
function claimable(t: OutboxTable) {
  return and(
    eq(t.status, "pending"),
    lte(t.availableAt, sql`now()`),
    or(isNull(t.claimedUntil), lt(t.claimedUntil, sql`now()`)),
  );
}

/**
 * Whether any row is claimable, as one statement prepared once per relay — no transaction, no row
 * lock: the idle poll every relay runs several times a second costs one index probe, and only a
 * "yes" opens claimBatch's transaction.
 */
export function prepareHasClaimable(db: Database, t: OutboxTable): () => Promise<boolean> {
  const probe = db
    .select({ one: sql<number>`1` })
    .from(t)
    .where(claimable(t))
    .limit(1)
    .prepare(`outbox_claimable_${getTableConfig(t).schema ?? "public"}`);
  return async () => (await probe.execute()).length > 0;
}

/**
 * Leases up to `batchSize` due rows, in position order, keeping each aggregate in order: a row is
 * taken only when every earlier pending row of its aggregate is taken too (so a row backing off,
 * or leased by another relay, holds back the rows behind it).
 *
 * The lock is short: `FOR UPDATE SKIP LOCKED` lets concurrent relays pick disjoint rows, and the
 * lease (claim_token, claimed_until) then marks them while they are published outside any
 * transaction — no connection is held across network I/O, and PGlite (one session for every
 * embedded service) is never blocked by a slow broker.
 */
export function claimBatch(db: Database, t: OutboxTable, opts: ClaimOptions): Promise<ClaimedRow[]> {
  return db.transaction(async (tx) => {
    const candidates = await tx
      .select({ id: t.id, position: t.position, aggregateId: t.aggregateId })
      .from(t)
      .where(claimable(t))
      .orderBy(asc(t.position))
      .limit(opts.batchSize)
      .for("update", { skipLocked: true });
    if (candidates.length === 0) return [];
    const keys = [...new Set(candidates.map((c) => c.aggregateId))];
    const last = candidates[candidates.length - 1]?.position ?? 0;
    const pendingOfKeys = await tx
      .select({ id: t.id, aggregateId: t.aggregateId })
      .from(t)
      .where(and(eq(t.status, "pending"), inArray(t.aggregateId, keys), lte(t.position, last)))
      .orderBy(asc(t.position));
    const ids = inOrderPrefixes(new Set(candidates.map((c) => c.id)), pendingOfKeys);
    if (ids.length === 0) return [];
    const rows = await tx
      .update(t)
      .set({
        claimToken: opts.token,
        claimedUntil: sql`now() + make_interval(secs => ${opts.leaseMs / 1000})`,
      })
      .where(inArray(t.id, ids))
      .returning({
        id: t.id,
        position: t.position,
        eventType: t.eventType,
        aggregateId: t.aggregateId,
        traceparent: t.traceparent,
        occurredAt: t.occurredAt,
        envelope: t.envelope,
        attempts: t.attempts,
      });
    return rows.sort((a, b) => a.position - b.position);
  });
}

/** Per aggregate, the candidates up to the first pending row that is not a candidate. */
function inOrderPrefixes(
  candidates: ReadonlySet<string>,
  pendingInOrder: readonly { id: string; aggregateId: string }[],
): string[] {
  const blocked = new Set<string>();
  const out: string[] = [];
  for (const row of pendingInOrder) {
    if (blocked.has(row.aggregateId)) continue;
    if (candidates.has(row.id)) out.push(row.id);
    else blocked.add(row.aggregateId);
  }
  return out;
}
