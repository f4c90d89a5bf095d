import type { Database } from "@nova/db";
import { type SQL, sql } from "drizzle-orm";
import { events, FUNNEL_CHUNK_BITS, funnelActors, funnelDayBits, funnelRollups } from "../db/schema/index.ts";
import type { FunnelDefinition } from "../domain/funnel-definitions.ts";
import { todayIn } from "../domain/zoned-range.ts";
import { lockActiveRollups } from "./active-windows.ts";
import type { ZonedRange } from "./analytics-store.ts";
import type { EventRow } from "./event-row.ts";
import { addDays, dayLevels, lastCut, midnight, type StepEvent, startDaysOf } from "./funnel-day-levels.ts";
import { periodsOf } from "./zone-periods.ts";

type Executor = Pick<Database, "execute">;

async function rowsOf<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** A kept funnel in one zone (a `funnel_rollups` row). */
interface Pair {
  readonly funnel: string;
  readonly zone: string;
  readonly steps: readonly string[];
  readonly windowMs: number;
}

/** One actor's levels for one pair and local start day (see dayLevels). */
interface DayLevels {
  readonly actor: string;
  readonly pair: Pair;
  readonly day: string;
  readonly levels: readonly number[];
}

const BYTES = FUNNEL_CHUNK_BITS / 8;
/** Statement sizes that stay far below PostgreSQL's 65,535 parameters. */
const ROWS_PER_STATEMENT = 200;
const ACTORS_PER_STATEMENT = 5000;

/** The event's actor as the funnel counts it (`events_funnel_idx`'s expression). */
const actorOf = (r: EventRow) => r.accountId ?? (r.deviceId ? `device:${r.deviceId}` : undefined);
const ACTOR = sql.raw(`coalesce(account_id, 'device:' || device_id)`);

function* chunked<T>(list: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}

async function listedPairs(tx: Executor): Promise<Pair[]> {
  const rows = await rowsOf<{
    funnel: string;
    zone: string;
    steps: string[] | string;
    window_ms: number | string;
  }>(tx, sql`select funnel, zone, steps, window_ms from ${funnelRollups} order by funnel, zone`);
  return rows.map((r) => ({
    funnel: r.funnel,
    zone: r.zone,
    // PGlite answers text[] as an array, postgres.js too; a driver answering '{a,b}' is handled.
    steps: Array.isArray(r.steps) ? r.steps : r.steps.replace(/^\{|\}$/g, "").split(","),
    windowMs: Number(r.window_ms),
  }));
}

/** The actors' numbers; `create` ones without one get the next free numbers (the highest + 1, …). */
async function actorNumbers(
  tx: Executor,
  actors: readonly string[],
  create: ReadonlySet<string>,
  known?: ReadonlyMap<string, number>,
): Promise<Map<string, number>> {
  // `known`: the numbers already read with the actors' events (then those not in it have none).
  const numbers = new Map<string, number>(known ?? []);
  for (const part of known ? [] : chunked(actors, ACTORS_PER_STATEMENT)) {
    const known = await rowsOf<{ actor: string; actor_no: number }>(
      tx,
      sql`select actor, actor_no from ${funnelActors} where actor in (${sql.join(
        part.map((a) => sql`${a}`),
        sql`, `,
      )})`,
    );
    for (const k of known) numbers.set(k.actor, Number(k.actor_no));
  }
  const missing = actors.filter((a) => create.has(a) && !numbers.has(a));
  for (const part of chunked(missing, ACTORS_PER_STATEMENT)) {
    const added = await rowsOf<{ actor: string; actor_no: number }>(
      tx,
      sql`insert into ${funnelActors} (actor, actor_no)
          select v.actor, b.top + v.ord from (values ${sql.join(
            part.map((a, i) => sql`(${a}, ${i + 1}::int)`),
            sql`, `,
          )}) v(actor, ord), (select coalesce(max(actor_no), -1) as top from ${funnelActors}) b
          returning actor, actor_no`,
    );
    for (const a of added) numbers.set(a.actor, Number(a.actor_no));
  }
  return numbers;
}

