import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { gzipSync } from "node:zlib";
import { Code, ConnectError } from "@connectrpc/connect";
import { EntityType } from "@nova/proto/feature_store/v1";
import { type FeatureStoreHarness, startFeatureStore } from "./support/feature-store-harness.ts";

const GET_FEATURES = "/nova.feature_store.v1.FeatureStoreService/GetFeatures";
const connectJson = { "content-type": "application/json", "connect-protocol-version": "1" };

/** Findings 5 and 8 where they were seen: GetFeatures ids with NUL, and Connect bodies without a limit. */
describe("feature-store's RPC edge", () => {
  let h: FeatureStoreHarness;
  beforeAll(async () => {
    h = await startFeatureStore("pglite");
  });
  afterAll(async () => {
    await h?.close();
  });

  test("GetFeatures with NUL in an entity id is InvalidArgument naming the field, not Internal", async () => {
    const err = await h
      .rpc()
      .getFeatures({ entityType: EntityType.USER, entityIds: ["fine", "bad\u0000id"], featureNames: [] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.InvalidArgument);
    expect((err as ConnectError).rawMessage).toContain("entityIds.1");
  });

  test("a 120 MB Connect body is refused with resource_exhausted after reading at most the limit", async () => {
    const chunk = new TextEncoder().encode(`{"entityIds":["${"a".repeat(65_000)}`);
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 120_000_000) return controller.close();
        controller.enqueue(chunk);
        pulled += chunk.byteLength;
      },
    });
    const res = await h.request(GET_FEATURES, {
      method: "POST",
      headers: { ...connectJson, ...(await h.pki.headers("ranking-service", "feature-store")) },
      body,
      duplex: "half",
    } as RequestInit);
    expect(((await res.json()) as { code: string }).code).toBe("resource_exhausted");
    expect(pulled).toBeLessThan(2 * 1024 * 1024);
  });

  test("a gzip-compressed Connect body is accepted (was 501)", async () => {
    const res = await h.request(GET_FEATURES, {
      method: "POST",
      headers: {
        ...connectJson,
        "content-encoding": "gzip",
        ...(await h.pki.headers("ranking-service", "feature-store")),
      },
      body: gzipSync(JSON.stringify({ entityType: "ENTITY_TYPE_USER", entityIds: ["u1"], featureNames: [] })),
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as { rows: { entityId: string }[] };
    expect(json.rows.map((r) => r.entityId)).toEqual(["u1"]);
  });

  test("an unsupported Content-Encoding is 415, never 501", async () => {
    const res = await h.request(GET_FEATURES, {
      method: "POST",
      headers: { ...connectJson, "content-encoding": "zstd" },
      body: "{}",
    });
    expect(res.status).toBe(415);
  });
});
