import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { createTestDatabase } from "@nova/testing";
import { sql } from "drizzle-orm";
import { createPostgresAnalyticsStore } from "../src/store/create-postgres-analytics-store.ts";
import type { EventRow } from "../src/store/event-row.ts";

// The backfills in migrations 0002/0003 must give the same rollups as the upkeep on insert, and both
// must equal a brute-force count(distinct) over active_hours.
const lastStatement = (file: string) =>
  readFileSync(new URL(`../../../drizzle/analytics-service/${file}`, import.meta.url), "utf8")
    .split("--> statement-breakpoint")
    .at(-1) as string;
const HOUR = 3_600_000;
const base = Date.parse("2026-05-01T00:00:00Z");

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase({ services: ["analytics-service"] });
});
afterAll(async () => {
  await db?.close();
});

const windows = async () => {
  const r = (await db.db.execute(
    sql`select start_hour::text || '|' || hours || '|' || accounts as w from analytics_service.active_windows order by hours, start_hour`,
  )) as unknown as { rows: { w: string }[] } | { w: string }[];
  return (Array.isArray(r) ? r : r.rows).map((x) => x.w);
};

test("active_windows and active_accounts: backfill = upkeep on insert = brute force", async () => {
  const store = createPostgresAnalyticsStore(db.db);
  // 5 accounts, activity hours chosen to make overlapping, adjacent and distant windows.
  const hours = [[0, 1, 2, 30], [5, 29, 60], [23, 24, 25, 48], [100], [0, 47, 71, 72]];
  const rows: EventRow[] = hours.flatMap((hs, a) =>
    hs.map((h) => ({
      id: crypto.randomUUID(),
      name: "app_open",
      accountId: `acc-${a}`,
      deviceId: null,
      sessionId: null,
      occurredAt: new Date(base + h * HOUR + 600_000),
      postId: null,
      targetAccountId: null,
      surface: null,
      source: "client" as const,
      properties: {},
    })),
  );
  for (let i = 0; i < rows.length; i += 3) await store.insert(rows.slice(i, i + 3));
  const incremental = await windows();
  // Brute force: count(distinct) over active_hours for every start hour and length.
  const brute = (await db.db.execute(sql`
    select s.start::text || '|' || l.len || '|' || count(distinct h.account_id) as w
    from generate_series('2026-04-29T00:00:00Z'::timestamptz, '2026-05-06T00:00:00Z', interval '1 hour') s(start)
    cross join (values (23), (24), (25)) l(len)
    join analytics_service.active_hours h on h.hour >= s.start and h.hour < s.start + l.len * interval '1 hour'
    group by l.len, s.start order by l.len, s.start`)) as unknown as
    | { rows: { w: string }[] }
    | { w: string }[];
  expect(incremental).toEqual((Array.isArray(brute) ? brute : brute.rows).map((x) => x.w));
  await db.db.execute(sql`delete from analytics_service.active_windows`);
  await db.db.execute(sql.raw(lastStatement("0002_active_windows.sql")));
  expect(await windows()).toEqual(incremental);

  const spans = async () => {
    const r = (await db.db.execute(
      sql`select account_id || '|' || first_hour::text || '|' || last_hour::text as s from analytics_service.active_accounts order by 1`,
    )) as unknown as { rows: { s: string }[] } | { s: string }[];
    return (Array.isArray(r) ? r : r.rows).map((x) => x.s);
  };
  const kept = await spans();
  expect(kept.length).toBe(5);
  await db.db.execute(sql`delete from analytics_service.active_accounts`);
  await db.db.execute(sql.raw(lastStatement("0003_active_accounts.sql")));
  expect(await spans()).toEqual(kept);

  // distinctActive over ranges that cut runs of activity (e.g. hours 10–20: acc-0 and acc-1 were
  // active before and after, not inside).
  for (const [a, b] of [
    [10, 20],
    [0, 1],
    [3, 29],
    [3, 30],
    [24, 49],
    [61, 100],
    [61, 101],
    [-5, 200],
    [72, 73],
  ]) {
    const from = new Date(base + (a as number) * HOUR);
    const to = new Date(base + (b as number) * HOUR);
    const brute = (await db.db.execute(
      sql`select count(distinct account_id)::int as n from analytics_service.active_hours
          where hour >= ${from.toISOString()} and hour < ${to.toISOString()}`,
    )) as unknown as { rows: { n: number }[] } | { n: number }[];
    const n = (Array.isArray(brute) ? brute : brute.rows)[0]?.n;
    expect({ a, b, n: await store.distinctActive({ from, to, timeZone: "UTC" }) }).toEqual({
      a,
      b,
      n: n as number,
    });
  }
});
