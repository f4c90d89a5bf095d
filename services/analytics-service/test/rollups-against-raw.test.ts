import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { createTestDatabase } from "@nova/testing";
import { sql } from "drizzle-orm";
import { todayIn, zonedMidnight } from "../src/domain/zoned-range.ts";
import type { Granularity } from "../src/store/analytics-store.ts";
import { createPostgresAnalyticsStore } from "../src/store/create-postgres-analytics-store.ts";
import type { EventRow } from "../src/store/event-row.ts";
import { localMondays } from "../src/store/local-weeks.ts";
import { eventRow } from "../src/testing/event-rows.ts";

// The PostgreSQL rollups against the raw events: active accounts per day/week/month, counts per
// day and per post, and retention, in whole-hour, half-hour and 45-minute zones, equal a
// brute-force count over the events; migrations 0004/0005's backfills equal the upkeep on insert.
const ZONES = [
  "UTC",
  "Europe/Paris",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "America/St_Johns",
  "Pacific/Chatham",
];
const DAY = 86_400_000;
const base = Date.parse("2026-03-01T00:00:00Z");

// A deterministic pseudo-random sequence (the same data on every run).
let seed = 42;
const rand = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const row = eventRow;

// 40 accounts signing up over 5 weeks, each active at random instants over the 10 weeks after,
// many of them near midnights (where zones disagree on the day).
const rows: EventRow[] = [];
for (let a = 0; a < 40; a++) {
  const id = `acc-${a}`;
  const signup = base + Math.floor(rand() * 35 * DAY);
  rows.push(row("signup", id, signup));
  if (a % 3 === 0) rows.push(row("post", id, signup + 60_000, { postId: `post-${a}` }));
  const n = Math.floor(rand() * 12);
  for (let i = 0; i < n; i++) {
    const day = Math.floor(rand() * 70);
    const minute = rand() < 0.5 ? Math.floor(rand() * 1440) : 1080 + Math.floor(rand() * 420); // 18:00–01:00 UTC
    const at = base + day * DAY + minute * 60_000 + Math.floor(rand() * 60_000);
    if (rand() < 0.3) rows.push(row("like", id, at, { postId: `post-${3 * Math.floor(rand() * 13)}` }));
    else rows.push(row("app_open", id, at));
  }
}

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase({ services: ["analytics-service"] });
  const store = createPostgresAnalyticsStore(db.db);
  for (let i = 0; i < rows.length; i += 37) await store.insert(rows.slice(i, i + 37));
});
afterAll(async () => {
  await db?.close();
});

const localBucket = (at: Date, tz: string, g: Granularity) => {
  const day = todayIn(at, tz);
  if (g === "day") return day;
  if (g === "month") return `${day.slice(0, 8)}01`;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return new Date(ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
};

/** Distinct accounts per local bucket of the raw events in [from, to). */
function bruteBuckets(from: Date, to: Date, tz: string, g: Granularity) {
  const sets = new Map<string, Set<string>>();
  for (const r of rows) {
    if (!r.accountId || r.occurredAt < from || r.occurredAt >= to) continue;
    const b = localBucket(r.occurredAt, tz, g);
    sets.set(b, (sets.get(b) ?? new Set()).add(r.accountId));
  }
  return [...sets]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([start, s]) => ({ start, activeUsers: s.size }));
}

test("day, week and month buckets from the rollups = distinct accounts of the raw events, in six zones", async () => {
  const store = createPostgresAnalyticsStore(db.db);
  for (const tz of ZONES)
    for (const [fromDate, toDate] of [
      ["2026-03-01", "2026-05-10"],
      ["2026-03-04", "2026-04-21"], // cuts weeks and months at both ends
    ] as const) {
      const from = zonedMidnight(fromDate, tz);
      const to = zonedMidnight(toDate, tz);
      for (const g of ["day", "week", "month"] as const)
        expect({ tz, fromDate, g, buckets: await store.activeUsers({ from, to, timeZone: tz }, g) }).toEqual({
          tz,
          fromDate,
          g,
          buckets: bruteBuckets(from, to, tz, g),
        });
    }
});

