import { describe, expect, test } from "bun:test";
import { readEngineEnv } from "@nova/infra";
import { createClickHouseImpressionStore } from "../src/store/clickhouse-impression-store.ts";
import { describeImpressionStoreContract } from "../src/testing/index.ts";

// Throws (so the suite fails, never skips) when CLICKHOUSE_URL is in neither the environment nor .engines/env.
const { CLICKHOUSE_URL } = readEngineEnv(["CLICKHOUSE_URL"]);

describeImpressionStoreContract(`clickhouse adapter on ${CLICKHOUSE_URL}`, () =>
  createClickHouseImpressionStore(CLICKHOUSE_URL),
);

describe("clickhouse adapter start", () => {
  test("an unreachable CLICKHOUSE_URL fails with a message naming it", async () => {
    await expect(createClickHouseImpressionStore("http://127.0.0.1:9")).rejects.toThrow(/^CLICKHOUSE_URL: /);
  });
});
