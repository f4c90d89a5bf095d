import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestDatabase } from "@nova/testing";
import { sql } from "drizzle-orm";
import { type FunnelDefinition, parseFunnels } from "../src/domain/funnel-definitions.ts";
import { zonedRange } from "../src/domain/zoned-range.ts";
import type { AnalyticsStore, FunnelQuery } from "../src/store/analytics-store.ts";
import { createPostgresAnalyticsStore } from "../src/store/create-postgres-analytics-store.ts";
import type { EventRow } from "../src/store/event-row.ts";
import { type FunnelEvent, funnelCounts } from "../src/store/funnel-counts.ts";
import { eventRow } from "../src/testing/event-rows.ts";

// The PostgreSQL funnel (index lookups per step-1 occurrence) against a brute force over the raw
// events (`funnelCounts`): accounts and anonymous devices
// with interleaved, repeated and same-minute steps, steps exactly at the window's edge, and steps
// before `from` or at/after `to`.
const MINUTE = 60_000;
const base = Date.parse("2026-05-04T00:00:00Z");
let seed = 7;
const rand = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const NAMES = ["app_open", "post_open", "like", "comment", "post_impression"];
const rows: EventRow[] = [];
for (let a = 0; a < 60; a++) {
  const device = a % 6 === 5;
  const actor = device ? `dev-${a}` : `acc-${a}`;
  // Bursts of events on a minute grid (ties and exact window edges happen), over ~2 days.
  for (let burst = 0; burst < 1 + Math.floor(rand() * 4); burst++) {
    const at0 = base + Math.floor(rand() * 48 * 60) * MINUTE;
    for (let e = 0; e < 2 + Math.floor(rand() * 8); e++) {
      const at = at0 + Math.floor(rand() * 90) * MINUTE;
      const name = NAMES[Math.floor(rand() * (rand() < 0.8 ? 3 : NAMES.length))] as string;
      rows.push(
        device
          ? eventRow(name, null, at, { deviceId: actor, source: "client" })
          : eventRow(name, actor, at, { postId: "post-1" }),
      );
    }
  }
}

function bruteForce(steps: string[], from: number, to: number, windowMs: number): number[] {
  return bruteForceOf(rows, steps, from, to, windowMs);
}

function bruteForceOf(
  rows: readonly EventRow[],
  steps: string[],
  from: number,
  to: number,
  windowMs: number,
): number[] {
  const list: FunnelEvent[] = rows
    .filter((r) => steps.includes(r.name) && +r.occurredAt >= from && +r.occurredAt < to)
    .map((r) => ({ actor: r.accountId ?? `device:${r.deviceId}`, name: r.name, at: +r.occurredAt }))
    .sort((x, y) => (x.actor < y.actor ? -1 : x.actor > y.actor ? 1 : x.at - y.at));
  return funnelCounts(list, steps, windowMs);
}

let store: AnalyticsStore;
let close: () => Promise<void>;
beforeAll(async () => {
  const db = await createTestDatabase({ services: ["analytics-service"] });
  close = () => db.close();
  store = createPostgresAnalyticsStore(db.db);
  for (let i = 0; i < rows.length; i += 50) await store.insert(rows.slice(i, i + 50));
}, 60_000);
afterAll(() => close());

const cases: { steps: string[]; windowMin: number; fromMin: number; toMin: number }[] = [
  { steps: ["app_open", "post_open", "like"], windowMin: 60, fromMin: 0, toMin: 4 * 24 * 60 },
  { steps: ["app_open", "post_open", "like"], windowMin: 20, fromMin: 0, toMin: 4 * 24 * 60 },
  // A range that cuts bursts: steps before `from` cannot start, steps at/after `to` cannot count.
  { steps: ["app_open", "post_open", "like"], windowMin: 45, fromMin: 13 * 60 + 10, toMin: 30 * 60 + 5 },
  { steps: ["app_open", "app_open", "post_open"], windowMin: 30, fromMin: 0, toMin: 4 * 24 * 60 },
  { steps: ["like", "post_open", "app_open", "comment"], windowMin: 90, fromMin: 0, toMin: 4 * 24 * 60 },
  { steps: ["post_open", "like"], windowMin: 1, fromMin: 0, toMin: 4 * 24 * 60 },
];

test("the funnel equals a brute force over the raw events", async () => {
  for (const c of cases) {
    const from = base + c.fromMin * MINUTE;
    const to = base + c.toMin * MINUTE;
    const expected = bruteForce(c.steps, from, to, c.windowMin * MINUTE);
    const got = await store.funnel({
      from: new Date(from),
      to: new Date(to),
      timeZone: "UTC",
      steps: c.steps,
      windowMs: c.windowMin * MINUTE,
    });
    expect({ ...c, got }).toEqual({ ...c, got: expected });
  }
  // The data reaches the last step somewhere, and not everyone does (the comparison is not trivial).
  const deep = bruteForce(["app_open", "post_open", "like"], base, base + 4 * 24 * 60 * MINUTE, 60 * MINUTE);
  expect(deep[2]).toBeGreaterThan(0);
  expect(deep[2]).toBeLessThan(deep[0] ?? 0);
});

