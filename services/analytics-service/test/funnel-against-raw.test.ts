import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "@nova/testing";
import type { AnalyticsStore } from "../src/store/analytics-store.ts";
import { createPostgresAnalyticsStore } from "../src/store/create-postgres-analytics-store.ts";
import type { EventRow } from "../src/store/event-row.ts";
import { type FunnelEvent, funnelCounts } from "../src/store/funnel-counts.ts";
import { eventRow } from "../src/testing/event-rows.ts";

// The PostgreSQL funnel (index lookups per step-1 occurrence) against a brute force over the raw
// events (`funnelCounts`, windowFunnel 'strict_increase' semantics): accounts and anonymous devices
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
});
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