interface Masks {
  readonly pair: Pair;
  readonly day: string;
  readonly cut: number;
  readonly level: number;
  readonly chunk: number;
  readonly set: Uint8Array;
  readonly clear: Uint8Array;
}

/**
 * Writes the actors' bits for the (pair, day) entries: bit set in (day, cut, level) when the level
 * at that cut reaches `level`, cleared otherwise. One statement per ROWS_PER_STATEMENT rows:
 * existing rows become (bits | set) & ~clear, missing ones with any bit set are inserted.
 */
async function writeLevels(
  tx: Executor,
  entries: readonly DayLevels[],
  known?: ReadonlyMap<string, number>,
): Promise<void> {
  if (entries.length === 0) return;
  const needed = new Set(entries.filter((e) => e.levels.some((l) => l > 0)).map((e) => e.actor));
  const numbers = await actorNumbers(tx, [...new Set(entries.map((e) => e.actor))], needed, known);
  const masks = new Map<string, Masks>();
  for (const e of entries) {
    const no = numbers.get(e.actor);
    if (no === undefined) continue; // never numbered: it has no bits to clear
    const chunk = Math.floor(no / FUNNEL_CHUNK_BITS);
    const bit = no % FUNNEL_CHUNK_BITS;
    e.levels.forEach((reached, cut) => {
      for (let level = 1; level <= e.pair.steps.length; level++) {
        const key = `${e.pair.funnel}|${e.pair.zone}|${e.day}|${cut}|${level}|${chunk}`;
        let m = masks.get(key);
        if (!m) {
          m = {
            pair: e.pair,
            day: e.day,
            cut,
            level,
            chunk,
            set: new Uint8Array(BYTES),
            clear: new Uint8Array(BYTES),
          };
          masks.set(key, m);
        }
        // Bit strings number their bits from the left: bit 0 is the first byte's high bit.
        const target = reached >= level ? m.set : m.clear;
        target[bit >> 3] = (target[bit >> 3] as number) | (0x80 >> (bit & 7));
      }
    });
  }
  const bits = (b: Uint8Array) =>
    sql`('x' || ${Buffer.from(b).toString("hex")})::bit(${sql.raw(String(FUNNEL_CHUNK_BITS))})`;
  for (const part of chunked([...masks.values()], ROWS_PER_STATEMENT)) {
    const values = sql.join(
      part.map(
        (m) =>
          sql`(${m.pair.funnel}, ${m.pair.zone}, ${m.day}::date, ${m.cut}::smallint, ${m.level}::smallint, ${m.chunk}::int, ${bits(m.set)}, ${bits(m.clear)})`,
      ),
      sql`, `,
    );
    const same = sql`t.funnel = v.funnel and t.zone = v.zone and t.day = v.day and t.cut = v.cut and t.level = v.level and t.chunk = v.chunk`;
    await tx.execute(sql`
      with v(funnel, zone, day, cut, level, chunk, s, c) as (values ${values}),
      updated as (
        update ${funnelDayBits} t set bits = (t.bits | v.s) & ~v.c from v where ${same}
        returning t.funnel, t.zone, t.day, t.cut, t.level, t.chunk
      )
      insert into ${funnelDayBits} (funnel, zone, day, cut, level, chunk, bits)
      select v.funnel, v.zone, v.day, v.cut, v.level, v.chunk, v.s from v
      where bit_count(v.s) > 0 and not exists (select 1 from updated t where ${same})`);
  }
}

/**
 * The per-actor lookups below need statistics that say an actor is selective; without them the
 * planner reads every step event of the range per actor (`events_name_time_idx`). PGlite runs no
 * autovacuum: this analyzes the events as autovacuum would (50 + 10 % of the rows changed since);
 * on PostgreSQL autovacuum has usually done it already.
 */
async function analyzeWhenStale(tx: Executor): Promise<void> {
  const [table] = await rowsOf<{ stale: boolean }>(
    tx,
    sql`select n_mod_since_analyze > 50 + 0.1 * n_live_tup as stale from pg_stat_user_tables
        where relid = 'analytics_service.events'::regclass`,
  );
  if (table?.stale) await tx.execute(sql`analyze ${events}`);
}

