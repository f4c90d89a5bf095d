import type { Database } from "@nova/db";
import { sql } from "drizzle-orm";
import { periodCounts } from "../db/schema/index.ts";

type Executor = Pick<Database, "execute">;

async function rowsOf<T>(db: Executor, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** One cached answer: `key` names the question; [start, end) is the period of events it depends on. */
export interface PeriodKey {
  readonly key: string;
  readonly start: Date;
  readonly end: Date;
}

/** The lock readers (shared) and writers of the spans (exclusive, lockActiveRollups) meet on. */
const LOCK = sql`hashtext('analytics_service.active_windows')`;

/**
 * The answers to `keys`: those in the cache from it, the others from `compute(tx, missing)` (in a
 * transaction holding the rollups' lock shared, so no insert commits between the computing and the
 * storing), whose answers of periods that are over (end ≤ now) are then stored. Keys `compute`
 * leaves out are 0. Periods still open (this week) are computed on every read, from their own
 * rows only when `compute` narrows its reads to the missing keys' periods.
 */
export async function cachedCounts<K extends PeriodKey>(
  db: Database,
  keys: readonly K[],
  now: Date,
  compute: (tx: Executor, missing: readonly K[]) => Promise<Map<string, number>>,
): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const hit = await rowsOf<{ key: string; value: number | string }>(
    db,
    sql`select key, value from ${periodCounts} where key in (${sql.join(
      keys.map((k) => sql`${k.key}`),
      sql`, `,
    )})`,
  );
  const cached = new Map(hit.map((r) => [r.key, Number(r.value)]));
  if (cached.size === keys.length) return cached;
  const missing = keys.filter((k) => !cached.has(k.key));
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock_shared(${LOCK})`);
    const values = await compute(tx, missing);
    const closed = missing.filter((k) => k.end <= now);
    if (closed.length > 0)
      await tx.execute(sql`
        insert into ${periodCounts} (key, period_start, period_end, value) values ${sql.join(
          closed.map(
            (k) =>
              sql`(${k.key}, ${k.start.toISOString()}::timestamptz, ${k.end.toISOString()}::timestamptz, ${values.get(k.key) ?? 0})`,
          ),
          sql`, `,
        )}
        on conflict (key) do update set value = excluded.value`);
    return new Map(keys.map((k) => [k.key, cached.get(k.key) ?? values.get(k.key) ?? 0]));
  });
}

/** Insert upkeep (same transaction, under lockActiveRollups): forgets the answers whose period holds a new row. */
export async function forgetPeriods(tx: Executor, instants: readonly Date[]): Promise<void> {
  if (instants.length === 0) return;
  const times = instants.map((d) => d.getTime());
  const min = new Date(Math.min(...times)).toISOString();
  const max = new Date(Math.max(...times)).toISOString();
  await tx.execute(sql`delete from ${periodCounts} where period_end > ${min} and period_start <= ${max}`);
}

/** Erasure upkeep (same transaction): an erased account may be in any answer. */
export async function forgetAllPeriods(tx: Executor): Promise<void> {
  await tx.execute(sql`delete from ${periodCounts}`);
}
