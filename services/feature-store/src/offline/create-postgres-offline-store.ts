import type { Database } from "@nova/db";
import { and, asc, desc, eq, inArray, lte, sql } from "drizzle-orm";
import { aboutAccount } from "../db/about-account.ts";
import { offlineSnapshots } from "../db/schema/index.ts";
import type { EntityState, StateAt } from "../domain/entity-state.ts";
import type { OfflineSnapshot, OfflineStore } from "./offline-store.ts";

/** The embedded offline store: `feature_store.offline_snapshots` in the service's database. */
export function createPostgresOfflineStore(db: Database): OfflineStore {
  const t = offlineSnapshots;
  return {
    kind: "postgres",
    async append(rows, opts) {
      if (rows.length === 0) return;
      await (opts?.tx ?? db)
        .insert(t)
        .values(
          rows.map((r) => ({
            entityType: r.entityType,
            entityId: r.entityId,
            validFrom: r.validFrom,
            version: r.version,
            eventId: r.eventId,
            state: r.state as Record<string, unknown>,
          })),
        )
        .onConflictDoNothing();
    },
    async asOf(entityType, entityIds, at) {
      const out = new Map<string, StateAt>();
      if (entityIds.length === 0) return out;
      const rows = await db
        .selectDistinctOn([t.entityId], {
          entityId: t.entityId,
          state: t.state,
          validFrom: t.validFrom,
          version: t.version,
        })
        .from(t)
        .where(and(eq(t.entityType, entityType), inArray(t.entityId, [...entityIds]), lte(t.validFrom, at)))
        .orderBy(t.entityId, desc(t.validFrom), desc(t.version));
      for (const r of rows) {
        out.set(r.entityId, { state: r.state as EntityState, validFrom: r.validFrom, version: r.version });
      }
      return out;
    },
    async history(entityType, entityId) {
      const rows = await db
        .select()
        .from(t)
        .where(and(eq(t.entityType, entityType), eq(t.entityId, entityId)))
        .orderBy(asc(t.validFrom), asc(t.version));
      return rows.map(
        (r): OfflineSnapshot => ({
          entityType,
          entityId,
          validFrom: r.validFrom,
          version: r.version,
          eventId: r.eventId,
          state: r.state as EntityState,
        }),
      );
    },
    async eraseAccount(accountId, opts) {
      await (opts?.tx ?? db).delete(t).where(aboutAccount(t, accountId));
    },
    async clear() {
      await db.delete(t);
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {},
  };
}
