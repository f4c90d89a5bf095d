import { expect, test } from "bun:test";
import { createClient } from "@clickhouse/client";
import { readEngineEnv } from "@nova/infra";
import { type FunnelDefinition, parseFunnels } from "../src/domain/funnel-definitions.ts";
import type { AnalyticsStore } from "../src/store/analytics-store.ts";
import {
  clickHouseTables,
  createClickHouseAnalyticsStore,
} from "../src/store/create-clickhouse-analytics-store.ts";
import { describeAnalyticsStoreContract } from "../src/testing/analytics-store-contract.ts";
import {
  dropClickHouseTables as dropScratch,
  freshClickHousePrefix as freshPrefix,
} from "../src/testing/drop-clickhouse-tables.ts";
import { describeErasureRecovery } from "../src/testing/erasure-recovery-contract.ts";
import { eventRow } from "../src/testing/event-rows.ts";

// Fails (readEngineEnv throws) when CLICKHOUSE_URL is in neither the environment nor .engines/env.
const { CLICKHOUSE_URL } = readEngineEnv(["CLICKHOUSE_URL"]);

const dropTables = (prefix: string) => dropScratch(CLICKHOUSE_URL, prefix);

/** A ClickHouse store on tables of its own (a fresh prefix), dropped on close. */
async function scratchStore(
  funnels?: readonly FunnelDefinition[],
  rollupZones?: readonly string[],
): Promise<AnalyticsStore> {
  const prefix = freshPrefix();
  const store = await createClickHouseAnalyticsStore({ url: CLICKHOUSE_URL, prefix, funnels, rollupZones });
  return {
    ...store,
    async close() {
      await store.close();
      await dropTables(prefix);
    },
  };
}

describeAnalyticsStoreContract("ClickHouse (chDB)", () => scratchStore(), "all");

// The same suite with its funnels and zones kept (ANALYTICS_FUNNELS, ANALYTICS_ROLLUP_ZONES): the
// hand-computed funnels then come from the per-day bitmaps, the local days of Paris
// (DST), Kolkata and Kathmandu from their day states, Tokyo's retention from its local weeks; the
// erasure rebuilds them.
describeAnalyticsStoreContract(
  "ClickHouse (chDB), funnels and zones kept",
  () =>
    scratchStore(parseFunnels("app_open>post_open>like@1h;app_open>post_open@3h").funnels, [
      "Europe/Paris",
      "Asia/Kolkata",
      "Asia/Kathmandu",
      "Asia/Tokyo",
    ]),
  "unkept",
);

// Each open is a new instance on the same tables (a restart), which resumes unfinished erasures.
describeErasureRecovery("ClickHouse (chDB)", async () => {
  const prefix = freshPrefix();
  const opened: AnalyticsStore[] = [];
  return {
    async open(onErasureStep) {
      const store = await createClickHouseAnalyticsStore({ url: CLICKHOUSE_URL, prefix, onErasureStep });
      opened.push(store);
      return store;
    },
    async cleanup() {
      for (const s of opened) await s.close();
      await dropTables(prefix);
    },
  };
});

test("a rollup added to a store that already has events is backfilled from them when the store opens", async () => {
  const prefix = freshPrefix();
  const first = await createClickHouseAnalyticsStore({ url: CLICKHOUSE_URL, prefix });
  try {
    const row = (name: string, accountId: string, at: string, postId?: string) =>
      eventRow(name, accountId, at, postId ? { postId } : {});
    await first.insert([
      row("signup", "a", "2026-05-04T10:00:00Z"),
      row("signup", "b", "2026-05-05T18:20:00Z"), // Kolkata: 05-05 23:50
      row("app_open", "b", "2026-05-05T18:40:00Z"), // Kolkata: 05-06 00:10
      row("like", "a", "2026-05-12T09:00:00Z", "p"),
    ]);
    const kolkata = {
      from: new Date("2026-05-03T18:30:00Z"),
      to: new Date("2026-05-17T18:30:00Z"),
      timeZone: "Asia/Kolkata",
    };
    const answers = async (s: AnalyticsStore) => ({
      days: await s.activeUsers(kolkata, "day"),
      retention: await s.retention(kolkata, 2),
      likes: await s.subjectsByDay(kolkata, ["p"], ["like"]),
    });
    const before = await answers(first);
    expect(before.days).toEqual([
      { start: "2026-05-04", activeUsers: 1 },
      { start: "2026-05-05", activeUsers: 1 },
      { start: "2026-05-06", activeUsers: 1 },
      { start: "2026-05-12", activeUsers: 1 },
    ]);
    // An older version's store: these rollups did not exist yet.
    const admin = createClient({ url: CLICKHOUSE_URL });
    const t = clickHouseTables(prefix);
    for (const table of [t.active, t.weeks, t.cohorts, t.subjects]) {
      await admin.command({ query: `DROP VIEW IF EXISTS ${table}_mv` });
      await admin.command({ query: `DROP TABLE IF EXISTS ${table}` });
    }
    await admin.close();
    await first.close();
    const reopened = await createClickHouseAnalyticsStore({ url: CLICKHOUSE_URL, prefix });
    expect(await answers(reopened)).toEqual(before);
    await reopened.close();
  } finally {
    await dropTables(prefix);
  }
});
