import type { ServiceContext } from "../context.ts";
import { actingViewer, type RankingCaller } from "./acting-viewer.ts";
import { ageHours, deriveFeatures } from "./derive-features.ts";
import { diversify } from "./diversify.ts";
import { explore } from "./explore.ts";
import { hydrateFeatures } from "./hydrate-features.ts";
import { findModelVersion, type ModelFeature } from "./model-versions.ts";
import { type RankInput, rankInput } from "./rank-input.ts";
import { type Contribution, scoreCandidate } from "./score-candidate.ts";
import { hash32, seededRandom } from "./seeded-random.ts";
import { validateInput } from "./validate-input.ts";

// A post is "new" (eligible for the exploration slot) while young and barely engaged with.
const NEW_POST_HOURS = 2;
const NEW_POST_MAX_INTERACTIONS = 5;

/** One candidate in the ranked order, with its explanation. */
export interface RankedCandidate {
  postId: string;
  authorId: string;
  source: string;
  score: number;
  position: number;
  explored: boolean;
  /** The model's inputs (what impressions log, so other versions can rescore). */
  features: Record<ModelFeature, number>;
  contributions: Contribution[];
  explanation: string;
}

export interface Ranking {
  rankingId: string;
  modelVersion: string;
  seed: number;
  featuresDegraded: boolean;
  degradedReason: string;
  ranked: RankedCandidate[];
}

/**
 * Ranks a viewer's candidates: hydrate features (one batched call under a deadline, defaults on
 * failure), score with the chosen model version, re-rank for author diversity, then give the
 * exploration slots to new posts. The same input and seed always give the same order. The viewer
 * is the caller's (actingViewer): an end user ranks only for themself.
 */
export async function rankCandidates({
  ctx,
  caller,
  input,
}: {
  ctx: ServiceContext;
  caller: RankingCaller;
  input: Omit<RankInput, "viewerId"> & { viewerId?: string };
}): Promise<Ranking> {
  const viewerId = actingViewer(caller, input.viewerId);
  const req = validateInput(rankInput, { ...input, viewerId }, "ranking request");
  const { extra } = ctx.config;
  const model = findModelVersion(req.modelVersion ?? extra.RANKING_MODEL_VERSION);
  if (!model)
    throw new Error(`model version ${req.modelVersion ?? extra.RANKING_MODEL_VERSION} is not defined`);
  const now = ctx.clock();
  const seed = req.seed ?? hash32(`${req.viewerId}|${req.candidates.map((c) => c.postId).join(",")}`);

  const hydration = await hydrateFeatures({
    source: ctx.features,
    viewerId: req.viewerId,
    candidates: req.candidates,
    deadlineMs: extra.RANKING_FEATURE_DEADLINE,
  });
  if (hydration.degraded) ctx.rankingMetrics.fallbacks.inc();

  const scored = req.candidates.map((c, i) => {
    const raw = hydration.features[i] as (typeof hydration.features)[number];
    const age = ageHours(c.createdAt, now);
    const features = deriveFeatures(raw, age, model);
    const scoredAs = scoreCandidate(features, model);
    return {
      postId: c.postId,
      authorId: c.authorId,
      source: c.source,
      score: scoredAs.score,
      features,
      contributions: scoredAs.contributions,
      // Passed on unread (a getter): the text is only written for callers that show it.
      get explanation() {
        return scoredAs.explanation;
      },
      explored: false,
      isNew:
        age <= NEW_POST_HOURS &&
        raw.post.engagement_24h + raw.post.engagement_velocity <= NEW_POST_MAX_INTERACTIONS,
    };
  });
  const diverse = diversify(scored, {
    lambda: extra.RANKING_DIVERSITY_LAMBDA,
    maxConsecutivePerAuthor: extra.RANKING_MAX_CONSECUTIVE_PER_AUTHOR,
  });
  const ordered = explore(diverse, { rate: extra.RANKING_EXPLORATION_RATE, random: seededRandom(seed) });
  return {
    rankingId: Bun.randomUUIDv7(),
    modelVersion: model.id,
    seed,
    featuresDegraded: hydration.degraded,
    degradedReason: hydration.reason,
    ranked: ordered.map((c, position) => ({
      postId: c.postId,
      authorId: c.authorId,
      source: c.source,
      score: c.score,
      position,
      explored: c.explored,
      features: c.features,
      contributions: c.contributions,
      get explanation() {
        return c.explanation;
      },
    })),
  };
}
