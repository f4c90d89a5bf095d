import { createClient } from "@clickhouse/client";
import { UnavailableError } from "@nova/errors";
import type { FunnelDefinition } from "../domain/funnel-definitions.ts";
import type { AnalyticsStore, Granularity, ZonedRange } from "./analytics-store.ts";
import { keptFunnels } from "./clickhouse-funnel-bitmaps.ts";
import { chainParams, FUNNEL_ACTOR, rawFunnelQuery } from "./clickhouse-funnel-chains.ts";
import {
  wholeLocalDays,
  wholeLocalWeeks,
  zoneDaysDdl,
  zoneDaysFeed,
  zoneDaysTable,
  zoneLiteral,
  zoneWeeksDdl,
  zoneWeeksFeed,
  zoneWeeksTable,
} from "./clickhouse-zone-days.ts";
import type { EventRow } from "./event-row.ts";

export interface ClickHouseAnalyticsStoreOptions {
  url: string;
  /** Table name prefix (tests use their own); default `analytics_`. */
  prefix?: string;
  /** TTL of raw events in days; default 400. */
  ttlDays?: number;
  /**
   * Called after each step of an account erasure (`recorded`, `events`, `account rows`, `rollups`,
   * `done`): observability, and the crash-recovery tests throw from it to stop a job half-way.
   */
  onErasureStep?: (step: string, accountId: string) => void | Promise<void>;
  /** Funnels kept at insert (ANALYTICS_FUNNELS): per zone, start day, cut and level bitmaps, see clickhouse-funnel-bitmaps.ts. */
  funnels?: readonly FunnelDefinition[];
  /** Zones whose local days are kept as uniq states (ANALYTICS_ROLLUP_ZONES; UTC always), see clickhouse-zone-days.ts. */
  rollupZones?: readonly string[];
}

export type ClickHouseAnalyticsStore = AnalyticsStore;

const PREFIX = /^[a-z_][a-z0-9_]*$/;

/** `YYYY-MM-DD hh:mm:ss.mmm` in UTC, what a DateTime64(3, 'UTC') parameter parses. */
function chTime(d: Date): string {
  return d.toISOString().replace("T", " ").replace("Z", "");
}

const BUCKET: Record<Granularity, (col: string) => string> = {
  day: (c) => `toDate(${c}, {tz:String})`,
  week: (c) => `toMonday(toDate(${c}, {tz:String}))`,
  month: (c) => `toStartOfMonth(toDate(${c}, {tz:String}))`,
};

/** The local bucket of a kept zone's `day`. */
const DAY_BUCKET: Record<Granularity, string> = {
  day: "day",
  week: "toMonday(day)",
  month: "toStartOfMonth(day)",
};

interface ChEventRow {
  id: string;
  name: string;
  account_id: string;
  device_id: string;
  session_id: string;
  occurred_at: string;
  post_id: string;
  target_account_id: string;
  surface: string;
  source: string;
  properties: string;
}

const orNull = (s: string) => (s === "" ? null : s);

function fromCh(r: ChEventRow): EventRow {
  return {
    id: r.id,
    name: r.name,
    accountId: orNull(r.account_id),
    deviceId: orNull(r.device_id),
    sessionId: orNull(r.session_id),
    occurredAt: new Date(`${r.occurred_at.replace(" ", "T")}Z`),
    postId: orNull(r.post_id),
    targetAccountId: orNull(r.target_account_id),
    surface: orNull(r.surface),
    source: r.source === "domain" ? "domain" : "client",
    properties: JSON.parse(r.properties || "{}") as Record<string, unknown>,
  };
}

/** The tables (and, with `_mv`, their materialized views) of a store with table prefix `p`. */
export function clickHouseTables(p: string) {
  return {
    events: `${p}events`,
    ids: `${p}event_ids`,
    active: `${p}active_quarters`,
    hourly: `${p}active_hourly`,
    metrics: `${p}metric_quarters`,
    subjects: `${p}subject_quarters`,
    weeks: `${p}account_weeks`,
    cohorts: `${p}account_cohorts`,
    posts: `${p}posts`,
    erasures: `${p}erasure_jobs`,
  };
}