test("counts per local day and per post from the 15-minute rollups = the raw events' counts, in six zones", async () => {
  const store = createPostgresAnalyticsStore(db.db);
  const names = ["signup", "app_open", "like", "post"];
  const posts = Array.from({ length: 13 }, (_, i) => `post-${3 * i}`);
  for (const tz of ZONES) {
    const from = zonedMidnight("2026-03-04", tz);
    const to = zonedMidnight("2026-04-21", tz);
    const inRange = rows.filter((r) => r.occurredAt >= from && r.occurredAt < to);
    const metrics = new Map<string, number>();
    const subjects = new Map<string, number>();
    for (const r of inRange) {
      const day = todayIn(r.occurredAt, tz);
      metrics.set(`${day}|${r.name}`, (metrics.get(`${day}|${r.name}`) ?? 0) + 1);
      if (r.name === "like")
        subjects.set(`${r.postId}|${day}`, (subjects.get(`${r.postId}|${day}`) ?? 0) + 1);
    }
    const range = { from, to, timeZone: tz };
    expect({ tz, rows: await store.metricsByDay(range, names) }).toEqual({
      tz,
      rows: [...metrics]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, count]) => ({ day: k.slice(0, 10), name: k.slice(11), surface: "", count })),
    });
    expect({ tz, rows: await store.subjectsByDay(range, posts, ["like"]) }).toEqual({
      tz,
      rows: [...subjects]
        .map(([k, count]) => ({
          subjectId: k.split("|")[0] as string,
          day: k.split("|")[1] as string,
          name: "like",
          count,
        }))
        .sort((a, b) =>
          a.subjectId === b.subjectId ? (a.day < b.day ? -1 : 1) : a.subjectId < b.subjectId ? -1 : 1,
        ),
    });
  }
});

/** Weekly signup cohorts × weeks of the raw events: cohort sizes and distinct accounts per cell. */
function bruteRetention(from: Date, to: Date, tz: string, weeks: number) {
  const mondays = localMondays(from, to.getTime() + weeks * 7 * DAY, tz).map((m) => m.date);
  const cohortOf = new Map<string, string>();
  for (const e of rows)
    if (e.name === "signup" && e.occurredAt >= from && e.occurredAt < to)
      cohortOf.set(e.accountId as string, localBucket(e.occurredAt, tz, "week"));
  const sizes = new Map<string, number>();
  for (const c of cohortOf.values()) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  const cells = new Map<string, Set<string>>();
  for (const e of rows) {
    const c = cohortOf.get(e.accountId as string);
    if (!c) continue;
    const week = (mondays.indexOf(localBucket(e.occurredAt, tz, "week")) - mondays.indexOf(c)) as number;
    if (week < 0 || week >= weeks) continue;
    const key = `${c}|${week}`;
    cells.set(key, (cells.get(key) ?? new Set()).add(e.accountId as string));
  }
  const expected = [...cells]
    .map(([k, s]) => ({ cohort: k.slice(0, 10), week: Number(k.slice(11)), accounts: s.size }))
    .sort((a, b) => a.cohort.localeCompare(b.cohort) || a.week - b.week);
  return { sizes: Object.fromEntries(sizes), rows: expected };
}

test("retention from the cohort and week-span rollups = the raw events' cohorts × weeks, in six zones", async () => {
  const store = createPostgresAnalyticsStore(db.db);
  for (const tz of ZONES) {
    const from = zonedMidnight("2026-02-23", tz);
    const to = zonedMidnight("2026-04-06", tz);
    const weeks = 6;
    const r = await store.retention({ from, to, timeZone: tz }, weeks);
    expect({ tz, sizes: Object.fromEntries(r.sizes), rows: r.rows }).toEqual({
      tz,
      ...bruteRetention(from, to, tz, weeks),
    });
  }
});