// The kept funnels (ANALYTICS_FUNNELS × rollup zones: per-day bitsets kept at ingest) against the
// same brute force, on data over four days that cross Paris's 23-hour day (2026-03-29): events
// arrive shuffled in batches, part of them before the funnels are configured (backfill) and the
// rest after (ingest upkeep), some batches twice; two accounts are erased, one of them the target
// of other actors' likes. Ranges are whole local days (what zonedRange gives), some of them ending
// in the middle of chains, with windows from 1 minute to 30 hours.
describe("kept funnels", () => {
  const start = Date.parse("2026-03-27T00:00:00Z");
  const data: EventRow[] = [];
  for (let a = 0; a < 40; a++) {
    const device = a % 6 === 5;
    const actor = device ? `dev-${a}` : `acc-${a}`;
    const add = (name: string, at: number) =>
      data.push(
        device
          ? eventRow(name, null, at, { deviceId: actor, source: "client" })
          : eventRow(name, actor, at, {
              postId: "post-1",
              targetAccountId: name === "like" ? `acc-${(a + 1) % 40}` : null,
            }),
      );
    // Bursts near local midnights (chains that a day's end cuts) and anywhere, plus lone steps.
    for (let burst = 0; burst < 1 + Math.floor(rand() * 4); burst++) {
      const day = Math.floor(rand() * 4);
      const at0 =
        start +
        day * 1440 * MINUTE +
        (rand() < 0.5 ? 21 * 60 + Math.floor(rand() * 240) : Math.floor(rand() * 1440)) * MINUTE;
      for (let e = 0; e < 2 + Math.floor(rand() * 8); e++)
        add(
          NAMES[Math.floor(rand() * (rand() < 0.8 ? 3 : NAMES.length))] as string,
          at0 + Math.floor(rand() * 120) * MINUTE,
        );
    }
    for (let e = 0; e < Math.floor(rand() * 5); e++)
      add(NAMES[Math.floor(rand() * 3)] as string, start + Math.floor(rand() * 4 * 1440) * MINUTE);
  }
  const shuffled = [...data].sort(() => rand() - 0.5);
  const funnels = parseFunnels(
    "app_open>post_open>like@60m;app_open>post_open>like@30h;app_open>app_open>post_open@45m;like>post_open>app_open>comment@90m;post_open>like@1m",
  ).funnels;
  const zones = ["Europe/Paris", "Asia/Kolkata"];
  const erased = ["acc-7", "acc-12"];
  let kept: AnalyticsStore;
  let raw: AnalyticsStore;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase({ services: ["analytics-service"] });
    raw = createPostgresAnalyticsStore(database.db, { rollupZones: zones });
    const half = Math.floor(shuffled.length / 2);
    for (let i = 0; i < half; i += 23) await raw.insert(shuffled.slice(i, i + 23));
    kept = createPostgresAnalyticsStore(database.db, { rollupZones: zones, funnels });
    // The first read lists and backfills the funnels; the rest arrives through the upkeep.
    await kept.funnel({
      ...zonedRange({ from: "2026-03-27", to: "2026-03-27" }, new Date(start)),
      ...funnels[0],
    } as FunnelQuery);
    for (let i = half; i < shuffled.length; i += 31) await kept.insert(shuffled.slice(i, i + 31));
    for (let i = 0; i < shuffled.length; i += 97) await kept.insert(shuffled.slice(i, i + 41)); // repeated batches
    for (const account of erased) await kept.eraseAccount(account);
  }, 60_000);
  afterAll(() => database.close());

  const present = () =>
    data.filter((r) => !erased.includes(r.accountId ?? "") && !erased.includes(r.targetAccountId ?? ""));
  const ranges: [string, string][] = [
    ["2026-03-27", "2026-03-30"],
    ["2026-03-27", "2026-03-27"],
    ["2026-03-28", "2026-03-29"],
    ["2026-03-29", "2026-03-29"],
    ["2026-03-27", "2026-03-28"],
    ["2026-03-30", "2026-03-31"],
  ];

  test("equal the brute force over the raw events, in every zone, funnel and range", async () => {
    const rowsNow = present();
    let compared = 0;
    for (const timeZone of ["UTC", ...zones])
      for (const f of funnels)
        for (const [from, to] of ranges) {
          const range = zonedRange({ from, to, tz: timeZone }, new Date(start));
          const expected = bruteForceOf(rowsNow, f.steps as string[], +range.from, +range.to, f.windowMs);
          const got = await kept.funnel({ ...range, steps: f.steps, windowMs: f.windowMs });
          expect({ timeZone, funnel: f.key, from, to, got }).toEqual({
            timeZone,
            funnel: f.key,
            from,
            to,
            got: expected,
          });
          compared += expected[0] ?? 0;
        }
    expect(compared).toBeGreaterThan(0);
  });

  test("are what answers (the events gone, the kept answer stays), and erased accounts have no number", async () => {
    const range = zonedRange({ from: "2026-03-27", to: "2026-03-30", tz: "Europe/Paris" }, new Date(start));
    const f = funnels[1] as FunnelDefinition;
    const before = await kept.funnel({ ...range, steps: f.steps, windowMs: f.windowMs });
    expect(before[2]).toBeGreaterThan(0);
    const numbers = await database.db.execute(
      sql`select count(*)::int as n from analytics_service.funnel_actors where actor in ('acc-7', 'acc-12')`,
    );
    expect((numbers as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(0);
    await database.db.execute(sql`delete from analytics_service.events`);
    expect(await kept.funnel({ ...range, steps: f.steps, windowMs: f.windowMs })).toEqual(before);
    expect(await raw.funnel({ ...range, steps: f.steps, windowMs: f.windowMs })).toEqual([0, 0, 0]);
  });
});
