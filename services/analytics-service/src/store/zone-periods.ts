import type { Database } from "@nova/db";
import { sql } from "drizzle-orm";
import {
  accountCohorts,
  activeAccounts,
  events,
  rollupZones,
  zonePeriodCounts,
  zonePeriods,
  zoneRetention,
} from "../db/schema/index.ts";
import { todayIn, zonedMidnight } from "../domain/zoned-range.ts";
import { lockActiveRollups } from "./active-windows.ts";
import type { Bucket, ZonedRange } from "./analytics-store.ts";
import type { EventRow } from "./event-row.ts";
import { localMondays } from "./local-weeks.ts";

type Executor = Pick<Database, "execute">;
type Unit = "day" | "week" | "month";
const UNITS: readonly Unit[] = ["day", "week", "month"];
const DAY = 86_400_000;

async function rowsOf<T>(db: Executor, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** The first local date (`YYYY-MM-DD`) of the `unit` holding the local date `date` (weeks start on Monday). */
export function periodStart(unit: Unit, date: string): string {
  if (unit === "day") return date;
  if (unit === "month") return `${date.slice(0, 8)}01`;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return new Date(ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
}

export function nextPeriodStart(unit: Unit, date: string): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (unit === "day") return new Date(ms + DAY).toISOString().slice(0, 10);
  if (unit === "week") return new Date(ms + 7 * DAY).toISOString().slice(0, 10);
  const d = new Date(ms);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
}

/** Every zone listed in `rollup_zones` (read inside the insert's transaction, after its lock). */
async function listedZones(tx: Executor): Promise<string[]> {
  const rows = await rowsOf<{ zone: string }>(tx, sql`select zone from ${rollupZones} order by zone`);
  return rows.map((r) => r.zone);
}

/** Adds `delta` to the counts of the (zone, unit, period) keys listed (one per membership). */
async function addCounts(
  tx: Executor,
  keys: readonly { zone: string; unit: string; period: string }[],
  delta: 1 | -1,
): Promise<void> {
  const grouped = new Map<string, { zone: string; unit: string; period: string; n: number }>();
  for (const k of keys) {
    const key = `${k.zone}|${k.unit}|${k.period}`;
    const g = grouped.get(key);
    if (g) g.n += delta;
    else grouped.set(key, { zone: k.zone, unit: k.unit, period: String(k.period).slice(0, 10), n: delta });
  }
  if (grouped.size === 0) return;
  await tx.execute(sql`
    insert into ${zonePeriodCounts} (zone, unit, period, accounts) values ${sql.join(
      [...grouped.values()].map((g) => sql`(${g.zone}, ${g.unit}, ${g.period}::date, ${g.n})`),
      sql`, `,
    )}
    on conflict (zone, unit, period) do update set accounts = ${zonePeriodCounts}.accounts + excluded.accounts`);
  if (delta < 0) await tx.execute(sql`delete from ${zonePeriodCounts} where accounts <= 0`);
}

/**
 * Insert upkeep (same transaction, under lockActiveRollups, new rows only): each signed-in row's
 * local day, week and month in every rollup zone become memberships (ON CONFLICT DO NOTHING); the
 * memberships that were really new add one to their period's count.
 */
export async function touchZonePeriods(
  tx: Executor,
  fresh: readonly EventRow[],
): Promise<{ zone: string; period: string; accountId: string }[]> {
  const signedIn = fresh.filter((r) => r.accountId);
  if (signedIn.length === 0) return [];
  const zones = await listedZones(tx);
  const rows = new Map<string, { zone: string; unit: Unit; period: string; accountId: string }>();
  for (const zone of zones)
    for (const r of signedIn) {
      const date = todayIn(r.occurredAt, zone);
      for (const unit of UNITS) {
        const period = periodStart(unit, date);
        const accountId = r.accountId as string;
        rows.set(`${zone}|${unit}|${period}|${accountId}`, { zone, unit, period, accountId });
      }
    }
  if (rows.size === 0) return [];
  const added = await rowsOf<{ zone: string; unit: string; period: string; account_id: string }>(
    tx,
    sql`insert into ${zonePeriods} (zone, unit, period, account_id) values ${sql.join(
      [...rows.values()].map((m) => sql`(${m.zone}, ${m.unit}, ${m.period}::date, ${m.accountId})`),
      sql`, `,
    )} on conflict do nothing returning zone, unit, to_char(period, 'YYYY-MM-DD') as period, account_id`,
  );
  await addCounts(tx, added, 1);
  return added
    .filter((a) => a.unit === "week")
    .map((a) => ({ zone: a.zone, period: a.period, accountId: a.account_id }));
}

/** Erasure upkeep (same transaction): the account's memberships go and their periods count one fewer. */
export async function eraseZonePeriods(tx: Executor, accountId: string): Promise<void> {
  const removed = await rowsOf<{ zone: string; unit: string; period: string }>(
    tx,
    sql`delete from ${zonePeriods} where account_id = ${accountId}
        returning zone, unit, to_char(period, 'YYYY-MM-DD') as period`,
  );
  await addCounts(tx, removed, -1);
}

/**
 * Makes each of `zones` a rollup zone: a zone not yet listed is listed and backfilled from the
 * events already stored, under the rollups' exclusive lock (so no insert is half-counted). Safe to
 * run from several instances (the listing is the claim).
 */
export async function ensureRollupZones(db: Database, zones: readonly string[]): Promise<void> {
  for (const zone of zones) {
    await db.transaction(async (tx) => {
      await lockActiveRollups(tx);
      const claimed = await rowsOf<{ zone: string }>(
        tx,
        sql`insert into ${rollupZones} (zone) values (${zone}) on conflict do nothing returning zone`,
      );
      if (claimed.length === 0) return;
      await tx.execute(sql`
        insert into ${zonePeriods} (zone, unit, period, account_id)
        select ${zone}, u.unit, date_trunc(u.unit, e.occurred_at at time zone ${zone})::date, e.account_id
        from ${events} e cross join (values ('day'), ('week'), ('month')) u(unit)
        where e.account_id is not null group by 1, 2, 3, 4
        on conflict do nothing`);
      await tx.execute(sql`delete from ${zonePeriodCounts} where zone = ${zone}`);
      await tx.execute(sql`
        insert into ${zonePeriodCounts} (zone, unit, period, accounts)
        select zone, unit, period, count(*) from ${zonePeriods} where zone = ${zone} group by 1, 2, 3`);
      await tx.execute(sql`delete from ${zoneRetention} where zone = ${zone}`);
      await tx.execute(sql`
        insert into ${zoneRetention} (zone, cohort_week, week, accounts)
        select p.zone, ${cohortWeek(sql`c.signed_up_at`, sql`p.zone`)}, p.period, count(*)
        from ${zonePeriods} p join ${accountCohorts} c on c.account_id = p.account_id
        where p.zone = ${zone} and p.unit = 'week' and p.period >= ${cohortWeek(sql`c.signed_up_at`, sql`p.zone`)}
        group by 1, 2, 3`);
    });
  }
}

/**
 * The local `unit` periods of the range: each with its start date, instants, and whether the range
 * holds it whole (only those can be read from the counts).
 */
export function periodsOf(
  range: ZonedRange,
  unit: Unit,
): { date: string; from: Date; to: Date; whole: boolean }[] {
  const out: { date: string; from: Date; to: Date; whole: boolean }[] = [];
  let date = periodStart(unit, todayIn(range.from, range.timeZone));
  for (let guard = 0; guard < 1000; guard++) {
    const start = zonedMidnight(date, range.timeZone);
    if (start >= range.to) break;
    const next = nextPeriodStart(unit, date);
    const end = zonedMidnight(next, range.timeZone);
    const from = new Date(Math.max(start.getTime(), range.from.getTime()));
    const to = new Date(Math.min(end.getTime(), range.to.getTime()));
    out.push({ date, from, to, whole: from.getTime() === start.getTime() && to.getTime() === end.getTime() });
    date = next;
  }
  return out;
}

/** The counts of whole local periods of a rollup zone, by period start date (absent: nobody active). */
export async function zoneCounts(
  db: Executor,
  zone: string,
  unit: Unit,
  dates: readonly string[],
): Promise<Map<string, number>> {
  if (dates.length === 0) return new Map();
  const rows = await rowsOf<{ period: string; accounts: number | string }>(
    db,
    sql`select to_char(period, 'YYYY-MM-DD') as period, accounts from ${zonePeriodCounts}
        where zone = ${zone} and unit = ${unit}
          and period >= ${dates[0]}::date and period <= ${dates.at(-1)}::date`,
  );
  return new Map(rows.map((r) => [r.period, Number(r.accounts)]));
}

/**
 * Buckets of a rollup zone: whole periods from `zone_period_counts` (one index range read); a
 * period the range cuts at either end at local midnights (a week or month begun) from
 * `zoneDistinct`, cut elsewhere from `partial` (the span path).
 */
export async function zoneBuckets(
  db: Executor,
  range: ZonedRange,
  unit: Unit,
  partial: (sub: ZonedRange) => Promise<Bucket[]>,
): Promise<Bucket[]> {
  const periods = periodsOf(range, unit);
  const counts = await zoneCounts(
    db,
    range.timeZone,
    unit,
    periods.filter((p) => p.whole).map((p) => p.date),
  );
  for (const p of periods.filter((x) => !x.whole)) {
    const sub = { from: p.from, to: p.to, timeZone: range.timeZone };
    // Whole local days of the period (what the API asks): from active_accounts + day memberships.
    const n = await zoneDistinct(db, sub);
    if (n !== undefined) counts.set(p.date, n);
    else for (const b of await partial(sub)) counts.set(b.start, b.activeUsers);
  }
  return periods
    .map((p) => ({ start: p.date, activeUsers: counts.get(p.date) ?? 0 }))
    .filter((b) => b.activeUsers > 0);
}

const HOUR = 3_600_000;

/**
 * Distinct accounts active over whole local days of a rollup zone (MAU in half-hour and 45-minute
 * zones). An account whose first or last active hour (`active_accounts`) lies wholly inside the
 * range was active in it; one whose activity ends before the range's first hour or starts after
 * its last is not; the few others (active before and after, or at the range's edge hours) are
 * checked against their day memberships in the zone, one index lookup each.
 */
export async function zoneDistinct(db: Executor, range: ZonedRange): Promise<number | undefined> {
  const days = periodsOf(range, "day");
  if (days.length === 0 || days.some((d) => !d.whole)) return undefined;
  const from = range.from.getTime();
  const to = range.to.getTime();
  const inFrom = new Date(Math.ceil(from / HOUR) * HOUR).toISOString();
  const inTo = new Date(Math.floor(to / HOUR) * HOUR).toISOString();
  const outBefore = new Date(Math.floor(from / HOUR) * HOUR).toISOString();
  const certain = sql`((first_hour >= ${inFrom} and first_hour < ${inTo}) or (last_hour >= ${inFrom} and last_hour < ${inTo}))`;
  const [row] = await rowsOf<{ n: number | string }>(
    db,
    sql`select
          (select count(*) from ${activeAccounts} where ${certain})
        + (select count(*) from ${activeAccounts} aa
            where not ${certain} and aa.last_hour >= ${outBefore} and aa.first_hour <= ${inTo}
              and exists (select 1 from ${zonePeriods} p
                          where p.account_id = aa.account_id and p.zone = ${range.timeZone} and p.unit = 'day'
                            and p.period >= ${days[0]?.date}::date and p.period <= ${days.at(-1)?.date}::date)) as n`,
  );
  return Number(row?.n ?? 0);
}

const cohortWeek = (at: Fragment, zone: Fragment) =>
  sql`date_trunc('week', ${at} at time zone ${zone})::date`;
type Fragment = ReturnType<typeof sql>;

/** Adds (sign +1) or takes away (−1) each (account, cohort instant)'s week memberships in every zone from the retention cells. */
async function shiftRetention(
  tx: Executor,
  cohorts: Fragment,
  sign: 1 | -1,
  onlyWeeks?: readonly { zone: string; period: string; accountId: string }[],
): Promise<void> {
  const weeks = onlyWeeks
    ? sql`(values ${sql.join(
        onlyWeeks.map((w) => sql`(${w.zone}, ${w.period}::date, ${w.accountId})`),
        sql`, `,
      )}) p(zone, period, account_id)`
    : sql`(select zone, period, account_id from ${zonePeriods} where unit = 'week') p`;
  await tx.execute(sql`
    insert into ${zoneRetention} (zone, cohort_week, week, accounts)
    select p.zone, ${cohortWeek(sql`o.at`, sql`p.zone`)}, p.period, ${sign} * count(*)
    from (${cohorts}) o(account_id, at) join ${weeks} on p.account_id = o.account_id
    where p.period >= ${cohortWeek(sql`o.at`, sql`p.zone`)}
    group by 1, 2, 3
    on conflict (zone, cohort_week, week) do update set accounts = ${zoneRetention}.accounts + excluded.accounts`);
  if (sign < 0) await tx.execute(sql`delete from ${zoneRetention} where accounts <= 0`);
}

const cohortsOf = (accountIds: readonly string[]) =>
  sql`select account_id, signed_up_at from ${accountCohorts} where account_id in (${sql.join(
    accountIds.map((a) => sql`${a}`),
    sql`, `,
  )})`;

/**
 * Insert upkeep, before the cohorts are updated: the accounts whose cohort the batch sets or moves
 * earlier lose their present cells (old cohort × their week memberships so far); returns them.
 */
export async function retractMovedCohorts(tx: Executor, fresh: readonly EventRow[]): Promise<string[]> {
  const signups = new Map<string, number>();
  for (const r of fresh)
    if (r.name === "signup" && r.accountId)
      signups.set(
        r.accountId,
        Math.min(signups.get(r.accountId) ?? Number.POSITIVE_INFINITY, r.occurredAt.getTime()),
      );
  if (signups.size === 0) return [];
  const old = await rowsOf<{ account_id: string; signed_up_at: string | Date }>(
    tx,
    cohortsOf([...signups.keys()]),
  );
  const before = new Map(old.map((r) => [r.account_id, new Date(r.signed_up_at).getTime()]));
  const moved = [...signups].filter(([a, t]) => !before.has(a) || t < (before.get(a) ?? 0)).map(([a]) => a);
  const hadOne = moved.filter((a) => before.has(a));
  if (hadOne.length > 0) await shiftRetention(tx, cohortsOf(hadOne), -1);
  return moved;
}

/**
 * Insert upkeep, after the cohorts and memberships: the new week memberships count in their
 * account's cohort; the accounts whose cohort moved count all their week memberships anew.
 */
export async function addRetention(
  tx: Executor,
  freshWeeks: readonly { zone: string; period: string; accountId: string }[],
  moved: readonly string[],
): Promise<void> {
  const movedSet = new Set(moved);
  const weeks = freshWeeks.filter((w) => !movedSet.has(w.accountId));
  if (weeks.length > 0)
    await shiftRetention(tx, cohortsOf([...new Set(weeks.map((w) => w.accountId))]), 1, weeks);
  if (moved.length > 0) await shiftRetention(tx, cohortsOf(moved), 1);
}

/** Erasure upkeep, before the account's memberships and cohort go: its cells. */
export async function eraseRetention(tx: Executor, accountId: string): Promise<void> {
  await shiftRetention(tx, cohortsOf([accountId]), -1);
}

/**
 * Weekly cohorts × weeks of a rollup zone from `zone_retention`, when the range runs from a local
 * Monday to a local Monday (whole cohort weeks); undefined otherwise.
 */
export async function zoneRetentionCells(
  db: Executor,
  range: ZonedRange,
  weeks: number,
): Promise<
  { sizes: Map<string, number>; rows: { cohort: string; week: number; accounts: number }[] } | undefined
> {
  const mondays = localMondays(range.from, range.to.getTime(), range.timeZone);
  if (
    mondays[0]?.at.getTime() !== range.from.getTime() ||
    mondays.at(-1)?.at.getTime() !== range.to.getTime()
  )
    return undefined;
  const first = mondays[0]?.date ?? "";
  const end = mondays.at(-1)?.date ?? "";
  const rows = await rowsOf<{ cohort: string; week: number | string; accounts: number | string }>(
    db,
    sql`select to_char(cohort_week, 'YYYY-MM-DD') as cohort, (week - cohort_week) / 7 as week, accounts
        from ${zoneRetention}
        where zone = ${range.timeZone} and cohort_week >= ${first}::date and cohort_week < ${end}::date
          and week < cohort_week + ${weeks * 7}::int
        order by cohort_week, week`,
  );
  const cells = rows
    .map((r) => ({ cohort: r.cohort, week: Number(r.week), accounts: Number(r.accounts) }))
    .filter((r) => r.accounts > 0);
  return {
    sizes: new Map(cells.filter((c) => c.week === 0).map((c) => [c.cohort, c.accounts])),
    rows: cells,
  };
}