/**
 * Ingest and erasure upkeep (same transaction, under lockActiveRollups): for every kept pair and
 * every actor with a step event among `touched` (new rows, or rows just deleted), the local start
 * days whose chains that event may belong to are recomputed from the actor's raw events (one
 * `events_funnel_idx` range per actor) and its bits set or cleared. Late, out-of-order and erased
 * events are thereby handled alike.
 */
export async function refreshFunnelRollups(tx: Executor, touched: readonly EventRow[]): Promise<void> {
  if (touched.length === 0) return;
  const pairs = await listedPairs(tx);
  const names = new Set(pairs.flatMap((p) => p.steps));
  const work = new Map<string, { lo: number; hi: number; days: Map<Pair, Set<string>> }>();
  for (const r of touched) {
    const actor = actorOf(r);
    if (!actor || !names.has(r.name)) continue;
    for (const pair of pairs) {
      if (!pair.steps.includes(r.name)) continue;
      let w = work.get(actor);
      if (!w) {
        w = { lo: Number.POSITIVE_INFINITY, hi: Number.NEGATIVE_INFINITY, days: new Map() };
        work.set(actor, w);
      }
      let days = w.days.get(pair);
      if (!days) {
        days = new Set();
        w.days.set(pair, days);
      }
      for (const day of startDaysOf(r.occurredAt.getTime(), pair.zone, pair.windowMs)) {
        if (days.has(day)) continue;
        days.add(day);
        w.lo = Math.min(w.lo, midnight(day, pair.zone));
        w.hi = Math.max(w.hi, midnight(addDays(day, 1), pair.zone) + pair.windowMs);
      }
    }
  }
  if (work.size === 0) return;
  await analyzeWhenStale(tx);
  const own = new Map<string, StepEvent[]>();
  const known = new Map<string, number>();
  for (const part of chunked([...work], ROWS_PER_STATEMENT)) {
    // One index range per actor (the lateral subquery, kept apart by `offset 0`, is not flattened
    // into a hash join over every step event), and the actor's number on the way.
    const rows = await rowsOf<{
      actor: string;
      actor_no: number | null;
      name: string | null;
      at: number | string | null;
    }>(
      tx,
      sql`select a.actor, n.actor_no, e.name, (extract(epoch from e.occurred_at) * 1000)::float8 as at
          from (values ${sql.join(
            part.map(
              ([actor, w]) =>
                sql`(${actor}, ${new Date(w.lo).toISOString()}::timestamptz, ${new Date(w.hi).toISOString()}::timestamptz)`,
            ),
            sql`, `,
          )}) a(actor, lo, hi)
          left join ${funnelActors} n on n.actor = a.actor
          left join lateral (
            select name, occurred_at from ${events}
            where name in (${sql.join(
              [...names].map((n) => sql`${n}`),
              sql`, `,
            )}) and ${ACTOR} = a.actor and occurred_at >= a.lo and occurred_at <= a.hi
            offset 0
          ) e on true
          order by a.actor, e.occurred_at`,
    );
    for (const r of rows) {
      const list = own.get(r.actor) ?? [];
      if (r.name !== null) list.push({ name: r.name, at: Number(r.at) });
      own.set(r.actor, list);
      if (r.actor_no !== null) known.set(r.actor, Number(r.actor_no));
    }
  }
  const entries: DayLevels[] = [];
  for (const [actor, w] of work)
    for (const [pair, days] of w.days)
      for (const day of days)
        entries.push({
          actor,
          pair,
          day,
          levels: dayLevels(own.get(actor) ?? [], day, pair.zone, pair.steps, pair.windowMs),
        });
  await writeLevels(tx, entries, known);
}

/** Erasure upkeep, after refreshFunnelRollups of the removed rows: the actor's number goes, its bit cleared everywhere. */
export async function eraseFunnelActor(tx: Executor, actor: string): Promise<void> {
  const [row] = await rowsOf<{ actor_no: number }>(
    tx,
    sql`delete from ${funnelActors} where actor = ${actor} returning actor_no`,
  );
  if (!row) return;
  const no = Number(row.actor_no);
  await tx.execute(sql`update ${funnelDayBits} set bits = set_bit(bits, ${no % FUNNEL_CHUNK_BITS}, 0)
      where chunk = ${Math.floor(no / FUNNEL_CHUNK_BITS)} and get_bit(bits, ${no % FUNNEL_CHUNK_BITS}) = 1`);
}

