import type { LabelledImpression } from "../store/impression-store.ts";
import { MODEL_FEATURES } from "./model-versions.ts";
import { seededRandom } from "./seeded-random.ts";

/**
 * Generated labelled impressions (nothing is written): `lists` rankings of 20 posts whose
 * engagement follows a hidden logistic truth that leans on affinity and follows. Lets the
 * evaluation command show a side-by-side report on a machine with no logged traffic yet.
 */
export function syntheticImpressions(lists: number, seed = 1): LabelledImpression[] {
  const random = seededRandom(seed);
  const truth = { freshness: 1, engagement: 1.2, affinity: 3, followed_author: 1.5, author_quality: 0.5 };
  const rows: LabelledImpression[] = [];
  for (let l = 0; l < lists; l++) {
    for (let p = 0; p < 20; p++) {
      const features = Object.fromEntries(MODEL_FEATURES.map((f) => [f, random()])) as Record<
        (typeof MODEL_FEATURES)[number],
        number
      >;
      features.followed_author = features.followed_author > 0.6 ? 1 : 0;
      const z = -4 + MODEL_FEATURES.reduce((s, f) => s + truth[f] * features[f], 0);
      rows.push({
        rankingId: `synthetic-${l}`,
        viewerId: `viewer-${l % 50}`,
        postId: `post-${l}-${p}`,
        authorId: `author-${Math.floor(random() * 200)}`,
        position: p,
        score: 0,
        modelVersion: "synthetic",
        features,
        shownAt: new Date(Date.UTC(2026, 0, 1) + l * 60_000),
        engaged: random() < 1 / (1 + Math.exp(-z)),
      });
    }
  }
  return rows;
}
