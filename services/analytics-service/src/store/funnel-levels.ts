import type { Database } from "@nova/db";
import { type SQL, sql } from "drizzle-orm";
import type { FunnelQuery } from "./analytics-store.ts";

/** The actor of an event as the funnel counts it; the same expression as `events_funnel_idx` (0010). */
const ACTOR = sql.raw(`coalesce(account_id, 'device:' || device_id)`);

/**
 * The funnel in SQL, exact for `funnelCounts`' semantics (as ClickHouse's kept funnels, clickhouse-funnel-chains.ts):
 * for every step-1 occurrence in the range, the greedy chain (step k = the first occurrence of name
 * k strictly after step k-1, at most `windowMs` after the start, before `to`), each step one
 * `events_funnel_idx` lookup (name, actor, occurred_at); an actor's level is the deepest over its
 * starts. Greedy is optimal for one start (the earliest next step leaves the most room), and every
 * start is tried, so a later start that fits in the window still counts. The work is one index probe
 * per step-1 occurrence and step reached, not a sort of every step event in the range.
 */
export async function funnelLevels(db: Database, q: FunnelQuery): Promise<number[]> {
  const from = q.from.toISOString();
  const to = q.to.toISOString();
  const end = sql`s.t1 + ${`${q.windowMs} milliseconds`}::interval`;
  const joins: SQL[] = [];
  for (let k = 1; k < q.steps.length; k++) {
    const previous = k === 1 ? sql`s.t1` : sql.raw(`c${k - 1}.t`);
    joins.push(sql`left join lateral (
        select min(occurred_at) as t from analytics_service.events
        where name = ${q.steps[k]} and ${ACTOR} = s.actor
          and occurred_at > ${previous} and occurred_at <= ${end} and occurred_at < ${to}
      ) ${sql.raw(`c${k}`)} on true`);
  }
  const level = sql.join(
    [sql`1`, ...q.steps.slice(1).map((_, i) => sql.raw(`(c${i + 1}.t is not null)::int`))],
    sql` + `,
  );
  const rows = await db.transaction(async (tx) => {
    // The per-actor maximum is a hash aggregate over the starts, in memory.
    await tx.execute(sql`set local work_mem = '64MB'`);
    const result = await tx.execute(sql`with s as (
          select ${ACTOR} as actor, occurred_at as t1 from analytics_service.events
          where name = ${q.steps[0]} and occurred_at >= ${from} and occurred_at < ${to}
            and (account_id is not null or device_id is not null)
        ), levels as (
          select s.actor, max(${level}) as level from s ${sql.join(joins, sql` `)} group by s.actor
        )
        select level, count(*) as n from levels group by level`);
    return (result as unknown as { rows: { level: number | string; n: number | string }[] }).rows;
  });
  const reached = new Array<number>(q.steps.length).fill(0);
  for (const r of rows)
    for (let l = 0; l < Number(r.level); l++) reached[l] = (reached[l] ?? 0) + Number(r.n);
  return reached;
}