/**
 * Makes every funnel × zone a kept pair: the pairs not yet listed are listed and built from the
 * events already stored (one read of the funnel's step events, ordered by actor and time), under
 * the rollups' lock so that no insert is half-counted. Safe from several instances (the listing is
 * the claim).
 */
export async function ensureFunnelRollups(
  db: Database,
  funnels: readonly FunnelDefinition[],
  zones: readonly string[],
): Promise<void> {
  for (const f of funnels) {
    await db.transaction(async (tx) => {
      await lockActiveRollups(tx);
      const claimed = await rowsOf<{ zone: string }>(
        tx,
        sql`insert into ${funnelRollups} (funnel, zone, steps, window_ms) values ${sql.join(
          zones.map((z) => sql`(${f.key}, ${z}, ${`{${f.steps.join(",")}}`}::text[], ${f.windowMs})`),
          sql`, `,
        )} on conflict do nothing returning zone`,
      );
      if (claimed.length === 0) return;
      const pairs = claimed.map((c) => ({
        funnel: f.key,
        zone: c.zone,
        steps: f.steps,
        windowMs: f.windowMs,
      }));
      const rows = await rowsOf<{ actor: string; name: string; at: number | string }>(
        tx,
        sql`select ${ACTOR} as actor, name, (extract(epoch from occurred_at) * 1000)::float8 as at
            from ${events}
            where name in (${sql.join(
              [...new Set(f.steps)].map((n) => sql`${n}`),
              sql`, `,
            )}) and (account_id is not null or device_id is not null)
            order by 1, occurred_at`,
      );
      let entries: DayLevels[] = [];
      for (let i = 0; i < rows.length; ) {
        const actor = rows[i]?.actor as string;
        const own: StepEvent[] = [];
        for (; i < rows.length && rows[i]?.actor === actor; i++)
          own.push({ name: rows[i]?.name as string, at: Number(rows[i]?.at) });
        for (const pair of pairs) {
          const days = new Set(
            own.filter((e) => e.name === f.steps[0]).map((e) => todayIn(new Date(e.at), pair.zone)),
          );
          for (const day of days)
            entries.push({ actor, pair, day, levels: dayLevels(own, day, pair.zone, f.steps, f.windowMs) });
        }
        if (entries.length >= 20_000) {
          await writeLevels(tx, entries);
          entries = [];
        }
      }
      await writeLevels(tx, entries);
    });
  }
}

/**
 * The funnel of a kept pair over whole local days: per level, the popcount of the OR of each
 * start day's bitset at the cut the range's end imposes (min(days to the end, lastCut)).
 */
export async function funnelFromRollups(
  db: Executor,
  f: FunnelDefinition,
  range: ZonedRange,
): Promise<number[]> {
  const days = periodsOf(range, "day").map((p) => p.date);
  const end = days.at(-1) as string;
  const dayCount = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
  const wanted = days.map(
    (d) => sql`(${d}::date, ${Math.min(dayCount(d, end), lastCut(d, range.timeZone, f.windowMs))}::smallint)`,
  );
  const rows = await rowsOf<{ level: number | string; n: number | string }>(
    db,
    sql`select level, sum(bit_count(b)) as n from (
          select level, chunk, bit_or(bits) as b from ${funnelDayBits}
          where funnel = ${f.key} and zone = ${range.timeZone}
            and day >= ${days[0]}::date and day <= ${end}::date
            and (day, cut) in (values ${sql.join(wanted, sql`, `)})
          group by level, chunk) x
        group by level`,
  );
  const reached = new Array<number>(f.steps.length).fill(0);
  for (const r of rows) reached[Number(r.level) - 1] = Number(r.n);
  return reached;
}

/** Whether the range is whole local days of its zone (what zonedRange gives; the rollups hold nothing finer). */
export function wholeLocalDays(range: ZonedRange): boolean {
  const days = periodsOf(range, "day");
  return (
    days.length > 0 && days.every((d) => d.whole) && todayIn(range.from, range.timeZone) === days[0]?.date
  );
}
