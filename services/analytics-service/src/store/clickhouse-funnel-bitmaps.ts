import { createHash } from "node:crypto";
import type { ClickHouseClient } from "@clickhouse/client";
import type { FunnelDefinition } from "../domain/funnel-definitions.ts";
import { todayIn } from "../domain/zoned-range.ts";
import type { FunnelQuery } from "./analytics-store.ts";
import { chainArray, chainParams, chainsSql, dayBuckets, FUNNEL_ACTOR } from "./clickhouse-funnel-chains.ts";
import { wholeLocalDays, zoneLiteral } from "./clickhouse-zone-days.ts";
import type { EventRow } from "./event-row.ts";
import { addDays, lastCut, midnight, startDaysOf } from "./funnel-day-levels.ts";

/**
 * ClickHouse's kept funnels (ANALYTICS_FUNNELS), the same summary as PostgreSQL's `funnel_day_bits`:
 * per funnel an AggregatingMergeTree of, per kept zone, local start day, cut and level, the
 * `groupBitmapState` of the numbers of the actors whose best chain started that day reaches that
 * level with its events cut at the end of day+cut (cuts 0..lastCut). A range of whole local days
 * reads, per level, the cardinality of the OR of its days' bitmaps at the cut its end imposes.
 *
 * The levels come from clickhouse-funnel-chains.ts over the actor's raw events (not a view: a chain
 * spans batches). An upkeep over some events computes levels no higher than the truth (fewer events,
 * shorter chains), and levels only rise as events arrive, so inserts OR into the bitmaps: each batch
 * redoes its actors' start days from the raw events around them. Erasure deletes and rebuilds the
 * touched zone days from the events that remain.
 *
 * Actor numbers (UInt32, dense: small bitmaps) come from `<prefix>funnel_actors`, assigned as the
 * highest + 1, … by one statement. That assumes one writer per store at a time — what the insert's
 * serialised seen-ids check already assumes; two instances numbering at once could give two actors
 * one number (an undercount) — see the issue-19 note.
 */

/** The funnel's bitmap table (a stable name per steps and window, so a config change adds a table). */
export function funnelBitsTable(prefix: string, f: FunnelDefinition): string {
  return `${prefix}funnel_bits_${createHash("sha256").update(f.key).digest("hex").slice(0, 12)}`;
}

/** The windowFunnelState table of the previous version (dropped when a store opens). */
export function retiredFunnelTable(prefix: string, f: FunnelDefinition): string {
  return `${prefix}funnel_${createHash("sha256").update(f.key).digest("hex").slice(0, 12)}`;
}

const DDL = {
  bits: (table: string, f: FunnelDefinition, ttlDays: number) => `CREATE TABLE IF NOT EXISTS ${table} (
      zone LowCardinality(String), day Date, cut UInt8, level UInt8, actors AggregateFunction(groupBitmap, UInt32))
    ENGINE = AggregatingMergeTree PARTITION BY toYYYYMM(day) ORDER BY (zone, day, cut, level)
    TTL day + INTERVAL ${ttlDays} DAY
    COMMENT '${f.key.replace(/'/g, "")}'`,
  actors: (table: string) => `CREATE TABLE IF NOT EXISTS ${table} (actor String, no UInt32)
    ENGINE = ReplacingMergeTree ORDER BY actor`,
};

/** A SQL string literal (actor ids are UUIDs or `device:<id>`; quoted anyway). */
const quote = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
const DAY_MS = 86_400_000;
/** Start days per backfill or rebuild statement. */
const CHUNK_DAYS = 5;
const chTime = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");

/** One funnel's upkeep for some events (`where`) and, per zone, the start days kept (`days`). */
interface Upkeep {
  readonly where: string;
  /** Which actors' numbers to read (an `actor` condition). */
  readonly who: string;
  readonly days?: (zone: string) => string;
}

export interface KeptFunnels {
  /** Creates the tables; builds them from the events when a funnel's table is new and events exist. */
  open(hadEvents: boolean): Promise<void>;
  /** After an insert: the batch's actors' start days, from the raw events around them. */
  afterInsert(rows: readonly EventRow[]): Promise<void>;
  /** Erasure: the zone days holding the removed step rows (UTC dates `dates`) rebuilt; the account's number goes. */
  rebuild(dates: readonly string[]): Promise<void>;
  forget(accountId: string): Promise<void>;
  /** The answer from the bitmaps when `q` is a kept funnel over whole local days of a kept zone. */
  read(q: FunnelQuery): Promise<number[] | undefined>;
  /** The step names of the kept funnels (what an erasure records). */
  readonly steps: readonly string[];
}