test("migrations 0004 and 0005 backfill what the upkeep on insert writes; postsOf reads author_posts", async () => {
  const dump = async () => {
    const r = (await db.db.execute(sql`
      select 's|' || unit || '|' || period || '|' || account_id || '|' || first_at::text || '|' || last_at::text as x from analytics_service.account_spans
      union all select 'c|' || account_id || '|' || signed_up_at::text from analytics_service.account_cohorts
      union all select 'p|' || author_id || '|' || post_id from analytics_service.author_posts
      order by 1`)) as unknown as { rows: { x: string }[] } | { x: string }[];
    return (Array.isArray(r) ? r : r.rows).map((x) => x.x);
  };
  const kept = await dump();
  expect(kept.filter((x) => x.startsWith("c|")).length).toBe(40);
  await db.db.execute(sql`delete from analytics_service.account_spans`);
  await db.db.execute(sql`delete from analytics_service.account_cohorts`);
  await db.db.execute(sql`delete from analytics_service.author_posts`);
  const migration = readFileSync(
    new URL("../../../drizzle/analytics-service/0004_account_spans.sql", import.meta.url),
    "utf8",
  ).split("--> statement-breakpoint");
  for (const statement of migration.slice(-3)) await db.db.execute(sql.raw(statement));
  expect(await dump()).toEqual(kept);
  expect(await createPostgresAnalyticsStore(db.db).postsOf("acc-0")).toEqual(["post-0"]);

  const counts = async () => {
    const r = (await db.db.execute(sql`
      select 'm|' || quarter::text || '|' || name || '|' || surface || '|' || count as x from analytics_service.metric_quarters
      union all select 's|' || subject_id || '|' || name || '|' || quarter::text || '|' || count from analytics_service.subject_quarters
      order by 1`)) as unknown as { rows: { x: string }[] } | { x: string }[];
    return (Array.isArray(r) ? r : r.rows).map((x) => x.x);
  };
  const upkept = await counts();
  expect(upkept.filter((x) => x.startsWith("s|")).length).toBeGreaterThan(10);
  await db.db.execute(sql`delete from analytics_service.metric_quarters`);
  await db.db.execute(sql`delete from analytics_service.subject_quarters`);
  const quarters = readFileSync(
    new URL("../../../drizzle/analytics-service/0005_quarter_counts.sql", import.meta.url),
    "utf8",
  ).split("--> statement-breakpoint");
  for (const statement of quarters.slice(-2)) await db.db.execute(sql.raw(statement));
  expect(await counts()).toEqual(upkept);
});

test("span answers of past periods are kept, and forgotten when a late event falls in their period", async () => {
  const store = createPostgresAnalyticsStore(db.db);
  const tz = "Asia/Kolkata";
  const from = zonedMidnight("2026-03-02", tz);
  const to = zonedMidnight("2026-04-27", tz);
  const range = { from, to, timeZone: tz };
  const kept = async () => {
    const r = (await db.db.execute(
      sql`select count(*)::int as n from analytics_service.period_counts`,
    )) as unknown as { rows: { n: number }[] };
    return r.rows[0]?.n ?? 0;
  };
  const weeks = await store.activeUsers(range, "week");
  const retention = await store.retention(range, 4);
  expect(await kept()).toBeGreaterThan(0);
  expect(await store.activeUsers(range, "week")).toEqual(weeks); // from the cache
  expect(await store.retention(range, 4)).toEqual(retention);
  // A late event (an offline client, a lagging consumer) of a new account in a past week.
  const late = row("signup", "acc-late", Date.parse("2026-03-18T19:00:00Z"));
  rows.push(late, row("app_open", "acc-late", Date.parse("2026-03-25T19:00:00Z")));
  await store.insert(rows.slice(-2));
  expect(await store.activeUsers(range, "week")).toEqual(bruteBuckets(from, to, tz, "week"));
  expect(await store.activeUsers(range, "week")).not.toEqual(weeks);
  const after = await store.retention(range, 4);
  expect(after.sizes.get("2026-03-16")).toBe((retention.sizes.get("2026-03-16") ?? 0) + 1);
});