/** Tables fed by a materialized view `<table>_mv` (drop the views before the tables). */
export const CLICKHOUSE_ROLLUPS = [
  "active",
  "hourly",
  "metrics",
  "subjects",
  "weeks",
  "cohorts",
  "posts",
] as const;

/** The hourly rollups of the first version (dropped: rounded half-hour zones, summed negative rows on erasure). */
const RETIRED = ["active_hours", "metric_hours", "subject_hours"];

const QUARTER = "toStartOfFifteenMinutes(occurred_at)";
const SUBJECT = `multiIf(name IN ('post_impression', 'post_open', 'like', 'comment', 'repost'), post_id,
                     name IN ('follow', 'unfollow'), target_account_id, '')`;

/**
 * The production store on ClickHouse. Raw events in a MergeTree partitioned by day with a TTL;
 * materialized views keep the rollups as they are inserted, every one in 15-minute UTC buckets
 * (aligned with the local midnights of every zone, half-hour and 45-minute ones included):
 * - `active_hourly` and `active_quarters` (AggregatingMergeTree): uniqState of the active accounts
 *   per UTC hour and per quarter hour; DAU/WAU/MAU in any zone are uniqMerge over the hours of each
 *   local bucket that hold no local midnight plus the quarters of the others (exact while an
 *   answer is under 65,536 accounts — uniq keeps up to that many hashes — then an adaptive sample);
 * - `metric_quarters`/`subject_quarters` (SummingMergeTree): counts per name/surface and per post
 *   or followed account; reads `sum`;
 * - `account_weeks` (first/last instant per account and UTC week) and `account_cohorts` (signup
 *   instant): retention;
 * - `posts`: who authored what.
 * - per rollup zone (UTC always) `active_days_<zone>` and `active_weeks_<zone>` (local days' uniq
 *   states, local weeks' accounts: DAU/WAU/MAU and retention on that zone's local midnights), and
 *   per configured funnel `funnel_bits_<hash>` (per kept zone, start day, cut and level, the bitmap
 *   of the actors reaching it): clickhouse-zone-days.ts, clickhouse-funnel-bitmaps.ts.
 * Dedup by id through a ReplacingMergeTree of seen ids checked before each batch (inserts are
 * serialised per instance). Erasure is a job (`erasure_jobs`): recorded first with the quarters and
 * posts it touches, then the account's rows go from every table and the touched quarters of the
 * shared rollups (and the kept funnels' zone days of the step rows removed, the account's and those
 * of others that targeted it) are rebuilt from the remaining events, then the job is marked done. Every step is
 * idempotent, so a redelivered AccountDeleted or a restart (resumeErasures, run when the store
 * opens) completes a job a crash interrupted.
 */
