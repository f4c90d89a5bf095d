/** The model's inputs, each scaled to [0, 1] before weighting (see derive-features.ts). */
export const MODEL_FEATURES = [
  "freshness",
  "engagement",
  "affinity",
  "followed_author",
  "author_quality",
] as const;
export type ModelFeature = (typeof MODEL_FEATURES)[number];

/** A weighted logistic model: score = sigmoid(bias + Σ weights[f] × value[f]). */
export interface ModelVersion {
  readonly id: string;
  readonly bias: number;
  readonly weights: Readonly<Record<ModelFeature, number>>;
  /** Hours after which freshness has halved. */
  readonly freshnessHalfLifeHours: number;
}

// Versions are code, reviewed like code: a new weight set is a new id, never an edit of a
// shipped one, so logged impressions always name the weights that ranked them.
const versions = [
  {
    id: "logistic-v1",
    bias: -3,
    weights: { freshness: 2, engagement: 2, affinity: 1.5, followed_author: 1, author_quality: 0.5 },
    freshnessHalfLifeHours: 6,
  },
  {
    id: "logistic-v2",
    bias: -3,
    weights: { freshness: 1.2, engagement: 1.5, affinity: 2.5, followed_author: 1.5, author_quality: 0.8 },
    freshnessHalfLifeHours: 12,
  },
] as const satisfies readonly ModelVersion[];

export type ModelVersionId = (typeof versions)[number]["id"];
export const MODEL_VERSION_IDS = versions.map((v) => v.id) as [ModelVersionId, ...ModelVersionId[]];

/** The model version with this id, or undefined. */
export function findModelVersion(id: string): ModelVersion | undefined {
  return versions.find((v) => v.id === id);
}
