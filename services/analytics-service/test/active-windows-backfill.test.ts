import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { createTestDatabase } from "@nova/testing";
import { sql } from "drizzle-orm";
import { createPostgresAnalyticsStore } from "../src/store/create-postgres-analytics-store.ts";
import type { EventRow } from "../src/store/event-row.ts";

// The backfill in migration 0002 must give the same windows as the incremental upkeep on insert.
const MIGRATION = new URL("../../../drizzle/analytics-service/0002_active_windows.sql", import.meta.url);
const backfill = readFileSync(MIGRATION, "utf8").split("--> statement-breakpoint").at(-1) as string;

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

test("the migration's backfill from active_hours equals the windows kept by inserts", async () => {
  const store = createPostgresAnalyticsStore(db.db);
  const base = Date.parse("2026-05-01T00:00:00Z");
  // 5 accounts, activity hours chosen to make overlapping, adjacent and distant windows.
  const hours = [[0, 1, 2, 30], [5, 29, 60], [23, 24, 25, 48], [100], [0, 47, 71, 72]];
  const rows: EventRow[] = hours.flatMap((hs, a) =>
    hs.map((h) => ({
      id: crypto.randomUUID(),
      name: "app_open",
      accountId: `acc-${a}`,
      deviceId: null,
      sessionId: null,
      occurredAt: new Date(base + h * 3_600_000 + 600_000),
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
  await db.db.execute(sql.raw(backfill));
  expect(await windows()).toEqual(incremental);
});
