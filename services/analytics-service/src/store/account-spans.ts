import type { Database } from "@nova/db";
import { sql } from "drizzle-orm";
import { accountCohorts, accountSpans, authorPosts, zonePeriods } from "../db/schema/index.ts";
import { todayIn, zonedMidnight } from "../domain/zoned-range.ts";
import type { Bucket, CohortRow, ZonedRange } from "./analytics-store.ts";
import type { EventRow } from "./event-row.ts";
import { localMondays } from "./local-weeks.ts";
import { cachedCounts, type PeriodKey } from "./period-cache.ts";

type Executor = Pick<Database, "execute">;
export type SpanUnit = "day" | "week" | "month";
const UNITS: readonly SpanUnit[] = ["day", "week", "month"];
const DAY = 86_400_000;

async function rowsOf<T>(db: Executor, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** The first UTC date of the unit holding `d` (`YYYY-MM-DD`; weeks start on Monday). */
export function utcPeriod(unit: SpanUnit, d: Date): string {
  const day = d.toISOString().slice(0, 10);
  if (unit === "day") return day;
  if (unit === "month") return `${day.slice(0, 8)}01`;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return new Date(ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
}

/** The first local date of the unit holding the local date `date`. */
function localPeriod(unit: SpanUnit, date: string): string {
  return utcPeriod(unit, new Date(`${date}T00:00:00Z`));
}

/**
 * Upkeep on insert (same transaction, new rows only): widens each account's first/last instant per
 * UTC day, week and month, records signups (cohorts) and authors' posts.
 */
export async function touchSpans(tx: Executor, fresh: readonly EventRow[]): Promise<void> {
  const spans = new Map<
    string,
    { unit: SpanUnit; period: string; accountId: string; first: number; last: number }
  >();
  const cohorts = new Map<string, number>();
  const posts = new Map<string, { authorId: string; postId: string }>();
  for (const r of fresh) {
    if (!r.accountId) continue;
    const t = r.occurredAt.getTime();
    for (const unit of UNITS) {
      const period = utcPeriod(unit, r.occurredAt);
      const key = `${unit}|${period}|${r.accountId}`;
      const s = spans.get(key);
      if (!s) spans.set(key, { unit, period, accountId: r.accountId, first: t, last: t });
      else {
        s.first = Math.min(s.first, t);
        s.last = Math.max(s.last, t);
      }
    }
    if (r.name === "signup") cohorts.set(r.accountId, Math.min(cohorts.get(r.accountId) ?? t, t));
    if (r.name === "post" && r.postId)
      posts.set(`${r.accountId}|${r.postId}`, { authorId: r.accountId, postId: r.postId });
  }
  if (spans.size > 0)
    await tx.execute(sql`
      insert into ${accountSpans} (unit, period, account_id, first_at, last_at) values ${sql.join(
        [...spans.values()].map(
          (s) =>
            sql`(${s.unit}, ${s.period}::date, ${s.accountId}, ${new Date(s.first).toISOString()}::timestamptz, ${new Date(s.last).toISOString()}::timestamptz)`,
        ),
        sql`, `,
      )}
      on conflict (unit, period, account_id) do update set
        first_at = least(${accountSpans}.first_at, excluded.first_at),
        last_at = greatest(${accountSpans}.last_at, excluded.last_at)`);
  if (cohorts.size > 0)
    await tx.execute(sql`
      insert into ${accountCohorts} (account_id, signed_up_at) values ${sql.join(
        [...cohorts].map(([id, t]) => sql`(${id}, ${new Date(t).toISOString()}::timestamptz)`),
        sql`, `,
      )}
      on conflict (account_id) do update set signed_up_at = least(${accountCohorts}.signed_up_at, excluded.signed_up_at)`);
  if (posts.size > 0)
    await tx.execute(sql`
      insert into ${authorPosts} (author_id, post_id) values ${sql.join(
        [...posts.values()].map((p) => sql`(${p.authorId}, ${p.postId})`),
        sql`, `,
      )} on conflict do nothing`);
}

/** Erasure: the account's spans, cohort and authored posts (same transaction as its events). */
export async function eraseSpans(tx: Executor, accountId: string): Promise<void> {
  await tx.execute(sql`delete from ${accountSpans} where account_id = ${accountId}`);
  await tx.execute(sql`delete from ${accountCohorts} where account_id = ${accountId}`);
  await tx.execute(sql`delete from ${authorPosts} where author_id = ${accountId}`);
}

const SLACK_DAYS: Record<SpanUnit, number> = { day: 1, week: 7, month: 31 };

type Fragment = ReturnType<typeof sql>;

/**
 * Distinct (account, w) pairs from the `unit` spans whose first or last instant is in [a, b), `w`
 * being `bucket(instant)`: for whole local units inside [a, b), an account was active in a local
 * unit iff one of these instants is in it. Two index range scans, no per-row zone conversion.
 */
function hits(unit: SpanUnit, a: Date, b: Date, bucket: (col: Fragment) => Fragment) {
  const lo = new Date(a.getTime() - SLACK_DAYS[unit] * DAY).toISOString().slice(0, 10);
  const hi = b.toISOString().slice(0, 10);
  const side = (col: Fragment) =>
    sql`select account_id, ${bucket(col)} as w from ${accountSpans}
      where unit = ${unit} and period >= ${lo}::date and period <= ${hi}::date
        and ${col} >= ${a.toISOString()}::timestamptz and ${col} < ${b.toISOString()}::timestamptz`;
  return sql`${side(sql`first_at`)} union ${side(sql`last_at`)}`;
}

const nextPeriod = (unit: SpanUnit, date: string) => {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (unit === "day") return new Date(ms + DAY).toISOString().slice(0, 10);
  if (unit === "week") return new Date(ms + 7 * DAY).toISOString().slice(0, 10);
  const d = new Date(ms);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
};

/**
 * Distinct (account, w) pairs telling who was active in which local `unit` of the range (`w`:
 * `bucket(instant)`): the range's whole local units read the spans of that unit; the parts of a
 * week or month the range cuts read the day spans (whole local days: the range must start and end
 * at local midnights).
 */
function rangeHits(range: ZonedRange, unit: SpanUnit, bucket: (col: Fragment) => Fragment) {
  const tz = range.timeZone;
  const startOf = (d: Date) => zonedMidnight(localPeriod(unit, todayIn(d, tz)), tz);
  const wholeFrom =
    startOf(range.from).getTime() === range.from.getTime()
      ? range.from
      : zonedMidnight(nextPeriod(unit, localPeriod(unit, todayIn(range.from, tz))), tz);
  const wholeTo = startOf(range.to);
  if (wholeFrom >= wholeTo) return hits("day", range.from, range.to, bucket);
  const parts = [hits(unit, wholeFrom, wholeTo, bucket)];
  if (range.from < wholeFrom) parts.push(hits("day", range.from, wholeFrom, bucket));
  if (wholeTo < range.to) parts.push(hits("day", wholeTo, range.to, bucket));
  return sql.join(parts, sql` union `);
}

/** The local `unit` starts (date and instant) from the one holding `from` to the first at or after `to`. */
function localStarts(range: ZonedRange, unit: SpanUnit): { date: string; at: Date }[] {
  const out: { date: string; at: Date }[] = [];
  let date = localPeriod(unit, todayIn(range.from, range.timeZone));
  for (let guard = 0; guard < 1000; guard++) {
    const at = zonedMidnight(date, range.timeZone);
    out.push({ date, at });
    if (at >= range.to) break;
    date = nextPeriod(unit, date);
  }
  return out;
}

const boundsOf = (starts: readonly { at: Date }[]) =>
  sql`array[${sql.join(
    starts.map((m) => sql`${m.at.toISOString()}::timestamptz`),
    sql`, `,
  )}]`;

const activeKey = (a: Date, b: Date): PeriodKey => ({
  key: `active|${a.toISOString()}|${b.toISOString()}`,
  start: a,
  end: b,
});
const maxDate = (a: Date, b: Date) => (a > b ? a : b);
const minDate = (a: Date, b: Date) => (a < b ? a : b);

/**
 * Distinct active accounts per local `unit` (day, week or month) from the spans; each bucket's
 * answer is kept once its period is over (src/store/period-cache.ts).
 */
export async function spanBuckets(
  db: Database,
  range: ZonedRange,
  unit: SpanUnit,
  now: Date,
): Promise<Bucket[]> {
  const starts = localStarts(range, unit);
  const buckets = starts.slice(0, -1).map((s, i) => ({
    date: s.date,
    ...activeKey(maxDate(range.from, s.at), minDate(range.to, starts[i + 1]?.at ?? range.to)),
  }));
  const bounds = boundsOf(starts);
  const counts = await cachedCounts(db, buckets, now, async (tx, missing) => {
    // Only the missing buckets' span of the range (those before it are kept answers).
    const part = { ...range, from: new Date(Math.min(...missing.map((m) => m.start.getTime()))) };
    const rows = await rowsOf<{ w: number; n: number | string }>(
      tx,
      sql`select w, count(*) as n from (${rangeHits(part, unit, (col) => sql`width_bucket(${col}, ${bounds})`)}) h
          group by 1`,
    );
    return new Map(rows.map((r) => [buckets[Number(r.w) - 1]?.key ?? "", Number(r.n)]));
  });
  return buckets
    .map((b) => ({ start: b.date, activeUsers: counts.get(b.key) ?? 0 }))
    .filter((b) => b.activeUsers > 0);
}

/** Distinct accounts active in the range (local midnight to local midnight), from the week and day spans. */
export async function spanDistinct(db: Database, range: ZonedRange, now: Date): Promise<number> {
  const key = activeKey(range.from, range.to);
  const counts = await cachedCounts(db, [key], now, async (tx) => {
    const [row] = await rowsOf<{ n: number | string }>(
      tx,
      sql`select count(*) as n from (${rangeHits(range, "week", () => sql`0`)}) h`,
    );
    return new Map([[key.key, Number(row?.n ?? 0)]]);
  });
  return counts.get(key.key) ?? 0;
}

/**
 * Weekly signup cohorts × weeks from the cohort and week-span rollups: each cohort account's
 * active local weeks are the local weeks of its week spans' first/last instants.
 */
export async function spanRetention(
  db: Database,
  range: ZonedRange,
  weeks: number,
  now: Date,
  /** The range's zone is a rollup zone (src/store/zone-periods.ts): whole local weeks' activity is read from its memberships. */
  rollupZone = false,
): Promise<{ sizes: Map<string, number>; rows: CohortRow[] }> {
  const mondays = localMondays(range.from, range.to.getTime() + weeks * 7 * DAY, range.timeZone);
  // From a local Monday every activity week asked about is whole, so a membership says it all.
  const fromMembership = rollupZone && mondays[0]?.at.getTime() === range.from.getTime();
  const until = mondays.at(-1)?.at ?? range.to;
  const bounds = boundsOf(mondays);
  // The questions: each cohort week's signups, and how many of them were active k weeks later.
  const within = (i: number, lo: Date, hi: Date) => ({
    from: maxDate(lo, mondays[i]?.at ?? lo),
    to: minDate(hi, mondays[i + 1]?.at ?? hi),
  });
  const sizeKeys: (PeriodKey & { cw: number })[] = [];
  const cellKeys: (PeriodKey & { cw: number; week: number; weekFrom: Date })[] = [];
  for (let i = 0; i + 1 < mondays.length && (mondays[i]?.at ?? until) < range.to; i++) {
    const c = within(i, range.from, range.to);
    sizeKeys.push({
      key: `signups|${c.from.toISOString()}|${c.to.toISOString()}`,
      start: c.from,
      end: c.to,
      cw: i + 1,
    });
    for (let k = 0; k < weeks && i + k + 1 < mondays.length; k++) {
      const w = within(i + k, range.from, until);
      cellKeys.push({
        key: `retained|${c.from.toISOString()}|${c.to.toISOString()}|${w.from.toISOString()}|${w.to.toISOString()}`,
        start: c.from,
        end: maxDate(c.to, w.to),
        cw: i + 1,
        week: k,
        weekFrom: w.from,
      });
    }
  }
  const counts = await cachedCounts(db, [...sizeKeys, ...cellKeys], now, async (tx, missing) => {
    // Activity only from the earliest week a missing cell asks about (kept cells cover the rest).
    const weekStarts = missing.flatMap((m) =>
      m.key.startsWith("retained|") ? [(m as (typeof cellKeys)[number]).weekFrom.getTime()] : [],
    );
    const activityFrom = weekStarts.length > 0 ? new Date(Math.min(...weekStarts)) : until;
    const cohorts = sql`select account_id, width_bucket(signed_up_at, ${bounds}) as cw from ${accountCohorts}
      where signed_up_at >= ${range.from.toISOString()} and signed_up_at < ${range.to.toISOString()}`;
    const sizes = await rowsOf<{ cw: number; n: number | string }>(
      tx,
      sql`select cw, count(*) as n from (${cohorts}) c group by 1`,
    );
    const firstMonday = mondays[0]?.date ?? "";
    const activityDate = mondays.find((m) => m.at >= activityFrom)?.date ?? mondays.at(-1)?.date ?? "";
    const activity = fromMembership
      ? sql`select account_id, (period - ${firstMonday}::date) / 7 + 1 as w from ${zonePeriods}
          where zone = ${range.timeZone} and unit = 'week'
            and period >= ${activityDate}::date and period < ${mondays.at(-1)?.date ?? ""}::date`
      : hits("week", activityFrom, until, (col) => sql`width_bucket(${col}, ${bounds})`);
    const rows = await rowsOf<{ cw: number; week: number | string; n: number | string }>(
      tx,
      sql`with c as (${cohorts}),
          a as (${activity})
          select c.cw, a.w - c.cw as week, count(*) as n
          from c join a on a.account_id = c.account_id
          where a.w >= c.cw and a.w - c.cw < ${weeks}
          group by 1, 2`,
    );
    const out = new Map<string, number>();
    for (const r of sizes) {
      const k = sizeKeys.find((s) => s.cw === Number(r.cw));
      if (k) out.set(k.key, Number(r.n));
    }
    for (const r of rows) {
      const k = cellKeys.find((s) => s.cw === Number(r.cw) && s.week === Number(r.week));
      if (k) out.set(k.key, Number(r.n));
    }
    return out;
  });
  const label = (cw: number) => mondays[cw - 1]?.date ?? "";
  return {
    sizes: new Map(
      sizeKeys.filter((k) => (counts.get(k.key) ?? 0) > 0).map((k) => [label(k.cw), counts.get(k.key) ?? 0]),
    ),
    rows: cellKeys
      .filter((k) => (counts.get(k.key) ?? 0) > 0)
      .map((k) => ({ cohort: label(k.cw), week: k.week, accounts: counts.get(k.key) ?? 0 })),
  };
}
