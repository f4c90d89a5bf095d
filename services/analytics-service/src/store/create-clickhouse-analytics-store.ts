import { createClient } from "@clickhouse/client";
import { UnavailableError } from "@nova/errors";
import type { AnalyticsStore, Granularity, ZonedRange } from "./analytics-store.ts";
import { type EventRow, rollupDeltas } from "./event-row.ts";

export interface ClickHouseAnalyticsStoreOptions {
  url: string;
  /** Table name prefix (tests use their own); default `analytics_`. */
  prefix?: string;
  /** TTL of raw events in days; default 400. */
  ttlDays?: number;
}

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

/**
 * The production store on ClickHouse. Raw events in a MergeTree partitioned by day with a TTL;
 * materialized views keep hourly rollups as they are inserted (active accounts in a
 * ReplacingMergeTree, counts in SummingMergeTrees; reads always `sum`/`uniqExact`, so unmerged
 * parts never change an answer). Dedup by id through a ReplacingMergeTree of seen ids checked
 * before each batch (inserts are serialised per instance). Erasure: the account's rows' negative
 * counts go into the summing rollups, then lightweight DELETEs remove the rows.
 */
export async function createClickHouseAnalyticsStore(
  opts: ClickHouseAnalyticsStoreOptions,
): Promise<AnalyticsStore> {
  const p = opts.prefix ?? "analytics_";
  if (!PREFIX.test(p)) throw new Error(`invalid ClickHouse table prefix: ${p}`);
  const ttl = Math.trunc(opts.ttlDays ?? 400);
  const t = {
    events: `${p}events`,
    ids: `${p}event_ids`,
    active: `${p}active_hours`,
    metrics: `${p}metric_hours`,
    subjects: `${p}subject_hours`,
    posts: `${p}posts`,
  };
  const client = createClient({
    url: opts.url,
    request_timeout: 30_000,
    clickhouse_settings: { output_format_json_quote_64bit_integers: 1 },
  });
  const ping = async () => {
    const result = await client.ping();
    if (!result.success) throw new UnavailableError(`ClickHouse at ${opts.url} does not answer`);
  };
  const ddl = [
    `CREATE TABLE IF NOT EXISTS ${t.events} (
      id String, name LowCardinality(String), account_id String, device_id String, session_id String,
      occurred_at DateTime64(3, 'UTC'), received_at DateTime64(3, 'UTC') DEFAULT now64(3),
      post_id String, target_account_id String, surface LowCardinality(String),
      source LowCardinality(String), properties String,
      INDEX account_idx account_id TYPE bloom_filter GRANULARITY 4,
      INDEX target_idx target_account_id TYPE bloom_filter GRANULARITY 4
    ) ENGINE = MergeTree PARTITION BY toDate(occurred_at) ORDER BY (name, occurred_at, id)
      TTL toDateTime(occurred_at) + INTERVAL ${ttl} DAY`,
    `CREATE TABLE IF NOT EXISTS ${t.ids} (id String, occurred_at DateTime64(3, 'UTC'))
      ENGINE = ReplacingMergeTree ORDER BY id TTL toDateTime(occurred_at) + INTERVAL ${ttl} DAY`,
    `CREATE TABLE IF NOT EXISTS ${t.active} (hour DateTime('UTC'), account_id String)
      ENGINE = ReplacingMergeTree PARTITION BY toYYYYMM(hour) ORDER BY (hour, account_id)`,
    `CREATE TABLE IF NOT EXISTS ${t.metrics} (hour DateTime('UTC'), name LowCardinality(String),
      surface LowCardinality(String), count Int64)
      ENGINE = SummingMergeTree(count) PARTITION BY toYYYYMM(hour) ORDER BY (hour, name, surface)`,
    `CREATE TABLE IF NOT EXISTS ${t.subjects} (subject_id String, name LowCardinality(String),
      hour DateTime('UTC'), count Int64)
      ENGINE = SummingMergeTree(count) ORDER BY (subject_id, name, hour)`,
    `CREATE TABLE IF NOT EXISTS ${t.posts} (author_id String, post_id String)
      ENGINE = ReplacingMergeTree ORDER BY (author_id, post_id)`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${t.active}_mv TO ${t.active} AS
      SELECT toDateTime(toStartOfHour(occurred_at), 'UTC') AS hour, account_id
      FROM ${t.events} WHERE account_id != ''`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${t.metrics}_mv TO ${t.metrics} AS
      SELECT toDateTime(toStartOfHour(occurred_at), 'UTC') AS hour, name, surface, toInt64(count()) AS count
      FROM ${t.events} GROUP BY hour, name, surface`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${t.subjects}_mv TO ${t.subjects} AS
      SELECT multiIf(name IN ('post_impression', 'post_open', 'like', 'comment', 'repost'), post_id,
                     name IN ('follow', 'unfollow'), target_account_id, '') AS subject_id,
             name, toDateTime(toStartOfHour(occurred_at), 'UTC') AS hour, toInt64(count()) AS count
      FROM ${t.events} WHERE subject_id != '' GROUP BY subject_id, name, hour`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${t.posts}_mv TO ${t.posts} AS
      SELECT account_id AS author_id, post_id FROM ${t.events}
      WHERE name = 'post' AND account_id != '' AND post_id != ''`,
  ];
  try {
    await ping();
    for (const query of ddl) await client.command({ query });
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
        return fresh.length;
      });
    },
    async activeUsers(range, granularity) {
      const rows = await rowsOf<{ start: string; n: string }>(
        `SELECT toString(${BUCKET[granularity]("hour")}) AS start, uniqExact(account_id) AS n
         FROM ${t.active} WHERE ${inRange("hour")} GROUP BY start ORDER BY start`,
        rangeParams(range),
      );
      return rows.map((r) => ({ start: r.start, activeUsers: Number(r.n) }));
    },
    async distinctActive(range) {
      const [row] = await rowsOf<{ n: string }>(
        `SELECT uniqExact(account_id) AS n FROM ${t.active} WHERE ${inRange("hour")}`,
        rangeParams(range),
      );
      return Number(row?.n ?? 0);
    },
    async metricsByDay(range, names) {
      if (names.length === 0) return [];
      const rows = await rowsOf<{ day: string; name: string; surface: string; n: string }>(
        `SELECT toString(toDate(hour, {tz:String})) AS day, name, surface, sum(count) AS n
         FROM ${t.metrics} WHERE ${inRange("hour")} AND name IN {names:Array(String)}
         GROUP BY day, name, surface HAVING n != 0 ORDER BY day, name, surface`,
        { ...rangeParams(range), names: [...names] },
      );
      return rows.map((r) => ({ day: r.day, name: r.name, surface: r.surface, count: Number(r.n) }));
    },
    async subjectsByDay(range, subjectIds, names) {
      if (subjectIds.length === 0 || names.length === 0) return [];
      const rows = await rowsOf<{ subject_id: string; day: string; name: string; n: string }>(
        `SELECT subject_id, toString(toDate(hour, {tz:String})) AS day, name, sum(count) AS n
         FROM ${t.subjects}
         WHERE subject_id IN {ids:Array(String)} AND name IN {names:Array(String)} AND ${inRange("hour")}
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
      const params = {
        ...rangeParams(range),
        until: chTime(new Date(range.to.getTime() + weeks * 7 * 86_400_000)),
        weeks,
      };
      const signups = `SELECT account_id, toMonday(toDate(occurred_at, {tz:String})) AS cw FROM ${t.events}
        WHERE name = 'signup' AND account_id != '' AND ${inRange("occurred_at")}`;
      const sizes = await rowsOf<{ cohort: string; n: string }>(
        `SELECT toString(cw) AS cohort, uniqExact(account_id) AS n FROM (${signups}) GROUP BY cohort`,
        params,
      );
      const rows = await rowsOf<{ cohort: string; week: string | number; n: string }>(
        `SELECT toString(s.cw) AS cohort, intDiv(dateDiff('day', s.cw, a.aw), 7) AS week,
                uniqExact(s.account_id) AS n
         FROM (${signups}) AS s
         INNER JOIN (
           SELECT DISTINCT account_id, toMonday(toDate(hour, {tz:String})) AS aw FROM ${t.active}
           WHERE hour >= {from:DateTime64(3, 'UTC')} AND hour < {until:DateTime64(3, 'UTC')}
             AND account_id IN (SELECT account_id FROM (${signups}))
         ) AS a ON a.account_id = s.account_id
         WHERE a.aw >= s.cw AND intDiv(dateDiff('day', s.cw, a.aw), 7) < {weeks:UInt32}
         GROUP BY cohort, week ORDER BY cohort, week`,
        params,
      );
      return {
        sizes: new Map(sizes.map((r) => [r.cohort, Number(r.n)])),
        rows: rows.map((r) => ({ cohort: r.cohort, week: Number(r.week), accounts: Number(r.n) })),
      };
    },
    async funnel(q) {
      const steps = Object.fromEntries(q.steps.map((s, i) => [`s${i}`, s]));
      const conditions = q.steps.map((_, i) => `name = {s${i}:String}`).join(", ");
      const rows = await rowsOf<{ level: string | number; n: string }>(
        `SELECT level, count() AS n FROM (
           SELECT if(account_id != '', account_id, concat('device:', device_id)) AS actor,
                  windowFunnel({w:UInt64}, 'strict_increase')(toUInt64(toUnixTimestamp64Milli(occurred_at)), ${conditions}) AS level
           FROM ${t.events}
           WHERE name IN {names:Array(String)} AND ${inRange("occurred_at")}
             AND (account_id != '' OR device_id != '')
           GROUP BY actor
         ) GROUP BY level`,
        { ...rangeParams(q), ...steps, names: [...q.steps], w: q.windowMs },
      );
      const reached = new Array<number>(q.steps.length).fill(0);
      for (const r of rows) {
        const level = Number(r.level);
        for (let l = 0; l < level; l++) reached[l] = (reached[l] ?? 0) + Number(r.n);
      }
      return reached;
    },
    eraseAccount(accountId) {
      return serialised(async () => {
        const who = `(account_id = {a:String} OR target_account_id = {a:String})`;
        const removed = (
          await rowsOf<ChEventRow>(`SELECT * EXCEPT received_at FROM ${t.events} WHERE ${who}`, {
            a: accountId,
          })
        ).map(fromCh);
        const posts = (
          await rowsOf<{ post_id: string }>(
            `SELECT DISTINCT post_id FROM ${t.posts} WHERE author_id = {a:String}`,
            {
              a: accountId,
            },
          )
        ).map((r) => r.post_id);
        if (removed.length > 0) {
          const d = rollupDeltas(removed, -1);
          const hour = (h: Date) => chTime(h).slice(0, 19);
          await client.insert({
            table: t.metrics,
            format: "JSONEachRow",
            values: d.metrics.map((m) => ({ ...m, hour: hour(m.hour) })),
          });
          if (d.subjects.length > 0)
            await client.insert({
              table: t.subjects,
              format: "JSONEachRow",
              values: d.subjects.map((s) => ({
                subject_id: s.subjectId,
                name: s.name,
                count: s.count,
                hour: hour(s.hour),
              })),
            });
          await client.command({
            query: `DELETE FROM ${t.events} WHERE ${who}`,
            query_params: { a: accountId },
          });
        }
        await client.command({
          query: `DELETE FROM ${t.active} WHERE account_id = {a:String}`,
          query_params: { a: accountId },
        });
        await client.command({
          query: `DELETE FROM ${t.subjects} WHERE subject_id IN {ids:Array(String)}`,
          query_params: { ids: [accountId, ...posts] },
        });
        await client.command({
          query: `DELETE FROM ${t.posts} WHERE author_id = {a:String}`,
          query_params: { a: accountId },
        });
        return removed.length;
      });
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
