import type { Database } from "@nova/db";
import { sql } from "drizzle-orm";
import { activeAccounts, activeHours } from "../db/schema/index.ts";
import type { ZonedRange } from "./analytics-store.ts";

type Executor = Pick<Database, "execute">;

async function rowsOf<T>(db: Executor, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** Widens each account's [first, last] active hour to the newly active hours (same transaction as the insert). */
export async function touchActiveAccounts(
  tx: Executor,
  fresh: readonly { hour: Date; accountId: string }[],
): Promise<void> {
  const span = new Map<string, { first: number; last: number }>();
  for (const f of fresh) {
    const t = f.hour.getTime();
    const s = span.get(f.accountId);
    if (!s) span.set(f.accountId, { first: t, last: t });
    else span.set(f.accountId, { first: Math.min(s.first, t), last: Math.max(s.last, t) });
  }
  if (span.size === 0) return;
  await tx.execute(sql`
    insert into ${activeAccounts} (account_id, first_hour, last_hour) values ${sql.join(
      [...span].map(
        ([id, s]) =>
          sql`(${id}, ${new Date(s.first).toISOString()}::timestamptz, ${new Date(s.last).toISOString()}::timestamptz)`,
      ),
      sql`, `,
    )}
    on conflict (account_id) do update set
      first_hour = least(${activeAccounts}.first_hour, excluded.first_hour),
      last_hour = greatest(${activeAccounts}.last_hour, excluded.last_hour)`);
}

/**
 * Distinct accounts active in [from, to): those whose first or last active hour is inside, plus
 * those active both before and after that have an active hour inside (checked one by one).
 */
export async function distinctActiveAccounts(db: Executor, range: ZonedRange): Promise<number> {
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const [row] = await rowsOf<{ n: number | string }>(
    db,
    sql`select
          (select count(*) from ${activeAccounts}
            where (first_hour >= ${from} and first_hour < ${to}) or (last_hour >= ${from} and last_hour < ${to}))
        + (select count(*) from ${activeAccounts} aa
            where aa.first_hour < ${from} and aa.last_hour >= ${to}
              and exists (select 1 from ${activeHours} h
                          where h.account_id = aa.account_id and h.hour >= ${from} and h.hour < ${to})) as n`,
  );
  return Number(row?.n ?? 0);
}
