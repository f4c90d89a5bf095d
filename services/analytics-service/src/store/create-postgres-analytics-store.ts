import type { Database } from "@nova/db";
import { inArray, sql } from "drizzle-orm";
import {
  activeAccounts,
  activeHours,
  authorPosts,
  events,
  metricQuarters,
  subjectQuarters,
} from "../db/schema/index.ts";
import { type FunnelDefinition, funnelKey } from "../domain/funnel-definitions.ts";
import { eraseSpans, spanBuckets, spanDistinct, spanRetention, touchSpans } from "./account-spans.ts";
import { distinctActiveAccounts, touchActiveAccounts } from "./active-accounts.ts";
import {
  addToActiveWindows,
  dailyActive,
  hourAligned,
  lockActiveRollups,
  removeFromActiveWindows,
} from "./active-windows.ts";
import type { AnalyticsStore, ZonedRange } from "./analytics-store.ts";
import { type EventRow, type RollupDeltas, rollupDeltas } from "./event-row.ts";
import { funnelLevels } from "./funnel-levels.ts";
import {
  ensureFunnelRollups,
  eraseFunnelActor,
  funnelFromRollups,
  refreshFunnelRollups,
  wholeLocalDays,
} from "./funnel-rollups.ts";
import { forgetAllPeriods, forgetPeriods } from "./period-cache.ts";
import {
  addRetention,
  ensureRollupZones,
  eraseRetention,
  eraseZonePeriods,
  retractMovedCohorts,
  touchZonePeriods,
  zoneBuckets,
  zoneDistinct,
  zoneRetentionCells,
} from "./zone-periods.ts";

type Executor = Pick<Database, "execute">;

