import { sql } from "drizzle-orm";
import {
  bigint,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  smallint,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

/** Every table of analytics-service lives in this schema; no other service reads it. */
export const analyticsSchema = pgSchema("analytics_service");

/**
 * Raw events, client and domain alike: one row per event id (the dedup key). Account ids only —
 * no IP, no user agent; anonymous client events carry the device id the client made up.
 */
export const events = analyticsSchema.table(
  "events",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    accountId: text("account_id"),
    deviceId: text("device_id"),
    sessionId: text("session_id"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    postId: text("post_id"),
    targetAccountId: text("target_account_id"),
    surface: text("surface"),
    source: text("source").notNull(),
    properties: jsonb("properties").notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [
    index("events_account_idx").on(t.accountId),
    index("events_target_account_idx").on(t.targetAccountId),
    index("events_name_time_idx").on(t.name, t.occurredAt),
    // The funnel's lookups: next occurrence of a step name for one actor after an instant.
    index("events_funnel_idx").on(
      t.name,
      sql`coalesce(${t.accountId}, 'device:' || ${t.deviceId})`,
      t.occurredAt,
    ),
  ],
);

/** Rollup: which accounts did anything in which UTC hour (DAU/WAU/MAU and retention read this). */
export const activeHours = analyticsSchema.table(
  "active_hours",
  {
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    accountId: text("account_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.hour, t.accountId] }), index("active_hours_account_idx").on(t.accountId)],
);

/**
 * Rollup of the rollup: for every UTC hour `start_hour` and window length `hours` (23, 24 or 25 —
 * every calendar day in every time zone, DST days included, is such a window of hour buckets), how
 * many distinct accounts were active in [start_hour, start_hour + hours). DAU in any zone is one
 * lookup per day here instead of a count(distinct) over `active_hours`. 72 rows per UTC day, kept
 * exact by the insert and the erasure (src/store/active-windows.ts).
 */
export const activeWindows = analyticsSchema.table(
  "active_windows",
  {
    startHour: timestamp("start_hour", { withTimezone: true }).notNull(),
    hours: smallint("hours").notNull(),
    accounts: integer("accounts").notNull(),
  },
  (t) => [primaryKey({ columns: [t.hours, t.startHour] })],
);

/**
 * Rollup: each account's first and last active hour. An account whose first or last active hour is
 * inside a range was active in it; only the ones active both before and after need a look at
 * `active_hours` — so the distinct count over a recent range (MAU) reads almost nothing else.
 */
export const activeAccounts = analyticsSchema.table(
  "active_accounts",
  {
    accountId: text("account_id").primaryKey(),
    firstHour: timestamp("first_hour", { withTimezone: true }).notNull(),
    lastHour: timestamp("last_hour", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("active_accounts_first_idx").on(t.firstHour),
    index("active_accounts_last_idx").on(t.lastHour),
  ],
);

/**
 * Rollup: each account's first and last active instant per UTC day, week (Monday) and month
 * (`unit` 'day' | 'week' | 'month', `period` the unit's first UTC date). A UTC day, week or month
 * overlaps at most two local ones in any time zone, and the first and last instants fall in both
 * when the account was active in both — so the local days/weeks/months an account was active in are
 * exactly the local periods of these two instants, in every zone, half-hour and 45-minute ones
 * included. WAU/MAU buckets and retention read this instead of the events.
 */
export const accountSpans = analyticsSchema.table(
  "account_spans",
  {
    unit: text("unit").notNull(),
    period: date("period", { mode: "string" }).notNull(),
    accountId: text("account_id").notNull(),
    firstAt: timestamp("first_at", { withTimezone: true }).notNull(),
    lastAt: timestamp("last_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.unit, t.period, t.accountId] }),
    index("account_spans_account_idx").on(t.accountId),
  ],
);

/** Rollup: each account's signup instant (the `signup` domain event) — the retention cohorts. */
export const accountCohorts = analyticsSchema.table(
  "account_cohorts",
  {
    accountId: text("account_id").primaryKey(),
    signedUpAt: timestamp("signed_up_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("account_cohorts_signed_up_idx").on(t.signedUpAt)],
);

/** Rollup: which posts each author published (the `post` domain events) — the creator answers. */
export const authorPosts = analyticsSchema.table(
  "author_posts",
  {
    authorId: text("author_id").notNull(),
    postId: text("post_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.authorId, t.postId] })],
);

/**
 * Rollup: events per 15-minute UTC bucket, name and surface ('' when none) — the engagement
 * answer. Quarter hours are aligned with the local midnights of every zone (half-hour and
 * 45-minute ones included), so any local day is a whole number of buckets.
 */
export const metricQuarters = analyticsSchema.table(
  "metric_quarters",
  {
    quarter: timestamp("quarter", { withTimezone: true }).notNull(),
    name: text("name").notNull(),
    surface: text("surface").notNull(),
    count: bigint("count", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.quarter, t.name, t.surface] })],
);

/** Rollup: events per subject (a post, or the followed account) per 15-minute UTC bucket — the creator answers. */
export const subjectQuarters = analyticsSchema.table(
  "subject_quarters",
  {
    subjectId: text("subject_id").notNull(),
    name: text("name").notNull(),
    quarter: timestamp("quarter", { withTimezone: true }).notNull(),
    count: bigint("count", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.subjectId, t.name, t.quarter] })],
);

/**
 * Read-through cache of the span answers (distinct accounts active in an instant range; retention
 * cells), for periods that are over. An insert deletes the entries whose period its new rows fall
 * in and an erasure deletes them all, in their transactions, so an entry always equals what the
 * spans would answer. `key` names the question (instants, not zones: two zones with the same
 * midnights share it).
 */
export const periodCounts = analyticsSchema.table(
  "period_counts",
  {
    key: text("key").primaryKey(),
    periodStart: timestamp("period_start", { withTimezone: true }).notNull(),
    periodEnd: timestamp("period_end", { withTimezone: true }).notNull(),
    value: bigint("value", { mode: "number" }).notNull(),
  },
  (t) => [index("period_counts_end_idx").on(t.periodEnd)],
);

/**
 * Zones whose local periods are kept as memberships (`zone_periods`) and counts
 * (`zone_period_counts`); every insert maintains all the zones listed here, whichever instance
 * writes. A zone is added (and backfilled from the events) by a store configured with it
 * (`ANALYTICS_ROLLUP_ZONES`).
 */
export const rollupZones = analyticsSchema.table("rollup_zones", {
  zone: text("zone").primaryKey(),
  addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Who was active in which local day, week (from Monday) and month of a rollup zone: one row per
 * (zone, unit, local period start, account), inserted ON CONFLICT DO NOTHING at ingest.
 */
export const zonePeriods = analyticsSchema.table(
  "zone_periods",
  {
    zone: text("zone").notNull(),
    unit: text("unit").notNull(),
    period: date("period", { mode: "string" }).notNull(),
    accountId: text("account_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.zone, t.unit, t.period, t.accountId] }),
    index("zone_periods_account_idx").on(t.accountId, t.zone, t.unit, t.period),
  ],
);

/** The number of `zone_periods` rows per (zone, unit, period): +1 per new membership, −1 per erased one. */
export const zonePeriodCounts = analyticsSchema.table(
  "zone_period_counts",
  {
    zone: text("zone").notNull(),
    unit: text("unit").notNull(),
    period: date("period", { mode: "string" }).notNull(),
    accounts: integer("accounts").notNull(),
  },
  (t) => [primaryKey({ columns: [t.zone, t.unit, t.period] })],
);

/**
 * Retention cells of a rollup zone: accounts of the local signup week `cohort_week` (from
 * `account_cohorts`) with a week membership in `week` (≥ the cohort week). Kept at ingest and
 * erasure from the memberships and cohorts; the cohort's size is its cell of week 0 (the signup
 * is an activity of its week).
 */
export const zoneRetention = analyticsSchema.table(
  "zone_retention",
  {
    zone: text("zone").notNull(),
    cohortWeek: date("cohort_week", { mode: "string" }).notNull(),
    week: date("week", { mode: "string" }).notNull(),
    accounts: integer("accounts").notNull(),
  },
  (t) => [primaryKey({ columns: [t.zone, t.cohortWeek, t.week] })],
);

/** Bits per `funnel_day_bits` row: actor numbers `chunk * FUNNEL_CHUNK_BITS` up to the next chunk's. */
export const FUNNEL_CHUNK_BITS = 8192;
const funnelBits = customType<{ data: string }>({ dataType: () => `bit(${FUNNEL_CHUNK_BITS})` });

/**
 * Dense numbers for the actors of the kept funnels (account id, or `device:<id>`): an actor's bit
 * in `funnel_day_bits`. An erased account's row goes (its bits are cleared first); a number is
 * handed out again only when it is the highest, whose bits are then all clear.
 */
export const funnelActors = analyticsSchema.table("funnel_actors", {
  actor: text("actor").primaryKey(),
  actorNo: integer("actor_no").notNull().unique(),
});

/**
 * Funnels × zones whose per-day answers are kept (`ANALYTICS_FUNNELS` × rollup zones); every insert
 * maintains every pair listed here, whichever instance writes. A pair is listed (and backfilled
 * from the events) by a store configured with it.
 */
export const funnelRollups = analyticsSchema.table(
  "funnel_rollups",
  {
    funnel: text("funnel").notNull(),
    zone: text("zone").notNull(),
    steps: text("steps").array().notNull(),
    windowMs: bigint("window_ms", { mode: "number" }).notNull(),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.funnel, t.zone] })],
);

/**
 * Per kept funnel, zone and local start day: the actors whose best chain starting that day reaches
 * at least `level`, with the chain's events cut at the end of day `day + cut` (a range ending there
 * must not see later steps), as one bit per actor number. A range's answer per level is the
 * popcount of the OR of its days' bitsets, each at the cut its end imposes.
 */
export const funnelDayBits = analyticsSchema.table(
  "funnel_day_bits",
  {
    funnel: text("funnel").notNull(),
    zone: text("zone").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    cut: smallint("cut").notNull(),
    level: smallint("level").notNull(),
    chunk: integer("chunk").notNull(),
    bits: funnelBits("bits").notNull(),
  },
  (t) => [primaryKey({ columns: [t.funnel, t.zone, t.day, t.cut, t.level, t.chunk] })],
);