test("with some periods still open, kept answers plus the open periods read on their own = reading it all", async () => {
  await db.db.execute(sql`delete from analytics_service.period_counts`);
  const never = createPostgresAnalyticsStore(db.db, { now: () => new Date("2000-01-01T00:00:00Z") });
  const partial = createPostgresAnalyticsStore(db.db, { now: () => new Date("2026-04-01T00:00:00Z") });
  for (const tz of ["Asia/Kathmandu", "Europe/Paris"]) {
    const range = {
      from: zonedMidnight("2026-03-02", tz),
      to: zonedMidnight("2026-04-27", tz),
      timeZone: tz,
    };
    const weeks = await never.activeUsers(range, "week");
    const retention = await never.retention(range, 5);
    expect(weeks).toEqual(bruteBuckets(range.from, range.to, tz, "week"));
    for (let round = 0; round < 2; round++) {
      expect(await partial.activeUsers(range, "week")).toEqual(weeks);
      expect(await partial.retention(range, 5)).toEqual(retention);
    }
  }
  const r = (await db.db.execute(
    sql`select count(*)::int as n, max(period_end) as last from analytics_service.period_counts`,
  )) as unknown as { rows: { n: number; last: string | Date }[] };
  expect(r.rows[0]?.n).toBeGreaterThan(0);
  expect(new Date(r.rows[0]?.last ?? 0) <= new Date("2026-04-01T00:00:00Z")).toBe(true);
});

