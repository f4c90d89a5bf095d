import { describe, expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import { createClient, createRouterTransport } from "@connectrpc/connect";
import {
  EntityType,
  FeatureStoreService,
  type GetFeaturesRequest,
  GetFeaturesResponseSchema,
} from "@nova/proto/feature_store/v1";
import { createFeatureStoreSource } from "../src/features/feature-store-source.ts";

/** A feature-store that answers numbers_only requests in its own column order, recording them. */
function storeAnswering(answer: (req: GetFeaturesRequest) => { names: string[]; numbers: number[] }) {
  const seen: GetFeaturesRequest[] = [];
  const transport = createRouterTransport(({ service }) => {
    service(FeatureStoreService, {
      getFeatures(req) {
        seen.push(req);
        const { names, numbers } = answer(req);
        return create(GetFeaturesResponseSchema, { featureNames: names, numbers });
      },
    });
  });
  return { source: createFeatureStoreSource(createClient(FeatureStoreService, transport)), seen };
}

describe("feature-store source (GetFeatures numbers_only)", () => {
  test("asks for packed numbers and maps the response's columns by name, per entity type", async () => {
    const { source, seen } = storeAnswering((req) =>
      req.entityType === EntityType.POST
        ? // Columns in another order than asked, one the ranker did not ask for among them.
          { names: ["b", "extra", "a"], numbers: [2, 99, 1, 20, 99, 10] }
        : { names: ["x"], numbers: [7] },
    );
    const batches = await source.getFeatures(
      [
        { entityType: "post", entityIds: ["p1", "p2"], featureNames: ["a", "b"] },
        { entityType: "author", entityIds: ["u1"], featureNames: ["x", "missing"] },
        { entityType: "user_author", entityIds: [], featureNames: ["x"] },
      ],
      new AbortController().signal,
    );
    expect(seen.map((r) => [r.entityType, r.numbersOnly])).toEqual([
      [EntityType.POST, true],
      [EntityType.AUTHOR, true],
    ]);
    expect(batches[0]?.values).toEqual([
      [1, 2],
      [10, 20],
    ]);
    expect(batches[1]?.values[0]?.[0]).toBe(7);
    expect(Number.isNaN(batches[1]?.values[0]?.[1])).toBe(true);
    expect(batches[2]?.values).toEqual([]);
  });

  test("a response whose size does not match ids × names is refused", async () => {
    const { source } = storeAnswering(() => ({ names: ["a"], numbers: [1] }));
    await expect(
      source.getFeatures(
        [{ entityType: "post", entityIds: ["p1", "p2"], featureNames: ["a"] }],
        new AbortController().signal,
      ),
    ).rejects.toThrow("1 numbers for 2 × 1");
  });
});
