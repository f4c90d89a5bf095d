import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { createClient } from "@clickhouse/client";
import { readEngineEnv } from "@nova/infra";
import { EntityType } from "@nova/proto/feature_store/v1";
import { createClickHouseOfflineStore } from "../src/offline/create-clickhouse-offline-store.ts";
import type { OfflineStore } from "../src/offline/offline-store.ts";
import { describeOfflineStoreContract } from "../src/testing/offline-store-contract.ts";
import { type FeatureStoreHarness, startFeatureStore } from "./support/feature-store-harness.ts";
import { events } from "./support/source-events.ts";

// Fails (readEngineEnv throws) when CLICKHOUSE_URL is in neither the environment nor .engines/env.
const { CLICKHOUSE_URL } = readEngineEnv(["CLICKHOUSE_URL"]);

/** A ClickHouse offline store on a table of its own, dropped on close. */
async function scratchStore(): Promise<OfflineStore> {
  const table = `feature_snapshots_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const store = await createClickHouseOfflineStore({ url: CLICKHOUSE_URL, table });
  return {
    ...store,
    async close() {
      await store.close();
      const admin = createClient({ url: CLICKHOUSE_URL });
      await admin.command({ query: `DROP TABLE IF EXISTS ${table}` });
      await admin.close();
    },
  };
}

describeOfflineStoreContract("ClickHouse", scratchStore);

describe("feature-store with its offline store on ClickHouse", () => {
  let h: FeatureStoreHarness;
  const T0 = new Date("2026-03-01T00:00:00Z");
  const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
  beforeAll(async () => {
    h = await startFeatureStore("pglite", { offline: await scratchStore() });
  });
  afterAll(async () => {
    await h?.close();
  });

  test("materialised history is point-in-time correct", async () => {
    const [author, fan, post] = [Bun.randomUUIDv7(), Bun.randomUUIDv7(), Bun.randomUUIDv7()];
    await h.deliver(events.postCreated({ postId: post, authorId: author, publishedAt: at(0) }), at(0));
    const like = events.likeCreated({ accountId: fan, postId: post, authorId: author });
    const likeId = await h.deliver(like, at(10));
    await h.deliver(like, at(10), likeId); // redelivery
    await h.deliver(events.commentCreated({ postId: post, postAuthorId: author, authorId: fan }), at(20));
    const read = async (minutes: number) =>
      (
        await h.rpc().getHistoricalFeatures({
          entityType: EntityType.POST,
          entityIds: [post],
          featureNames: ["like_count", "comment_count", "engagement_1h"],
          at: timestampFromDate(at(minutes)),
        })
      ).rows[0]?.values.map((v) => v.kind.value);
    expect(await read(5)).toEqual([0, 0, 0]);
    expect(await read(15)).toEqual([1, 0, 1]);
    expect(await read(25)).toEqual([1, 1, 2]);
    expect(await h.ctx.offline.history("post", post)).toHaveLength(3);
  });
});
