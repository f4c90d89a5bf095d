import { createClient } from "@clickhouse/client";
import { readEngineEnv } from "@nova/infra";
import type { AnalyticsStore } from "../src/store/analytics-store.ts";
import {
  CLICKHOUSE_ROLLUPS,
  clickHouseTables,
  createClickHouseAnalyticsStore,
} from "../src/store/create-clickhouse-analytics-store.ts";
import { describeAnalyticsStoreContract } from "../src/testing/analytics-store-contract.ts";
import { describeErasureRecovery } from "../src/testing/erasure-recovery-contract.ts";

// Fails (readEngineEnv throws) when CLICKHOUSE_URL is in neither the environment nor .engines/env.
const { CLICKHOUSE_URL } = readEngineEnv(["CLICKHOUSE_URL"]);

const freshPrefix = () => `analytics_test_${process.pid}_${Date.now().toString(36)}_`;

async function dropTables(prefix: string) {
  const admin = createClient({ url: CLICKHOUSE_URL });
  const t = clickHouseTables(prefix);
  for (const key of CLICKHOUSE_ROLLUPS) await admin.command({ query: `DROP VIEW IF EXISTS ${t[key]}_mv` });
  for (const table of Object.values(t)) await admin.command({ query: `DROP TABLE IF EXISTS ${table}` });
  await admin.close();
}

/** A ClickHouse store on tables of its own (a fresh prefix), dropped on close. */
async function scratchStore(): Promise<AnalyticsStore> {
  const prefix = freshPrefix();
  const store = await createClickHouseAnalyticsStore({ url: CLICKHOUSE_URL, prefix });
  return {
    ...store,
    async close() {
      await store.close();
      await dropTables(prefix);
    },
  };
}

describeAnalyticsStoreContract("ClickHouse (chDB)", scratchStore);

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
