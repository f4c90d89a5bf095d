import type { Client } from "@connectrpc/connect";
import { EntityType, type FeatureStoreService } from "@nova/proto/feature_store/v1";
import type { FeatureBatch, FeatureEntity, FeatureQuery, FeatureSource } from "../domain/feature-source.ts";

const ENTITY: Record<FeatureEntity, EntityType> = {
  post: EntityType.POST,
  author: EntityType.AUTHOR,
  user_author: EntityType.USER_AUTHOR,
};

/**
 * feature-store's GetFeatures as the ranker's FeatureSource. GetFeatures takes one entity type, so
 * the ranker's one batched request becomes one call per entity type, sent together and aborted
 * together by the ranking's deadline.
 */
export function createFeatureStoreSource(client: Client<typeof FeatureStoreService>): FeatureSource {
  const one = async (q: FeatureQuery, signal: AbortSignal): Promise<FeatureBatch> => {
    if (q.entityIds.length === 0) return { entityType: q.entityType, values: [] };
    const res = await client.getFeatures(
      { entityType: ENTITY[q.entityType], entityIds: [...q.entityIds], featureNames: [...q.featureNames] },
      { signal },
    );
    // Columns by name: the response names its own order.
    const column = q.featureNames.map((name) => res.featureNames.indexOf(name));
    return {
      entityType: q.entityType,
      values: res.rows.map((row) =>
        column.map((j) => {
          const v = j >= 0 ? row.values[j]?.kind : undefined;
          return v?.case === "number" ? v.value : Number.NaN;
        }),
      ),
    };
  };
  return {
    name: "feature-store",
    getFeatures: (queries, signal) => Promise.all(queries.map((q) => one(q, signal))),
  };
}
