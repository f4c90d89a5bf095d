import { createClient } from "@clickhouse/client";

/** A table prefix of its own for one test's ClickHouse store. */
export const freshClickHousePrefix = () => `analytics_test_${process.pid}_${Date.now().toString(36)}_`;

/**
 * Drops every table (views first) whose name starts with `prefix`: the rollups and the kept
 * funnels' tables too (their names depend on the configured funnels). Tests and the bench.
 */
export async function dropClickHouseTables(url: string, prefix: string) {
  const admin = createClient({ url });
  try {
    const rows = await (
      await admin.query({
        query: `SELECT name, engine FROM system.tables WHERE database = currentDatabase() AND startsWith(name, {p:String})`,
        query_params: { p: prefix },
        format: "JSONEachRow",
      })
    ).json<{ name: string; engine: string }>();
    const views = rows.filter((r) => r.engine === "MaterializedView");
    for (const r of [...views, ...rows.filter((r) => !views.includes(r))])
      await admin.command({
        query: `DROP ${r.engine === "MaterializedView" ? "VIEW" : "TABLE"} IF EXISTS ${r.name}`,
      });
  } finally {
    await admin.close();
  }
}
