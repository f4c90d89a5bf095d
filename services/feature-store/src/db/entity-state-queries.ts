import { type Database, preparedPerDatabase, type Transaction, textArrayLiteral } from "@nova/db";
import { and, eq, sql } from "drizzle-orm";
import type { EntityState, StateAt } from "../domain/entity-state.ts";
import type { EntityType } from "../domain/entity-types.ts";
import type { StateChange } from "../domain/materialise-event.ts";
import { aboutAccount } from "./about-account.ts";
import { entityStates } from "./schema/index.ts";

const t = entityStates;

/** One entity's state, locked for the rest of the transaction (consumers read-modify-write it). */
export async function loadStateForUpdate(
  tx: Transaction,
  entityType: EntityType,
  entityId: string,
): Promise<StateAt | undefined> {
  const [row] = await tx
    .select({ state: t.state, validFrom: t.validFrom, version: t.version })
    .from(t)
    .where(and(eq(t.entityType, entityType), eq(t.entityId, entityId)))
    .for("update");
  return row
    ? { state: row.state as EntityState, validFrom: row.validFrom, version: row.version }
    : undefined;
}

/** Current states of several entities (cache misses of the online store: up to 1,000 ids). */
const statesByIds = preparedPerDatabase((db: Database | Transaction) =>
  db
    .select({ entityId: t.entityId, state: t.state, validFrom: t.validFrom, version: t.version })
    .from(t)
    .where(
      and(
        eq(t.entityType, sql.placeholder("type")),
        sql`${t.entityId} = any(${sql.placeholder("ids")}::text[])`,
      ),
    )
    .prepare("feature_store_states_by_ids"),
);
export async function loadStates(
  db: Database | Transaction,
  entityType: EntityType,
  entityIds: readonly string[],
): Promise<Map<string, StateAt>> {
  const out = new Map<string, StateAt>();
  if (entityIds.length === 0) return out;
  const rows = await statesByIds(db).execute({ type: entityType, ids: textArrayLiteral(entityIds) });
  for (const r of rows)
    out.set(r.entityId, { state: r.state as EntityState, validFrom: r.validFrom, version: r.version });
  return out;
}

/** Writes new states (insert or replace). */
export async function saveStates(tx: Transaction, changes: readonly StateChange[]): Promise<void> {
  if (changes.length === 0) return;
  await tx
    .insert(t)
    .values(
      changes.map((c) => ({
        entityType: c.entityType,
        entityId: c.entityId,
        state: c.state as Record<string, unknown>,
        validFrom: c.validFrom,
        version: c.version,
      })),
    )
    .onConflictDoUpdate({
      target: [t.entityType, t.entityId],
      set: {
        state: sql`excluded.state`,
        validFrom: sql`excluded.valid_from`,
        version: sql`excluded.version`,
        updatedAt: sql`now()`,
      },
    });
}

/** Deletes every state (a backfill rebuilds them). */
export async function clearStates(db: Database | Transaction): Promise<void> {
  await db.delete(t);
}

/** Deletes the states about an account (aboutAccount); returns the entities deleted. */
export async function deleteAccountStates(
  tx: Transaction,
  accountId: string,
): Promise<{ entityType: EntityType; entityId: string }[]> {
  const rows = await tx
    .delete(t)
    .where(aboutAccount(t, accountId))
    .returning({ entityType: t.entityType, entityId: t.entityId });
  return rows.map((r) => ({ entityType: r.entityType as EntityType, entityId: r.entityId }));
}

/** The states of an account's own viewer × author pairs (`<accountId>:<author>`), for its export. */
export async function loadOwnPairStates(
  db: Database | Transaction,
  accountId: string,
): Promise<Map<string, StateAt>> {
  const rows = await db
    .select({ entityId: t.entityId, state: t.state, validFrom: t.validFrom, version: t.version })
    .from(t)
    .where(and(eq(t.entityType, "user_author"), sql`split_part(${t.entityId}, ':', 1) = ${accountId}`))
    .orderBy(t.entityId);
  return new Map(
    rows.map((r) => [
      r.entityId,
      { state: r.state as EntityState, validFrom: r.validFrom, version: r.version },
    ]),
  );
}