/** Rows of a raw query on either driver (postgres.js answers an array, PGlite `{ rows }`). */
async function rowsOf<T>(db: Executor, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

type RawRow = {
  id: string;
  name: string;
  account_id: string | null;
  device_id: string | null;
  session_id: string | null;
  occurred_at: string | Date;
  post_id: string | null;
  target_account_id: string | null;
  surface: string | null;
  source: string;
  properties: unknown;
};

function fromRaw(r: RawRow): EventRow {
  return {
    id: r.id,
    name: r.name,
    accountId: r.account_id,
    deviceId: r.device_id,
    sessionId: r.session_id,
    occurredAt: new Date(r.occurred_at),
    postId: r.post_id,
    targetAccountId: r.target_account_id,
    surface: r.surface,
    source: r.source === "domain" ? "domain" : "client",
    properties: (typeof r.properties === "string" ? JSON.parse(r.properties) : r.properties) as Record<
      string,
      unknown
    >,
  };
}

/** Adds (or, with negative counts, takes away) rollup deltas inside `tx`. */
async function applyDeltas(tx: Database, d: RollupDeltas, addActive: boolean): Promise<void> {
  if (addActive && d.active.length > 0) {
    const fresh = await tx
      .insert(activeHours)
      .values(d.active)
      .onConflictDoNothing()
      .returning({ hour: activeHours.hour, accountId: activeHours.accountId });
    await addToActiveWindows(tx, fresh);
    await touchActiveAccounts(tx, fresh);
  }
  if (d.metrics.length > 0)
    await tx
      .insert(metricQuarters)
      .values(d.metrics)
      .onConflictDoUpdate({
        target: [metricQuarters.quarter, metricQuarters.name, metricQuarters.surface],
        set: { count: sql`${metricQuarters.count} + excluded.count` },
      });
  if (d.subjects.length > 0)
    await tx
      .insert(subjectQuarters)
      .values(d.subjects)
      .onConflictDoUpdate({
        target: [subjectQuarters.subjectId, subjectQuarters.name, subjectQuarters.quarter],
        set: { count: sql`${subjectQuarters.count} + excluded.count` },
      });
}

/**
 * The embedded store: PostgreSQL tables in `analytics_service`. An insert writes the new raw rows
 * and their rollup deltas in one transaction, so rollups always equal the raw counts.
 */
export function createPostgresAnalyticsStore(
  db: Database,
  opts: {
    /** Called after each erasure step (`events`, `rollups` inside its transaction, then `done`); tests throw from it. */
    onErasureStep?: (step: string, accountId: string) => void | Promise<void>;
    /** The clock deciding which periods are over (their span answers are then kept); default the system's. */
    now?: () => Date;
    /** Zones whose local days, weeks and months are kept as memberships and counts (ANALYTICS_ROLLUP_ZONES; UTC always). */
    rollupZones?: readonly string[];
    /** Funnels whose per-day answers are kept in every rollup zone (ANALYTICS_FUNNELS; default none). */
    funnels?: readonly FunnelDefinition[];
  } = {},
): AnalyticsStore {
  const now = opts.now ?? (() => new Date());
  const zones = [...new Set(["UTC", ...(opts.rollupZones ?? [])])];
  let listed: Promise<void> | undefined;
  // Lists (and backfills) the configured zones once, before the first read that relies on them.
  const zonesReady = () => {
    listed ??= ensureRollupZones(db, zones).catch((error) => {
      listed = undefined;
      throw error;
    });
    return listed;
  };
  const funnels = opts.funnels ?? [];
  let funnelsListed: Promise<void> | undefined;
  // Lists (and backfills) the configured funnels in every zone once, before the first read of one.
  const funnelsReady = () => {
    funnelsListed ??= ensureFunnelRollups(db, funnels, zones).catch((error) => {
      funnelsListed = undefined;
      throw error;
    });
    return funnelsListed;
  };
  const day = (col: ReturnType<typeof sql>, tz: string, unit = "day") =>
    sql`to_char(date_trunc(${unit}, ${col} at time zone ${tz}), 'YYYY-MM-DD')`;
  return {
    kind: "postgres",
    async insert(rows) {
      const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
      if (unique.length === 0) return 0;
      return db.transaction(async (tx) => {
        await lockActiveRollups(tx);
        const inserted = await tx
          .insert(events)
          .values(unique.map((r) => ({ ...r, properties: r.properties as Record<string, unknown> })))
          .onConflictDoNothing({ target: events.id })
          .returning({ id: events.id });
        const fresh = new Set(inserted.map((r) => r.id));
        const freshRows = unique.filter((r) => fresh.has(r.id));
        await applyDeltas(tx as unknown as Database, rollupDeltas(freshRows), true);
        const moved = await retractMovedCohorts(tx, freshRows);
        await touchSpans(tx, freshRows);
        await refreshFunnelRollups(tx, freshRows);
        await addRetention(tx, await touchZonePeriods(tx, freshRows), moved);
        await forgetPeriods(
          tx,
          freshRows.map((r) => r.occurredAt),
        );
        return fresh.size;
      });
    },
    async activeUsers(range, granularity) {
      if (zones.includes(range.timeZone)) {
        await zonesReady();
        // Whole local periods from their counts; a period the range cuts from the paths below.
        return zoneBuckets(db, range, granularity, (sub) =>
          granularity === "day" ? dailyActive(db, sub, now()) : spanBuckets(db, sub, granularity, now()),
        );
      }
      return granularity === "day"
        ? dailyActive(db, range, now())
        : spanBuckets(db, range, granularity, now());
    },
    async distinctActive(range) {
      if (hourAligned(range)) return distinctActiveAccounts(db, range);
      // Hour rollups round half-hour and 45-minute zones' midnights: in a rollup zone the edge and
      // long-lived accounts are checked on their day memberships; elsewhere those ranges read the spans.
      if (zones.includes(range.timeZone)) {
        await zonesReady();
        const n = await zoneDistinct(db, range);
        if (n !== undefined) return n;
      }
      return spanDistinct(db, range, now());
    },
    async metricsByDay(range, names) {
      if (names.length === 0) return [];
      const rows = await rowsOf<{ day: string; name: string; surface: string; n: number | string }>(
        db,
        sql`select ${day(sql`quarter`, range.timeZone)} as day, name, surface, sum(count) as n
            from ${metricQuarters}
            where quarter >= ${range.from.toISOString()} and quarter < ${range.to.toISOString()}
              and name in (${sql.join(
                names.map((n) => sql`${n}`),
                sql`, `,
              )})
            group by 1, 2, 3 having sum(count) <> 0 order by 1, 2, 3`,
      );
      return rows.map((r) => ({ day: r.day, name: r.name, surface: r.surface, count: Number(r.n) }));
    },
    async subjectsByDay(range, subjectIds, names) {
      if (subjectIds.length === 0 || names.length === 0) return [];
      const rows = await rowsOf<{ subject_id: string; day: string; name: string; n: number | string }>(
        db,
        sql`select subject_id, ${day(sql`quarter`, range.timeZone)} as day, name, sum(count) as n
            from ${subjectQuarters}
            where subject_id in (${sql.join(
              subjectIds.map((s) => sql`${s}`),
              sql`, `,
            )})
              and name in (${sql.join(
                names.map((n) => sql`${n}`),
                sql`, `,
              )})
              and quarter >= ${range.from.toISOString()} and quarter < ${range.to.toISOString()}
            group by 1, 2, 3 having sum(count) <> 0 order by 1, 2, 3`,
      );
      return rows.map((r) => ({ subjectId: r.subject_id, day: r.day, name: r.name, count: Number(r.n) }));
    },
    async postsOf(authorId) {
      const rows = await db
        .select({ postId: authorPosts.postId })
        .from(authorPosts)
        .where(sql`${authorPosts.authorId} = ${authorId}`)
        .orderBy(authorPosts.postId);
      return rows.map((r) => r.postId);
    },
    async retention(range, weeks) {
      const rollupZone = zones.includes(range.timeZone);
      if (rollupZone) {
        await zonesReady();
        // From a local Monday to a local Monday: the kept cells.
        const cells = await zoneRetentionCells(db, range, weeks);
        if (cells) return cells;
      }
      return spanRetention(db, range, weeks, now(), rollupZone);
    },
    async funnel(q) {
      // A configured funnel over whole local days of a rollup zone: its kept bitsets; else the events.
      const kept = funnels.find((f) => f.key === funnelKey(q.steps, q.windowMs));
      if (kept && zones.includes(q.timeZone) && wholeLocalDays(q)) {
        await funnelsReady();
        return funnelFromRollups(db, kept, q);
      }
      return funnelLevels(db, q);
    },
    async eraseAccount(accountId) {
      // One transaction: a crash part-way rolls it all back, and the redelivered AccountDeleted redoes it.
      const removed = await db.transaction(async (tx) => {
        await lockActiveRollups(tx);
        const posts = await rowsOf<{ post_id: string }>(
          tx,
          sql`select distinct post_id from ${events}
              where account_id = ${accountId} and name = 'post' and post_id is not null`,
        );
        const removed = await rowsOf<RawRow>(
          tx,
          sql`delete from ${events} where account_id = ${accountId} or target_account_id = ${accountId} returning *`,
        );
        await opts.onErasureStep?.("events", accountId);
        const deltas = rollupDeltas(removed.map(fromRaw), -1);
        await applyDeltas(tx as unknown as Database, deltas, false);
        await removeFromActiveWindows(tx, accountId);
        await tx.delete(activeAccounts).where(sql`${activeAccounts.accountId} = ${accountId}`);
        await tx.delete(activeHours).where(sql`${activeHours.accountId} = ${accountId}`);
        await eraseRetention(tx, accountId);
        await eraseZonePeriods(tx, accountId);
        await eraseSpans(tx, accountId);
        // The other actors whose removed rows (targets of the account) were steps are recomputed too.
        await refreshFunnelRollups(tx, removed.map(fromRaw));
        await eraseFunnelActor(tx, accountId);
        await forgetAllPeriods(tx);
        await opts.onErasureStep?.("rollups", accountId);
        const subjects = [accountId, ...posts.map((p) => p.post_id)];
        await tx.delete(subjectQuarters).where(inArray(subjectQuarters.subjectId, subjects));
        return removed.length;
      });
      await opts.onErasureStep?.("done", accountId);
      return removed;
    },
    async resumeErasures() {
      return 0;
    },
    async eventsOf(accountId, limit) {
      const rows = await rowsOf<RawRow>(
        db,
        sql`select * from ${events} where account_id = ${accountId} order by occurred_at limit ${limit}`,
      );
      return rows.map(fromRaw);
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {},
  };
}

export type { ZonedRange };