export async function createClickHouseAnalyticsStore(
  opts: ClickHouseAnalyticsStoreOptions,
): Promise<ClickHouseAnalyticsStore> {
  const p = opts.prefix ?? "analytics_";
  if (!PREFIX.test(p)) throw new Error(`invalid ClickHouse table prefix: ${p}`);
  const ttl = Math.trunc(opts.ttlDays ?? 400);
  const t = clickHouseTables(p);
  const zoneDays = new Map(
    [...new Set(["UTC", ...(opts.rollupZones ?? [])])].map((z) => [z, zoneDaysTable(p, z)] as const),
  );
  const client = createClient({
    url: opts.url,
    request_timeout: 30_000,
    clickhouse_settings: { output_format_json_quote_64bit_integers: 1 },
  });
  const funnels = keptFunnels({
    client,
    prefix: p,
    events: t.events,
    funnels: opts.funnels ?? [],
    zones: [...zoneDays.keys()],
    ttlDays: ttl,
  });
  const ping = async () => {
    const result = await client.ping();
    if (!result.success) throw new UnavailableError(`ClickHouse at ${opts.url} does not answer`);
  };
  /** What each rollup's view selects from a block of events (and the backfill/rebuild from the table). */
  const feeds: Record<(typeof CLICKHOUSE_ROLLUPS)[number], (where: string) => string> = {
    active: (w) => `SELECT ${QUARTER} AS quarter, uniqState(account_id) AS accounts
      FROM ${t.events} WHERE account_id != '' AND (${w}) GROUP BY quarter`,
    hourly: (w) => `SELECT toStartOfHour(occurred_at) AS hour, uniqState(account_id) AS accounts
      FROM ${t.events} WHERE account_id != '' AND (${w}) GROUP BY hour`,
    metrics: (w) => `SELECT ${QUARTER} AS quarter, name, surface, toInt64(count()) AS count
      FROM ${t.events} WHERE ${w} GROUP BY quarter, name, surface`,
    subjects: (w) => `SELECT ${SUBJECT} AS subject_id, name, ${QUARTER} AS quarter, toInt64(count()) AS count
      FROM ${t.events} WHERE subject_id != '' AND (${w}) GROUP BY subject_id, name, quarter`,
    weeks: (w) => `SELECT toMonday(occurred_at, 'UTC') AS week, account_id, min(occurred_at) AS first_at,
      max(occurred_at) AS last_at FROM ${t.events} WHERE account_id != '' AND (${w}) GROUP BY week, account_id`,
    cohorts: (w) => `SELECT occurred_at AS signed_up_at, account_id FROM ${t.events}
      WHERE name = 'signup' AND account_id != '' AND (${w})`,
    posts: (w) => `SELECT account_id AS author_id, post_id FROM ${t.events}
      WHERE name = 'post' AND account_id != '' AND post_id != '' AND (${w})`,
  };
  const tables: Record<(typeof CLICKHOUSE_ROLLUPS)[number], string> = {
    active: `CREATE TABLE IF NOT EXISTS ${t.active} (quarter DateTime('UTC'),
      accounts AggregateFunction(uniq, String))
      ENGINE = AggregatingMergeTree PARTITION BY toYYYYMM(quarter) ORDER BY quarter`,
    hourly: `CREATE TABLE IF NOT EXISTS ${t.hourly} (hour DateTime('UTC'),
      accounts AggregateFunction(uniq, String))
      ENGINE = AggregatingMergeTree PARTITION BY toYYYYMM(hour) ORDER BY hour`,
    metrics: `CREATE TABLE IF NOT EXISTS ${t.metrics} (quarter DateTime('UTC'), name LowCardinality(String),
      surface LowCardinality(String), count Int64)
      ENGINE = SummingMergeTree(count) PARTITION BY toYYYYMM(quarter) ORDER BY (quarter, name, surface)`,
    subjects: `CREATE TABLE IF NOT EXISTS ${t.subjects} (subject_id String, name LowCardinality(String),
      quarter DateTime('UTC'), count Int64)
      ENGINE = SummingMergeTree(count) ORDER BY (subject_id, name, quarter)`,
    weeks: `CREATE TABLE IF NOT EXISTS ${t.weeks} (week Date, account_id String,
      first_at SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
      last_at SimpleAggregateFunction(max, DateTime64(3, 'UTC')))
      ENGINE = AggregatingMergeTree ORDER BY (week, account_id)`,
    cohorts: `CREATE TABLE IF NOT EXISTS ${t.cohorts} (signed_up_at DateTime64(3, 'UTC'), account_id String)
      ENGINE = ReplacingMergeTree ORDER BY (signed_up_at, account_id)`,
    posts: `CREATE TABLE IF NOT EXISTS ${t.posts} (author_id String, post_id String)
      ENGINE = ReplacingMergeTree ORDER BY (author_id, post_id)`,
  };
  const exists = async (table: string) => {
    const result = await client.query({ query: `EXISTS TABLE ${table}`, format: "JSONEachRow" });
    const [row] = await result.json<{ result: number | string }>();
    return Number(row?.result) === 1;
  };
  try {
    await ping();
    for (const old of RETIRED) {
      await client.command({ query: `DROP VIEW IF EXISTS ${p}${old}_mv` });
      await client.command({ query: `DROP TABLE IF EXISTS ${p}${old}` });
    }
    const hadEvents = await exists(t.events);
    await client.command({
      query: `CREATE TABLE IF NOT EXISTS ${t.events} (
      id String, name LowCardinality(String), account_id String, device_id String, session_id String,
      occurred_at DateTime64(3, 'UTC'), received_at DateTime64(3, 'UTC') DEFAULT now64(3),
      post_id String, target_account_id String, surface LowCardinality(String),
      source LowCardinality(String), properties String,
      INDEX account_idx account_id TYPE bloom_filter GRANULARITY 4,
      INDEX target_idx target_account_id TYPE bloom_filter GRANULARITY 4
    ) ENGINE = MergeTree PARTITION BY toDate(occurred_at) ORDER BY (name, occurred_at, id)
      TTL toDateTime(occurred_at) + INTERVAL ${ttl} DAY`,
    });
    await client.command({
      query: `CREATE TABLE IF NOT EXISTS ${t.ids} (id String, occurred_at DateTime64(3, 'UTC'))
      ENGINE = ReplacingMergeTree ORDER BY id TTL toDateTime(occurred_at) + INTERVAL ${ttl} DAY`,
    });
    await client.command({
      query: `CREATE TABLE IF NOT EXISTS ${t.erasures} (account_id String, quarters Array(DateTime('UTC')),
      posts Array(String), done UInt8, at DateTime64(3, 'UTC'))
      ENGINE = ReplacingMergeTree(at) ORDER BY account_id`,
    });
    // The job's (UTC date, actor) of the removed step rows: the kept funnels' days to rebuild (a
    // column added after the first version).
    await client.command({
      query: `ALTER TABLE ${t.erasures} ADD COLUMN IF NOT EXISTS funnel_cells Array(Tuple(Date, String))`,
    });
    const rollup = async (table: string, ddl: string, feed: (where: string) => string) => {
      const fresh = !(await exists(table));
      await client.command({ query: ddl });
      const cut = chTime(new Date());
      await client.command({
        query: `CREATE MATERIALIZED VIEW IF NOT EXISTS ${table}_mv TO ${table} AS ${feed("1")}`,
      });
      // A rollup added to a store that already has events: built from the rows received before its
      // view existed (the view takes the rest).
      if (fresh && hadEvents)
        await client.command({
          query: `INSERT INTO ${table} ${feed(`received_at < toDateTime64('${cut}', 3, 'UTC')`)}`,
        });
    };
    for (const key of CLICKHOUSE_ROLLUPS) await rollup(t[key], tables[key], feeds[key]);
    await funnels.open(hadEvents);
    for (const [zone, table] of zoneDays) {
      await rollup(table, zoneDaysDdl(table, ttl), (w) => zoneDaysFeed(t.events, zone, w));
      const weeks = zoneWeeksTable(p, zone);
      await rollup(weeks, zoneWeeksDdl(weeks, ttl), (w) => zoneWeeksFeed(t.events, zone, w));
    }
  } catch (err) {
    await client.close();
    throw new Error(`CLICKHOUSE_URL: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const rowsOf = async <R>(query: string, params: Record<string, unknown>): Promise<R[]> =>
    (await client.query({ query, query_params: params, format: "JSONEachRow" })).json<R>();
  const rangeParams = (r: ZonedRange) => ({ from: chTime(r.from), to: chTime(r.to), tz: r.timeZone });
  const inRange = (col: string) =>
    `${col} >= {from:DateTime64(3, 'UTC')} AND ${col} < {to:DateTime64(3, 'UTC')}`;

  // One batch at a time per instance: the seen-ids check and the insert must not interleave.
  let queue: Promise<unknown> = Promise.resolve();
  const serialised = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };

  const step = async (name: string, accountId: string) => opts.onErasureStep?.(name, accountId);
  const jobQuarters = `SELECT arrayJoin(quarters) FROM ${t.erasures} FINAL WHERE account_id = {a:String}`;
  const erasedPosts = `SELECT arrayJoin(posts) FROM ${t.erasures}`;
  /** The account's erasure, from wherever an earlier attempt stopped; every step is idempotent. */
  const erase = async (accountId: string): Promise<number> => {
    const a = { a: accountId };
    const who = `(account_id = {a:String} OR target_account_id = {a:String})`;
    const [job] = await rowsOf<{ done: number | string }>(
      `SELECT argMax(done, at) AS done FROM ${t.erasures} WHERE account_id = {a:String} GROUP BY account_id`,
      a,
    );
    const [count] = await rowsOf<{ n: string }>(`SELECT count() AS n FROM ${t.events} WHERE ${who}`, a);
    if (!job || Number(job.done) === 1)
      // 1. The job, with what it will have to rebuild (the quarters the account's rows are in, the
      // kept funnels' actor-days of its rows and of the rows that targeted it) and the posts whose
      // numbers go (kept after the job: a rebuild never brings them back).
      await client.command({
        query: `INSERT INTO ${t.erasures} (account_id, quarters, funnel_cells, posts, done, at)
          SELECT {a:String},
                 (SELECT groupUniqArray(${QUARTER}) FROM ${t.events} WHERE ${who}),
                 (SELECT groupUniqArray((toDate(occurred_at, 'UTC'), ${FUNNEL_ACTOR})) FROM ${t.events}
                  WHERE ${who} AND name IN {steps:Array(String)} AND (account_id != '' OR device_id != '')),
                 arrayDistinct(arrayConcat(
                   (SELECT groupUniqArray(post_id) FROM ${t.posts} WHERE author_id = {a:String}),
                   (SELECT groupUniqArray(p) FROM (SELECT arrayJoin(posts) AS p FROM ${t.erasures} WHERE account_id = {a:String})))),
                 0, now64(3)`,
        query_params: { ...a, steps: funnels.steps },
      });
    await step("recorded", accountId);
    // 2. The raw rows (as actor and as the account acted on).
    await client.command({ query: `DELETE FROM ${t.events} WHERE ${who}`, query_params: a });
    await step("events", accountId);
    // 3. The rollups that are the account's alone.
    await client.command({ query: `DELETE FROM ${t.weeks} WHERE account_id = {a:String}`, query_params: a });
    for (const zone of zoneDays.keys())
      await client.command({
        query: `DELETE FROM ${zoneWeeksTable(p, zone)} WHERE account_id = {a:String}`,
        query_params: a,
      });
    await client.command({
      query: `DELETE FROM ${t.cohorts} WHERE account_id = {a:String}`,
      query_params: a,
    });
    await client.command({
      query: `DELETE FROM ${t.subjects} WHERE subject_id = {a:String} OR subject_id IN (${erasedPosts} WHERE account_id = {a:String})`,
      query_params: a,
    });
    await client.command({ query: `DELETE FROM ${t.posts} WHERE author_id = {a:String}`, query_params: a });
    await funnels.forget(accountId);
    await step("account rows", accountId);
    // 4. The shared rollups' quarters the account was in, rebuilt from the events that remain.
    const window = `occurred_at >= (SELECT min(q) FROM (SELECT arrayJoin(quarters) AS q FROM ${t.erasures} FINAL WHERE account_id = {a:String}))
      AND occurred_at < (SELECT max(q) + INTERVAL 15 MINUTE FROM (SELECT arrayJoin(quarters) AS q FROM ${t.erasures} FINAL WHERE account_id = {a:String}))
      AND ${QUARTER} IN (${jobQuarters})`;
    for (const key of ["active", "metrics", "subjects"] as const) {
      const table = t[key];
      await client.command({
        query: `DELETE FROM ${table} WHERE quarter IN (${jobQuarters})`,
        query_params: a,
      });
      const only = key === "subjects" ? ` AND subject_id NOT IN (${erasedPosts})` : "";
      await client.command({ query: `INSERT INTO ${table} ${feeds[key](window + only)}`, query_params: a });
    }
    // The hourly states of the hours holding those quarters: every event of those hours.
    const jobHours = `SELECT DISTINCT toStartOfHour(arrayJoin(quarters)) FROM ${t.erasures} FINAL WHERE account_id = {a:String}`;
    await client.command({ query: `DELETE FROM ${t.hourly} WHERE hour IN (${jobHours})`, query_params: a });
    await client.command({
      query: `INSERT INTO ${t.hourly} ${feeds.hourly(`occurred_at >= (SELECT toStartOfHour(min(q)) FROM (SELECT arrayJoin(quarters) AS q FROM ${t.erasures} FINAL WHERE account_id = {a:String}))
        AND occurred_at < (SELECT toStartOfHour(max(q)) + INTERVAL 1 HOUR FROM (SELECT arrayJoin(quarters) AS q FROM ${t.erasures} FINAL WHERE account_id = {a:String}))
        AND toStartOfHour(occurred_at) IN (${jobHours})`)}`,
      query_params: a,
    });
    // The rollup zones' local days holding those quarters: every event of those days.
    for (const [zone, table] of zoneDays) {
      const days = `SELECT DISTINCT toDate(arrayJoin(quarters), ${zoneLiteral(zone)}) FROM ${t.erasures} FINAL WHERE account_id = {a:String}`;
      await client.command({ query: `DELETE FROM ${table} WHERE day IN (${days})`, query_params: a });
      await client.command({
        query: `INSERT INTO ${table} ${zoneDaysFeed(
          t.events,
          zone,
          `occurred_at >= (SELECT min(q) - INTERVAL 1 DAY FROM (SELECT arrayJoin(quarters) AS q FROM ${t.erasures} FINAL WHERE account_id = {a:String}))
           AND occurred_at < (SELECT max(q) + INTERVAL 1 DAY + INTERVAL 15 MINUTE FROM (SELECT arrayJoin(quarters) AS q FROM ${t.erasures} FINAL WHERE account_id = {a:String}))
           AND toDate(occurred_at, ${zoneLiteral(zone)}) IN (${days})`,
        )}`,
        query_params: a,
      });
    }
    // The kept funnels' zone days holding the removed step rows, rebuilt from the events that remain.
    const dates = await rowsOf<{ d: string }>(
      `SELECT DISTINCT toString(arrayJoin(funnel_cells).1) AS d FROM ${t.erasures} FINAL WHERE account_id = {a:String}`,
      a,
    );
    await funnels.rebuild(dates.map((r) => r.d));
    await step("rollups", accountId);
    // 5. Done (the posts stay listed).
    await client.command({
      query: `INSERT INTO ${t.erasures} (account_id, quarters, posts, done, at)
        SELECT account_id, [], posts, 1, now64(3) FROM ${t.erasures} FINAL WHERE account_id = {a:String}`,
      query_params: a,
    });
    await step("done", accountId);
    return Number(count?.n ?? 0);
  };
  /** Completes the erasures a crash left unfinished; returns how many. */
  const resume = async (): Promise<number> => {
    const pending = await rowsOf<{ account_id: string }>(
      `SELECT account_id FROM ${t.erasures} GROUP BY account_id HAVING argMax(done, at) = 0`,
      {},
    );
    for (const p of pending) await erase(p.account_id);
    return pending.length;
  };
  await resume();

  /**
   * The uniq states covering [from, to), each with its local bucket `b`: hourly states for the hours
   * inside the range that hold no local midnight (most of them: a quarter as many states to merge),
   * quarter-hour states for the rest (the hour a half-hour or 45-minute zone's day starts in, the
   * range's ragged ends).
   */
  const activeStates = (bucket: (col: string) => string) => {
    const whole = (h: string) =>
      `(${h} >= {from:DateTime64(3, 'UTC')} AND ${h} + INTERVAL 1 HOUR <= {to:DateTime64(3, 'UTC')}
        AND toDate(${h}, {tz:String}) = toDate(${h} + INTERVAL 3599 SECOND, {tz:String}))`;
    return `SELECT ${bucket("hour")} AS b, accounts FROM ${t.hourly} WHERE ${whole("hour")}
      UNION ALL
      SELECT ${bucket("quarter")} AS b, accounts FROM ${t.active}
      WHERE ${inRange("quarter")} AND NOT ${whole("toStartOfHour(quarter)")}`;
  };

  /** A kept zone's day states when the range runs from a local midnight to a local midnight there. */
  const dayStates = (range: ZonedRange) => {
    const table = zoneDays.get(range.timeZone);
    const days = table ? wholeLocalDays(range.from, range.to, range.timeZone) : undefined;
    if (!table || !days) return undefined;
    return {
      query: (bucket: string) => `SELECT ${bucket} AS b, accounts FROM ${table}
        WHERE day >= toDate({dlo:String}) AND day < toDate({dhi:String})`,
      params: days,
    };
  };

  return {
    kind: "clickhouse",
    insert(rows) {
      return serialised(async () => {
        const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
        if (unique.length === 0) return 0;
        // Parameters travel in the URL: ids are checked 100 at a time to keep it short.
        const seen = new Set<string>();
        for (let i = 0; i < unique.length; i += 100) {
          const ids = unique.slice(i, i + 100).map((r) => r.id);
          const found = await rowsOf<{ id: string }>(
            `SELECT DISTINCT id FROM ${t.ids} WHERE id IN {ids:Array(String)}`,
            { ids },
          );
          for (const r of found) seen.add(r.id);
        }
        const fresh = unique.filter((r) => !seen.has(r.id));
        if (fresh.length === 0) return 0;
        await client.insert({
          table: t.events,
          format: "JSONEachRow",
          values: fresh.map((r) => ({
            id: r.id,
            name: r.name,
            account_id: r.accountId ?? "",
            device_id: r.deviceId ?? "",
            session_id: r.sessionId ?? "",
            occurred_at: chTime(r.occurredAt),
            post_id: r.postId ?? "",
            target_account_id: r.targetAccountId ?? "",
            surface: r.surface ?? "",
            source: r.source,
            properties: JSON.stringify(r.properties),
          })),
        });
        await client.insert({
          table: t.ids,
          format: "JSONEachRow",
          values: fresh.map((r) => ({ id: r.id, occurred_at: chTime(r.occurredAt) })),
        });
        await funnels.afterInsert(fresh);
        return fresh.length;
      });
    },
    async activeUsers(range, granularity) {
      const days = dayStates(range);
      const rows = await rowsOf<{ start: string; n: string }>(
        `SELECT toString(b) AS start, uniqMerge(accounts) AS n FROM (${days?.query(DAY_BUCKET[granularity]) ?? activeStates(BUCKET[granularity])})
         GROUP BY start HAVING n > 0 ORDER BY start`,
        { ...rangeParams(range), ...days?.params },
      );
      return rows.map((r) => ({ start: r.start, activeUsers: Number(r.n) }));
    },
    async distinctActive(range) {
      const [row] = await rowsOf<{ n: string }>(
        `SELECT uniqMerge(accounts) AS n FROM (${dayStates(range)?.query("0") ?? activeStates(() => "0")})`,
        { ...rangeParams(range), ...dayStates(range)?.params },
      );
      return Number(row?.n ?? 0);
    },
    async metricsByDay(range, names) {
      if (names.length === 0) return [];
      const rows = await rowsOf<{ day: string; name: string; surface: string; n: string }>(
        `SELECT toString(toDate(quarter, {tz:String})) AS day, name, surface, sum(count) AS n
         FROM ${t.metrics} WHERE ${inRange("quarter")} AND name IN {names:Array(String)}
         GROUP BY day, name, surface HAVING n != 0 ORDER BY day, name, surface`,
        { ...rangeParams(range), names: [...names] },
      );
      return rows.map((r) => ({ day: r.day, name: r.name, surface: r.surface, count: Number(r.n) }));
    },
    async subjectsByDay(range, subjectIds, names) {
      if (subjectIds.length === 0 || names.length === 0) return [];
      const rows = await rowsOf<{ subject_id: string; day: string; name: string; n: string }>(
        `SELECT subject_id, toString(toDate(quarter, {tz:String})) AS day, name, sum(count) AS n
         FROM ${t.subjects}
         WHERE subject_id IN {ids:Array(String)} AND name IN {names:Array(String)} AND ${inRange("quarter")}
         GROUP BY subject_id, day, name HAVING n != 0 ORDER BY subject_id, day, name`,
        { ...rangeParams(range), ids: [...subjectIds], names: [...names] },
      );
      return rows.map((r) => ({ subjectId: r.subject_id, day: r.day, name: r.name, count: Number(r.n) }));
    },
    async postsOf(authorId) {
      const rows = await rowsOf<{ post_id: string }>(
        `SELECT DISTINCT post_id FROM ${t.posts} WHERE author_id = {a:String} ORDER BY post_id`,
        { a: authorId },
      );
      return rows.map((r) => r.post_id);
    },
    async retention(range, weeks) {
      // Each cohort account's active local weeks are the local weeks of its UTC weeks' first and
      // last instants (a UTC week overlaps at most two local weeks, and those two instants fall in both).
      const until = new Date(range.to.getTime() + weeks * 7 * 86_400_000);
      const params = {
        ...rangeParams(range),
        until: chTime(until),
        lo: range.from.toISOString().slice(0, 10),
        weeks,
      };
      // A kept zone, from a local Monday to a local Monday: its active weeks as they are.
      const local = zoneDays.has(range.timeZone)
        ? wholeLocalWeeks(range.from, until, range.timeZone)
        : undefined;
      const active = local
        ? `SELECT DISTINCT account_id, week AS aw FROM ${zoneWeeksTable(p, range.timeZone)}
           WHERE week >= toDate({wlo:String}) AND week < toDate({whi:String})`
        : `SELECT DISTINCT account_id, toMonday(toDate(x, {tz:String})) AS aw FROM (
             SELECT account_id, arrayJoin([min(first_at), max(last_at)]) AS x FROM ${t.weeks}
             WHERE week >= toDate({lo:String}) - 7 AND week < toDate({until:DateTime64(3, 'UTC')}) + 1
             GROUP BY week, account_id
           ) WHERE x >= {from:DateTime64(3, 'UTC')} AND x < {until:DateTime64(3, 'UTC')}`;
      const cohorts = `SELECT account_id, toMonday(toDate(min(signed_up_at), {tz:String})) AS cw FROM ${t.cohorts}
        WHERE ${inRange("signed_up_at")} GROUP BY account_id`;
      const sizes = await rowsOf<{ cohort: string; n: string }>(
        `SELECT toString(cw) AS cohort, count() AS n FROM (${cohorts}) GROUP BY cohort`,
        params,
      );
      const rows = await rowsOf<{ cohort: string; week: string | number; n: string }>(
        `SELECT toString(c.cw) AS cohort, intDiv(dateDiff('day', c.cw, a.aw), 7) AS week, count() AS n
         FROM (${cohorts}) AS c
         INNER JOIN (${active}) AS a ON a.account_id = c.account_id
         WHERE a.aw >= c.cw AND intDiv(dateDiff('day', c.cw, a.aw), 7) < {weeks:UInt32}
         GROUP BY cohort, week ORDER BY cohort, week`,
        { ...params, ...local },
      );
      return {
        sizes: new Map(sizes.map((r) => [r.cohort, Number(r.n)])),
        rows: rows.map((r) => ({ cohort: r.cohort, week: Number(r.week), accounts: Number(r.n) })),
      };
    },
    async funnel(q) {
      // A kept funnel over whole local days of a kept zone: its bitmaps; else windowFunnel over the raw events.
      const kept = await funnels.read(q);
      if (kept) return kept;
      const rows = await rowsOf<{ level: string | number; n: string }>(
        rawFunnelQuery(t.events, q.steps.length),
        {
          ...rangeParams(q),
          ...chainParams(q.steps, q.windowMs),
        },
      );
      const reached = new Array<number>(q.steps.length).fill(0);
      for (const r of rows) {
        const level = Number(r.level);
        for (let l = 0; l < level; l++) reached[l] = (reached[l] ?? 0) + Number(r.n);
      }
      return reached;
    },
    eraseAccount(accountId) {
      return serialised(() => erase(accountId));
    },
    resumeErasures() {
      return serialised(resume);
    },
    async eventsOf(accountId, limit) {
      const rows = await rowsOf<ChEventRow>(
        `SELECT * EXCEPT received_at FROM ${t.events} WHERE account_id = {a:String} ORDER BY occurred_at LIMIT {n:UInt32}`,
        { a: accountId, n: limit },
      );
      return rows.map(fromCh);
    },
    ping,
    async close() {
      await client.close();
    },
  };
}
