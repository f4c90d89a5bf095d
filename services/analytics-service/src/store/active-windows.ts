import type { Database } from "@nova/db";
import { sql } from "drizzle-orm";
import { activeHours, activeWindows } from "../db/schema/index.ts";
import { todayIn, zonedMidnight } from "../domain/zoned-range.ts";
import { spanBuckets } from "./account-spans.ts";
import type { Bucket, ZonedRange } from "./analytics-store.ts";

type Executor = Pick<Database, "execute">;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Window lengths kept in `active_windows`: every calendar day of every zone is one of these. */
export const WINDOW_HOURS = [23, 24, 25] as const;
const LENGTHS = sql.raw("(values (23), (24), (25)) l(len)");

async function rowsOf<T>(db: Executor, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** Serialises the writers of `active_hours`/`active_windows` (two batches counting one account twice). */
export async function lockActiveRollups(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('analytics_service.active_windows'))`);
}

/**
 * Counts newly active (account, hour) pairs into the windows: a window gains an account when the
 * account had no other active hour in it before. Call after inserting `fresh` into `active_hours`
 * (only the rows that were really new) in the same transaction, under lockActiveRollups.
 */
export async function addToActiveWindows(
  tx: Executor,
  fresh: readonly { hour: Date; accountId: string }[],
): Promise<void> {
  if (fresh.length === 0) return;
  const ids = sql.join(
    fresh.map((f) => sql`${f.accountId}`),
    sql`, `,
  );
  const hours = sql.join(
    fresh.map((f) => sql`${f.hour.toISOString()}`),
    sql`, `,
  );
  await tx.execute(sql`
    with fresh(account_id, hour) as (
      select * from unnest(array[${ids}]::text[], array[${hours}]::timestamptz[])
    ), cand as (
      select distinct f.account_id, s.start, l.len
      from fresh f cross join ${LENGTHS}
      cross join lateral generate_series(f.hour - (l.len - 1) * interval '1 hour', f.hour, interval '1 hour') s(start)
    ), gain as (
      select c.start, c.len, count(*)::integer as n from cand c
      where not exists (
        select 1 from ${activeHours} a
        where a.account_id = c.account_id and a.hour >= c.start and a.hour < c.start + c.len * interval '1 hour'
          and not exists (select 1 from fresh f where f.account_id = a.account_id and f.hour = a.hour))
      group by 1, 2
    )
    insert into ${activeWindows} (start_hour, hours, accounts) select start, len, n from gain
    on conflict (hours, start_hour) do update set accounts = ${activeWindows}.accounts + excluded.accounts`);
}

/** Takes the account out of every window it is counted in. Call before deleting its `active_hours`. */
export async function removeFromActiveWindows(tx: Executor, accountId: string): Promise<void> {
  await tx.execute(sql`
    with w as (
      select distinct s.start, l.len
      from ${activeHours} h cross join ${LENGTHS}
      cross join lateral generate_series(h.hour - (l.len - 1) * interval '1 hour', h.hour, interval '1 hour') s(start)
      where h.account_id = ${accountId}
    )
    update ${activeWindows} aw set accounts = aw.accounts - 1 from w
    where aw.start_hour = w.start and aw.hours = w.len`);
  await tx.execute(sql`delete from ${activeWindows} where accounts <= 0`);
}

const ceilHour = (ms: number) => Math.ceil(ms / HOUR) * HOUR;

/** Whether the range's ends and every local midnight inside it fall on a UTC hour. */
export function hourAligned(range: ZonedRange): boolean {
  if (range.from.getTime() % HOUR !== 0 || range.to.getTime() % HOUR !== 0) return false;
  let day = todayIn(range.from, range.timeZone);
  for (let guard = 0; guard < 1000; guard++) {
    const midnight = zonedMidnight(day, range.timeZone).getTime();
    if (midnight >= range.to.getTime()) return true;
    if (midnight % HOUR !== 0) return false;
    day = new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
  }
  return true;
}

/**
 * The local days of `range` as windows of hour buckets: a bucket belongs to the day its start
 * falls in, so day d covers the buckets starting in [max(from, midnight d), min(to, midnight d+1)).
 */
export function dayWindows(range: ZonedRange): { day: string; start: number; hours: number }[] {
  const out: { day: string; start: number; hours: number }[] = [];
  const from = range.from.getTime();
  const to = range.to.getTime();
  let day = todayIn(range.from, range.timeZone);
  for (let guard = 0; guard < 1000; guard++) {
    const midnight = zonedMidnight(day, range.timeZone).getTime();
    if (midnight >= to) break;
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
    const end = zonedMidnight(next, range.timeZone).getTime();
    const start = ceilHour(Math.max(from, midnight));
    const stop = ceilHour(Math.min(to, end));
    if (stop > start) out.push({ day, start, hours: (stop - start) / HOUR });
    day = next;
  }
  return out;
}

/**
 * Distinct active accounts per local day: one `active_windows` lookup per whole day; a day the
 * range cuts short (not 23–25 hours) is counted on `active_hours` over those few hours.
 */
export async function dailyActive(db: Database, range: ZonedRange, now: Date): Promise<Bucket[]> {
  // Half-hour and 45-minute zones (India, Nepal, …): local midnights are not hour buckets' edges,
  // so their days are counted on the day spans, which are exact in every zone.
  if (!hourAligned(range)) return spanBuckets(db, range, "day", now);
  const windows = dayWindows(range);
  const whole = windows.filter((w) => (WINDOW_HOURS as readonly number[]).includes(w.hours));
  const counts = new Map<string, number>();
  if (whole.length > 0) {
    const rows = await rowsOf<{
      start_hour: string | Date;
      hours: number | string;
      accounts: number | string;
    }>(
      db,
      sql`select start_hour, hours, accounts from ${activeWindows}
          where (hours, start_hour) in (${sql.join(
            whole.map((w) => sql`(${w.hours}::smallint, ${new Date(w.start).toISOString()}::timestamptz)`),
            sql`, `,
          )})`,
    );
    for (const r of rows)
      counts.set(`${new Date(r.start_hour).getTime()}|${Number(r.hours)}`, Number(r.accounts));
  }
  for (const w of windows.filter((x) => !whole.includes(x))) {
    const [row] = await rowsOf<{ n: number | string }>(
      db,
      sql`select count(distinct account_id) as n from ${activeHours}
          where hour >= ${new Date(w.start).toISOString()} and hour < ${new Date(w.start + w.hours * HOUR).toISOString()}`,
    );
    counts.set(`${w.start}|${w.hours}`, Number(row?.n ?? 0));
  }
  return windows
    .map((w) => ({ start: w.day, activeUsers: counts.get(`${w.start}|${w.hours}`) ?? 0 }))
    .filter((b) => b.activeUsers > 0);
}
