import { createHash } from "node:crypto";
import type { FunnelDefinition } from "../domain/funnel-definitions.ts";

/**
 * ClickHouse's kept funnels (ANALYTICS_FUNNELS): one AggregatingMergeTree per configured funnel,
 * fed by a materialized view, holding per actor (account, or `device:<id>`) and UTC day the
 * `windowFunnelState` of that day's step events. Merging an actor's states over days is the state
 * of the union of their events (the state is the events' (time, step) list, sorted on finalize), so
 * `windowFunnelMerge` over the whole UTC days of a range plus `windowFunnelState` of the raw events
 * at its ragged ends is exactly `windowFunnel` over the range's raw events — without reading the
 * events table except for those ends (under two days for any zone's local days).
 */

const DAY_MS = 86_400_000;

/** `windowFunnel<combinator>(<ms>, 'strict_increase')`: the same function, mode and window as the raw path. */
const windowFunnel = (f: FunnelDefinition, combinator = "") =>
  `windowFunnel${combinator}(${Math.trunc(f.windowMs)}, 'strict_increase')`;

/** `name = {s0:String}, …`: one condition per step (query parameters `s0`…). */
export const stepConditions = (steps: readonly string[]) =>
  steps.map((_, i) => `name = {s${i}:String}`).join(", ");

export const stepParams = (steps: readonly string[]) =>
  Object.fromEntries(steps.map((s, i) => [`s${i}`, s])) as Record<string, string>;

/** The step events' actor, as the raw path groups them. */
export const FUNNEL_ACTOR = `if(account_id != '', account_id, concat('device:', device_id))`;
const MILLIS = "toUInt64(toUnixTimestamp64Milli(occurred_at))";

/** The kept funnel's table (a stable name per steps and window, so a config change adds a table). */
export function funnelTable(prefix: string, f: FunnelDefinition): string {
  return `${prefix}funnel_${createHash("sha256").update(f.key).digest("hex").slice(0, 12)}`;
}

export function funnelTableDdl(table: string, f: FunnelDefinition, ttlDays: number): string {
  const args = f.steps.map(() => "UInt8").join(", ");
  return `CREATE TABLE IF NOT EXISTS ${table} (day Date, actor String,
    steps AggregateFunction(${windowFunnel(f)}, UInt64, ${args}))
    ENGINE = AggregatingMergeTree PARTITION BY toYYYYMM(day) ORDER BY (day, actor)
    TTL day + INTERVAL ${ttlDays} DAY
    COMMENT '${f.key.replace(/'/g, "")}'`;
}

/**
 * What the view selects from a block of events, and the backfill and the erasure's rebuild from the
 * table. The step names are literals here (a view has no parameters); they are known event names.
 */
export function funnelFeed(events: string, f: FunnelDefinition, where: string): string {
  const literal = (s: string) => `'${s.replace(/[^a-z_]/g, "")}'`;
  const conditions = f.steps.map((s) => `name = ${literal(s)}`).join(", ");
  return `SELECT toDate(occurred_at, 'UTC') AS day, ${FUNNEL_ACTOR} AS actor,
      ${windowFunnel(f, "State")}(${MILLIS}, ${conditions}) AS steps
    FROM ${events}
    WHERE name IN (${[...new Set(f.steps)].map(literal).join(", ")})
      AND (account_id != '' OR device_id != '') AND (${where})
    GROUP BY day, actor`;
}

/**
 * The kept funnel's read for [from, to): states of the whole UTC days inside the range, states of
 * the raw step events outside them (all of the range when it holds no whole UTC day), merged per
 * actor; rows `(level, n)` as the raw path returns them. Parameters: `s0…`, `names`, `from`, `to`,
 * `dlo`/`dhi` (`funnelDays`).
 */
export function keptFunnelQuery(events: string, table: string, f: FunnelDefinition): string {
  const raw = (where: string) => `SELECT ${FUNNEL_ACTOR} AS actor,
      ${windowFunnel(f, "State")}(${MILLIS}, ${stepConditions(f.steps)}) AS steps
    FROM ${events}
    WHERE name IN {names:Array(String)} AND (account_id != '' OR device_id != '') AND (${where})
    GROUP BY actor`;
  const from = "{from:DateTime64(3, 'UTC')}";
  const to = "{to:DateTime64(3, 'UTC')}";
  const lo = "toDateTime64({dlo:String}, 3, 'UTC')";
  const hi = "toDateTime64({dhi:String}, 3, 'UTC')";
  return `SELECT level, count() AS n FROM (
      SELECT actor, ${windowFunnel(f, "Merge")}(steps) AS level FROM (
        SELECT actor, steps FROM ${table} WHERE day >= toDate({dlo:String}) AND day < toDate({dhi:String})
        UNION ALL
        ${raw(`occurred_at >= ${from} AND occurred_at < ${to} AND (occurred_at < ${lo} OR occurred_at >= ${hi})`)}
      ) GROUP BY actor
    ) GROUP BY level`;
}

/**
 * The whole UTC days inside [from, to) as `dlo`..`dhi` (exclusive), ISO dates; an empty span
 * (`dlo` = `dhi` = from's instant day) when there is none, so every event is read raw.
 */
export function funnelDays(from: Date, to: Date): { dlo: string; dhi: string } {
  const lo = Math.ceil(from.getTime() / DAY_MS);
  const hi = Math.floor(to.getTime() / DAY_MS);
  const iso = (d: number) => new Date(d * DAY_MS).toISOString().slice(0, 10);
  return lo < hi ? { dlo: iso(lo), dhi: iso(hi) } : { dlo: iso(lo), dhi: iso(lo) };
}