export function keptFunnels(opts: {
  client: ClickHouseClient;
  prefix: string;
  events: string;
  funnels: readonly FunnelDefinition[];
  zones: readonly string[];
  ttlDays: number;
}): KeptFunnels {
  const { client, events, zones } = opts;
  const actors = `${opts.prefix}funnel_actors`;
  const kept = opts.funnels.map((f) => ({ f, table: funnelBitsTable(opts.prefix, f) }));
  const command = (query: string, f: FunnelDefinition) =>
    client.command({ query, query_params: chainParams(f.steps, f.windowMs) });

  /** Numbers the actors of the events matching `where` that have none (highest + 1, …). */
  const number = (f: FunnelDefinition, u: Upkeep) =>
    command(
      `INSERT INTO ${actors} (actor, no)
       SELECT actor, (SELECT max(no) FROM ${actors}) + toUInt32(row_number() OVER (ORDER BY actor)) FROM (
         SELECT DISTINCT ${FUNNEL_ACTOR} AS actor FROM ${events}
         WHERE name = {s0:String} AND (account_id != '' OR device_id != '') AND (${u.where})
       ) WHERE actor NOT IN (SELECT actor FROM ${actors} WHERE ${u.who})`,
      f,
    );

  /** Per zone: levels per (actor, start day, cut), into bitmaps of the actors' numbers per level. */
  const feed = (f: FunnelDefinition, zone: string, u: Upkeep) => {
    const z = zoneLiteral(zone);
    const n = f.steps.length;
    // Cuts 0..lastCut (funnel-day-levels.ts): k ≤ 1, or day+k's midnight before day+1's + the window.
    const maxCut = Math.max(1, Math.ceil(f.windowMs / (22 * 3_600_000))) + 1;
    const at = (days: string) => `toUnixTimestamp64Milli(toDateTime64(bucket + ${days}, 3, ${z}))`;
    return `SELECT ${z} AS zone, bucket AS day, cut, arrayJoin(range(1, top + 1)) AS level, groupBitmapState(no) AS actors FROM (
        SELECT actor, bucket, cut, max(arrayCount(t -> t != 0 AND t < ${at("cut + 1")}, ${chainArray(n)})) AS top
        FROM (${chainsSql(events, n, dayBuckets(z), u.where)})
        ARRAY JOIN arrayFilter(k -> k <= 1 OR ${at("k")} < ${at("1")} + {w:Int64}, range(${maxCut + 1})) AS cut
        WHERE ${u.days?.(zone) ?? "1"}
        GROUP BY actor, bucket, cut
      ) AS levels INNER JOIN (SELECT actor, no FROM ${actors} WHERE ${u.who}) AS numbers USING actor
      GROUP BY day, cut, level`;
  };

  /** The funnel's bitmaps for the upkeep's events: numbers first, then every zone in one insert. */
  const build = async (f: FunnelDefinition, table: string, u: Upkeep) => {
    await number(f, u);
    await command(`INSERT INTO ${table} ${zones.map((z) => feed(f, z, u)).join(" UNION ALL ")}`, f);
  };

  /**
   * The funnel's start days [first, last] (dates, in every zone; `only`: those among `days` that
   * `keep` accepts, a `bucket` condition per zone) built from the events, CHUNK_DAYS at a time: each
   * statement reads a bounded span (a backfill of months stays under the client's timeout).
   */
  const buildDays = async (
    f: FunnelDefinition,
    table: string,
    first: string,
    last: string,
    only?: { days: readonly string[]; keep: (zone: string) => string },
  ) => {
    for (let lo = first; lo <= last; lo = addDays(lo, CHUNK_DAYS)) {
      const hi = addDays(lo, CHUNK_DAYS);
      if (only && !only.days.some((d) => d >= lo && d < hi)) continue;
      // Any zone's local day d lies within a day of UTC day d: the span holds every chain's events.
      const from = midnight(addDays(lo, -1), "UTC");
      const to = midnight(addDays(hi, 1), "UTC") + f.windowMs;
      await build(f, table, {
        where: `occurred_at >= toDateTime64('${chTime(from)}', 3, 'UTC') AND occurred_at <= toDateTime64('${chTime(to)}', 3, 'UTC')`,
        who: "1",
        days: (zone) =>
          `bucket >= toDate('${lo}') AND bucket < toDate('${hi}') AND (${only?.keep(zone) ?? "1"})`,
      });
    }
  };

  const exists = async (table: string) => {
    const result = await client.query({ query: `EXISTS TABLE ${table}`, format: "JSONEachRow" });
    const [row] = await result.json<{ result: number | string }>();
    return Number(row?.result) === 1;
  };

  const names = [...new Set(opts.funnels.flatMap((f) => f.steps))];
  return {
    steps: names,
    async open(hadEvents) {
      await client.command({ query: DDL.actors(actors) });
      for (const { f, table } of kept) {
        const retired = retiredFunnelTable(opts.prefix, f);
        await client.command({ query: `DROP VIEW IF EXISTS ${retired}_mv` });
        await client.command({ query: `DROP TABLE IF EXISTS ${retired}` });
        const fresh = !(await exists(table));
        await client.command({ query: DDL.bits(table, f, opts.ttlDays) });
        if (!fresh || !hadEvents) continue;
        const [span] = await (
          await client.query({
            query: `SELECT toString(toDate(min(occurred_at))) AS lo, toString(toDate(max(occurred_at))) AS hi, count() AS n
              FROM ${events} WHERE name = {s0:String}`,
            query_params: { s0: f.steps[0] },
            format: "JSONEachRow",
          })
        ).json<{ lo: string; hi: string; n: string }>();
        if (span && Number(span.n) > 0) await buildDays(f, table, addDays(span.lo, -1), addDays(span.hi, 1));
      }
    },
    async afterInsert(rows) {
      const steps = rows.filter((r) => names.includes(r.name) && (r.accountId || r.deviceId));
      if (kept.length === 0 || steps.length === 0) return;
      // The span of the start days the batch's events may belong to, in every zone and funnel.
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const r of steps)
        for (const { f } of kept)
          for (const zone of zones) {
            const days = startDaysOf(r.occurredAt.getTime(), zone, f.windowMs);
            lo = Math.min(lo, midnight(days[0] as string, zone));
            hi = Math.max(hi, midnight(addDays(days.at(-1) as string, 1), zone) + f.windowMs);
          }
      const list = [...new Set(steps.map((r) => r.accountId ?? `device:${r.deviceId}`))]
        .map(quote)
        .join(", ");
      const u: Upkeep = {
        where: `${FUNNEL_ACTOR} IN (${list}) AND occurred_at >= toDateTime64('${chTime(lo)}', 3, 'UTC')
          AND occurred_at <= toDateTime64('${chTime(hi)}', 3, 'UTC')`,
        who: `actor IN (${list})`,
      };
      for (const { f, table } of kept) await build(f, table, u);
    },
    async rebuild(dates) {
      if (kept.length === 0 || dates.length === 0) return;
      for (const { f, table } of kept) {
        // Per zone, the start days whose chains an event on those UTC dates may belong to.
        const touched = new Map<string, string[]>();
        for (const zone of zones) {
          const days = new Set<string>();
          for (const date of dates) {
            const start = Date.parse(`${date}T00:00:00Z`);
            for (
              let d = todayIn(new Date(start - f.windowMs), zone);
              d <= todayIn(new Date(start + DAY_MS - 1), zone);
              d = addDays(d, 1)
            )
              days.add(d);
          }
          touched.set(zone, [...days].sort());
        }
        const all = [...touched.values()].flat().sort();
        const dayList = (zone: string) => (touched.get(zone) ?? []).map((d) => `'${d}'`).join(", ");
        for (const zone of zones)
          await client.command({
            query: `DELETE FROM ${table} WHERE zone = ${zoneLiteral(zone)} AND day IN (${dayList(zone)})`,
          });
        await buildDays(f, table, all[0] as string, all.at(-1) as string, {
          days: all,
          keep: (zone) => `bucket IN (${dayList(zone)})`,
        });
      }
    },
    async forget(accountId) {
      await client.command({
        query: `DELETE FROM ${actors} WHERE actor = {a:String}`,
        query_params: { a: accountId },
      });
    },
    async read(q) {
      const keep = kept.find(({ f }) => f.windowMs === q.windowMs && f.steps.join(">") === q.steps.join(">"));
      const days = keep && zones.includes(q.timeZone) ? wholeLocalDays(q.from, q.to, q.timeZone) : undefined;
      if (!keep || !days) return undefined;
      const end = addDays(days.dhi, -1);
      const wanted: string[] = [];
      for (let d = days.dlo; d <= end; d = addDays(d, 1)) {
        const toEnd = Math.round((Date.parse(end) - Date.parse(d)) / DAY_MS);
        wanted.push(`('${d}', ${Math.min(toEnd, lastCut(d, q.timeZone, q.windowMs))})`);
      }
      const rows = await (
        await client.query({
          query: `SELECT level, groupBitmapMerge(actors) AS n FROM ${keep.table}
            WHERE zone = {tz:String} AND day >= toDate({dlo:String}) AND day < toDate({dhi:String})
              AND (day, cut) IN (${wanted.join(", ")})
            GROUP BY level`,
          query_params: { tz: q.timeZone, ...days },
          format: "JSONEachRow",
        })
      ).json<{ level: number | string; n: number | string }>();
      const reached = new Array<number>(q.steps.length).fill(0);
      for (const r of rows) reached[Number(r.level) - 1] = Number(r.n);
      return reached;
    },
  };
}
