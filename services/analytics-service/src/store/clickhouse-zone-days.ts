import { todayIn, zonedMidnight } from "../domain/zoned-range.ts";

/**
 * ClickHouse's rollup zones (ANALYTICS_ROLLUP_ZONES, UTC always): per zone an AggregatingMergeTree
 * of `uniqState(account_id)` per local day, fed by a view. A range from a local midnight to a local
 * midnight of a kept zone reads one state per local day (30 for a month) instead of ~720 hourly
 * states: DAU finalises each day's state, WAU/MAU and the distinct actives merge the days' states.
 * uniq states merge to the state of the union, so the answers are those of the hourly path.
 */

/** `analytics_active_days_europe_paris`: the zone's table (lower case, `/`, `-`, `+` → `_`). */
export function zoneDaysTable(prefix: string, zone: string): string {
  return `${prefix}active_days_${zone.toLowerCase().replace(/[^a-z0-9]/g, "_")}`;
}

/** The zone as a SQL literal (IANA names: letters, digits, `/`, `_`, `-`, `+`). */
export const zoneLiteral = (zone: string) => `'${zone.replace(/[^A-Za-z0-9/_+-]/g, "")}'`;

export function zoneDaysDdl(table: string, ttlDays: number): string {
  return `CREATE TABLE IF NOT EXISTS ${table} (day Date, accounts AggregateFunction(uniq, String))
    ENGINE = AggregatingMergeTree PARTITION BY toYYYYMM(day) ORDER BY day
    TTL day + INTERVAL ${ttlDays} DAY`;
}

/** What the view selects from a block of events (and the backfill and the erasure's rebuild). */
export function zoneDaysFeed(events: string, zone: string, where: string): string {
  return `SELECT toDate(occurred_at, ${zoneLiteral(zone)}) AS day, uniqState(account_id) AS accounts
    FROM ${events} WHERE account_id != '' AND (${where}) GROUP BY day`;
}

/** The local dates [dlo, dhi) when `from` and `to` are both local midnights in `zone`, else undefined. */
export function wholeLocalDays(from: Date, to: Date, zone: string): { dlo: string; dhi: string } | undefined {
  const dlo = todayIn(from, zone);
  const dhi = todayIn(to, zone);
  if (dlo >= dhi) return undefined;
  if (zonedMidnight(dlo, zone).getTime() !== from.getTime()) return undefined;
  if (zonedMidnight(dhi, zone).getTime() !== to.getTime()) return undefined;
  return { dlo, dhi };
}

/**
 * The same zones' active local weeks per account (`<prefix>active_weeks_<zone>`, a view-fed
 * ReplacingMergeTree): retention from a local Monday to a local Monday reads them directly instead
 * of mapping each UTC week's first and last instants to local weeks.
 */
export function zoneWeeksTable(prefix: string, zone: string): string {
  return zoneDaysTable(prefix, zone).replace(/active_days_/, "active_weeks_");
}

export function zoneWeeksDdl(table: string, ttlDays: number): string {
  return `CREATE TABLE IF NOT EXISTS ${table} (week Date, account_id String)
    ENGINE = ReplacingMergeTree PARTITION BY toYYYYMM(week) ORDER BY (week, account_id)
    TTL week + INTERVAL ${ttlDays} DAY`;
}

export function zoneWeeksFeed(events: string, zone: string, where: string): string {
  return `SELECT toMonday(toDate(occurred_at, ${zoneLiteral(zone)})) AS week, account_id
    FROM ${events} WHERE account_id != '' AND (${where}) GROUP BY week, account_id`;
}

/** The local Mondays [wlo, whi) when `from` and `until` are both local Monday midnights in `zone`. */
export function wholeLocalWeeks(
  from: Date,
  until: Date,
  zone: string,
): { wlo: string; whi: string } | undefined {
  const days = wholeLocalDays(from, until, zone);
  if (!days) return undefined;
  const monday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay() === 1;
  return monday(days.dlo) && monday(days.dhi) ? { wlo: days.dlo, whi: days.dhi } : undefined;
}
