/** Entities the ranker asks features about; `user_author` ids are `<viewerId>:<authorId>`. */
export type FeatureEntity = "post" | "author" | "user_author";

/** Features of one entity type for many ids. */
export interface FeatureQuery {
  entityType: FeatureEntity;
  entityIds: readonly string[];
  featureNames: readonly string[];
}

/** Dense answer to a FeatureQuery: `values[i][j]` is feature j of entity i (defaults filled in). */
export interface FeatureBatch {
  entityType: FeatureEntity;
  values: readonly (readonly number[])[];
}

/**
 * Where online feature values come from (feature-store in production). One call per ranking,
 * answering every query in order; `signal` aborts when the ranking's deadline passes.
 */
export interface FeatureSource {
  readonly name: string;
  getFeatures(queries: readonly FeatureQuery[], signal: AbortSignal): Promise<FeatureBatch[]>;
}

/** The raw features the ranker reads, by entity, with the value used when none is known. */
export const RAW_FEATURES = {
  post: { engagement_24h: 0, engagement_velocity: 0 },
  author: { follower_count: 0 },
  user_author: { affinity: 0, follows: 0 },
} as const satisfies Record<FeatureEntity, Record<string, number>>;

export type RawFeatures = {
  [E in FeatureEntity]: { [K in keyof (typeof RAW_FEATURES)[E]]: number };
};

/** The raw features of a candidate whose values could not be fetched. */
export function defaultRawFeatures(): RawFeatures {
  return {
    post: { ...RAW_FEATURES.post },
    author: { ...RAW_FEATURES.author },
    user_author: { ...RAW_FEATURES.user_author },
  };
}
