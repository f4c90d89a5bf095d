import { createClient } from "@clickhouse/client";
import { readEngineEnv } from "@nova/infra";
import type { AnalyticsStore } from "../src/store/analytics-store.ts";
import { createClickHouseAnalyticsStore } from "../src/store/create-clickhouse-analytics-store.ts";
import { describeAnalyticsStoreContract } from "../src/testing/analytics-store-contract.ts";

// Fails (readEngineEnv throws) when CLICKHOUSE_URL is in neither the environment nor .engines/env.
const { CLICKHOUSE_URL } = readEngineEnv(["CLICKHOUSE_URL"]);

/** A ClickHouse store on tables of its own (a fresh prefix), dropped on close. */
async function scratchStore(): Promise<AnalyticsStore> {
  const prefix = `analytics_test_${process.pid}_${Date.now().toString(36)}_`;
  const store = await createClickHouseAnalyticsStore({ url: CLICKHOUSE_URL, prefix });
  return {
    ...store,
    async close() {
      await store.close();
      const admin = createClient({ url: CLICKHOUSE_URL });
      for (const t of ["active_hours", "metric_hours", "subject_hours", "posts"])
        await admin.command({ query: `DROP VIEW IF EXISTS ${prefix}${t}_mv` });
      for (const t of ["events", "event_ids", "active_hours", "metric_hours", "subject_hours", "posts"])
        await admin.command({ query: `DROP TABLE IF EXISTS ${prefix}${t}` });
      await admin.close();
    },
  };
}

describeAnalyticsStoreContract("ClickHouse (chDB)", scratchStore);
