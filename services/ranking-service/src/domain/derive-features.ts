import type { RawFeatures } from "./feature-source.ts";
import type { ModelFeature, ModelVersion } from "./model-versions.ts";

const HOUR_MS = 3_600_000;
// Scales chosen so typical values spread over [0, 1]: ~1,000 interactions a day or ~100,000
// followers saturate; beyond that more is not much better for a home feed.
const ENGAGEMENT_SCALE = Math.log1p(1000);
const FOLLOWERS_SCALE = Math.log1p(100_000);

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** Post age in hours at `now` (never negative: a clock-skewed future post counts as brand new). */
export function ageHours(createdAt: Date, now: Date): number {
  return Math.max(0, (now.getTime() - createdAt.getTime()) / HOUR_MS);
}

/** The model's [0, 1] inputs for one candidate, from its raw features and age. */
export function deriveFeatures(
  raw: RawFeatures,
  age: number,
  model: ModelVersion,
): Record<ModelFeature, number> {
  const interactions = Math.max(0, raw.post.engagement_24h) + 4 * Math.max(0, raw.post.engagement_velocity);
  return {
    freshness: 0.5 ** (age / model.freshnessHalfLifeHours),
    engagement: clamp01(Math.log1p(interactions) / ENGAGEMENT_SCALE),
    affinity: clamp01(1 - Math.exp(-Math.max(0, raw.user_author.affinity))),
    followed_author: raw.user_author.follows > 0 ? 1 : 0,
    author_quality: clamp01(Math.log1p(Math.max(0, raw.author.follower_count)) / FOLLOWERS_SCALE),
  };
}