test("rollup zones (ANALYTICS_ROLLUP_ZONES): memberships and counts = the raw events, kept at ingest = backfilled, erased exactly, and read", async () => {
  const upkept = await createTestDatabase({ services: ["analytics-service"] });
  const backfilled = await createTestDatabase({ services: ["analytics-service"] });
  try {
    // One store kept every zone from its first insert; the other got the events first (UTC only)
    // and its zones are backfilled by the first read of a store configured with them.
    const live = createPostgresAnalyticsStore(upkept.db, { rollupZones: ZONES });
    await live.activeUsers({ from: new Date(base), to: new Date(base + DAY), timeZone: "UTC" }, "day");
    // Signups arriving after the activity they explain: a new account's, and a second, earlier
    // one of acc-2 (its cohort moves a week or more back). Each goes in its own batch, last.
    const acc2 =
      rows.find((r) => r.accountId === "acc-2" && r.name === "signup")?.occurredAt.getTime() ?? base;
    const lateSignups = [
      row("app_open", "acc-x", Date.parse("2026-03-25T10:00:00Z")),
      row("app_open", "acc-x", Date.parse("2026-04-08T10:00:00Z")),
      row("signup", "acc-x", Date.parse("2026-03-17T10:00:00Z")),
      row("signup", "acc-2", acc2 - 9 * DAY),
    ];
    for (let i = 0; i < rows.length; i += 37) await live.insert(rows.slice(i, i + 37));
    for (const r of lateSignups) await live.insert([r]);
    rows.push(...lateSignups);
    const before = createPostgresAnalyticsStore(backfilled.db);
    for (let i = 0; i < rows.length; i += 41) await before.insert(rows.slice(i, i + 41));
    const late = createPostgresAnalyticsStore(backfilled.db, { rollupZones: ZONES });
    const dump = async (d: typeof upkept) => {
      const r = (await d.db.execute(sql`
        select 'm|' || zone || '|' || unit || '|' || period || '|' || account_id as x from analytics_service.zone_periods
        union all select 'n|' || zone || '|' || unit || '|' || period || '|' || accounts from analytics_service.zone_period_counts
        union all select 'r|' || zone || '|' || cohort_week || '|' || week || '|' || accounts from analytics_service.zone_retention
        order by 1`)) as unknown as { rows: { x: string }[] };
      return r.rows.map((x) => x.x);
    };
    const consistent = async (d: typeof upkept) => {
      const r = (await d.db.execute(sql`
        select count(*)::int as n from (
          select zone, unit, period, count(*)::int as accounts from analytics_service.zone_periods group by 1, 2, 3
        ) m full join analytics_service.zone_period_counts c using (zone, unit, period)
        where m.accounts is distinct from c.accounts`)) as unknown as { rows: { n: number }[] };
      return r.rows[0]?.n;
    };
    for (const [store, d] of [
      [live, upkept],
      [late, backfilled],
    ] as const)
      for (const tz of ZONES) {
        for (const [fromDate, toDate] of [
          ["2026-03-02", "2026-05-04"], // whole weeks
          ["2026-03-04", "2026-04-21"], // cuts weeks and months at both ends (span path for those)
          ["2026-03-19", "2026-03-26"], // a week inside: most accounts are active before and after it
        ] as const) {
          const range = { from: zonedMidnight(fromDate, tz), to: zonedMidnight(toDate, tz), timeZone: tz };
          for (const g of ["day", "week", "month"] as const)
            expect({ tz, fromDate, g, buckets: await store.activeUsers(range, g) }).toEqual({
              tz,
              fromDate,
              g,
              buckets: bruteBuckets(range.from, range.to, tz, g),
            });
          const distinct = new Set(
            rows
              .filter((e) => e.accountId && e.occurredAt >= range.from && e.occurredAt < range.to)
              .map((e) => e.accountId),
          );
          expect({ tz, fromDate, distinct: await store.distinctActive(range) }).toEqual({
            tz,
            fromDate,
            distinct: distinct.size,
          });
          // Retention from mid-week counts week 0 from `from` on (the span path's reading); the brute
          // force counts whole weeks, so it is compared on ranges starting on a Monday.
          if (new Date(`${fromDate}T00:00:00Z`).getUTCDay() !== 1) continue;
          const r = await store.retention(range, 5);
          expect({ tz, fromDate, sizes: Object.fromEntries(r.sizes), rows: r.rows }).toEqual({
            tz,
            fromDate,
            ...bruteRetention(range.from, range.to, tz, 5),
          });
        }
        expect(await consistent(d)).toBe(0);
      }
    const kept = await dump(upkept);
    expect(kept.filter((x) => x.startsWith("n|Asia/Kathmandu|week|")).length).toBeGreaterThan(8);
    expect(kept.filter((x) => x.startsWith("r|Asia/Kolkata|")).length).toBeGreaterThan(10);
    expect(await dump(backfilled)).toEqual(kept);

    // The reads come from the counts: a count changed by hand shows in the answer.
    const tz = "Asia/Kolkata";
    const weeks = {
      from: zonedMidnight("2026-03-02", tz),
      to: zonedMidnight("2026-03-16", tz),
      timeZone: tz,
    };
    await upkept.db.execute(sql`update analytics_service.zone_period_counts set accounts = 999
      where zone = ${tz} and unit = 'week' and period = '2026-03-09'`);
    expect((await live.activeUsers(weeks, "week")).find((b) => b.start === "2026-03-09")?.activeUsers).toBe(
      999,
    );
    await upkept.db.execute(sql`delete from analytics_service.zone_period_counts`);
    await upkept.db.execute(sql`insert into analytics_service.zone_period_counts
      select zone, unit, period, count(*) from analytics_service.zone_periods group by 1, 2, 3`);

    // Erasure takes the account's memberships out of every zone's counts.
    const gone = rows.filter((r) => r.accountId === "acc-1" && r.name !== "signup").length;
    expect(gone).toBeGreaterThan(0);
    await live.eraseAccount("acc-1");
    expect(await consistent(upkept)).toBe(0);
    const kept1 = rows.filter((r) => r.accountId !== "acc-1");
    for (const tz2 of ZONES) {
      const range = {
        from: zonedMidnight("2026-03-02", tz2),
        to: zonedMidnight("2026-05-04", tz2),
        timeZone: tz2,
      };
      const expected = new Map<string, Set<string>>();
      for (const r of kept1)
        if (r.accountId && r.occurredAt >= range.from && r.occurredAt < range.to) {
          const b = localBucket(r.occurredAt, tz2, "week");
          expected.set(b, (expected.get(b) ?? new Set()).add(r.accountId));
        }
      expect(await live.activeUsers(range, "week")).toEqual(
        [...expected]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([start, s]) => ({ start, activeUsers: s.size })),
      );
      // Retention without acc-1: the brute force over the rows left.
      const all = rows.splice(0, rows.length, ...kept1);
      const r = await live.retention(range, 5);
      expect({ tz: tz2, sizes: Object.fromEntries(r.sizes), rows: r.rows }).toEqual({
        tz: tz2,
        ...bruteRetention(range.from, range.to, tz2, 5),
      });
      rows.splice(0, rows.length, ...all);
    }
  } finally {
    await upkept.close();
    await backfilled.close();
  }
});
