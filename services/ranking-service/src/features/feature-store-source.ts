import type { Client } from "@connectrpc/connect";
import { EntityType, type FeatureStoreService } from "@nova/proto/feature_store/v1";
import type { FeatureBatch, FeatureEntity, FeatureQuery, FeatureSource } from "../domain/feature-source.ts";

const ENTITY: Record<FeatureEntity, EntityType> = {
  post: EntityType.POST,
  author: EntityType.AUTHOR,
  user_author: EntityType.USER_AUTHOR,
};

/**
 * feature-store's GetFeatures (`numbers_only`: one packed array of doubles, not a message per
 * value) as the ranker's FeatureSource. GetFeatures takes one entity type, so
 * the ranker's one batched request becomes one call per entity type, sent together and aborted
 * together by the ranking's deadline.
 */
export function createFeatureStoreSource(client: Client<typeof FeatureStoreService>): FeatureSource {
  const one = async (q: FeatureQuery, signal: AbortSignal): Promise<FeatureBatch> => {
    if (q.entityIds.length === 0) return { entityType: q.entityType, values: [] };
    const res = await client.getFeatures(
      {
        entityType: ENTITY[q.entityType],
        entityIds: [...q.entityIds],
        featureNames: [...q.featureNames],
        numbersOnly: true,
      },
      { signal },
    );
    // Columns by name: the response names its own order. One packed array, row-major.
    const width = res.featureNames.length;
    if (res.numbers.length !== q.entityIds.length * width)
      throw new Error(`${q.entityType}: ${res.numbers.length} numbers for ${q.entityIds.length} × ${width}`);
    const column = q.featureNames.map((name) => res.featureNames.indexOf(name));
    return {
      entityType: q.entityType,
      values: q.entityIds.map((_, row) =>
        column.map((j) => (j >= 0 ? (res.numbers[row * width + j] as number) : Number.NaN)),
      ),
    };
  };
  return {
    name: "feature-store",
    getFeatures: (queries, signal) => Promise.all(queries.map((q) => one(q, signal))),
  };
}
