import type { LabelledImpression } from "../store/impression-store.ts";
import { auc, meanOfFinite, ndcgAt } from "./evaluation-metrics.ts";
import { MODEL_FEATURES, type ModelVersion } from "./model-versions.ts";
import { scoreCandidate } from "./score-candidate.ts";

/** Offline quality of one model version on logged impressions. */
export interface ModelReport {
  modelVersion: string;
  impressions: number;
  positives: number;
  /** Rankings (lists) with at least one engaged impression: the lists NDCG is averaged over. */
  lists: number;
  auc: number;
  ndcgAt10: number;
}

/**
 * Rescores every logged impression with `model` (from the feature values logged with it) and
 * reports AUC over all impressions and mean NDCG@10 over the rankings they came from. Freshness is
 * taken as logged: it depended on the serving version's half-life, an accepted approximation.
 */
export function evaluateModel(model: ModelVersion, rows: readonly LabelledImpression[]): ModelReport {
  const scores = rows.map((r) => {
    const values = Object.fromEntries(MODEL_FEATURES.map((f) => [f, r.features[f] ?? 0])) as Parameters<
      typeof scoreCandidate
    >[0];
    return scoreCandidate(values, model).score;
  });
  const labels = rows.map((r) => r.engaged);
  const lists = new Map<string, { score: number; rel: number }[]>();
  rows.forEach((r, i) => {
    const list = lists.get(r.rankingId) ?? [];
    list.push({ score: scores[i] as number, rel: r.engaged ? 1 : 0 });
    lists.set(r.rankingId, list);
  });
  const ndcgs = [...lists.values()].map((list) =>
    ndcgAt(
      10,
      list.sort((a, b) => b.score - a.score).map((x) => x.rel),
    ),
  );
  return {
    modelVersion: model.id,
    impressions: rows.length,
    positives: labels.filter(Boolean).length,
    lists: ndcgs.filter(Number.isFinite).length,
    auc: auc(scores, labels),
    ndcgAt10: meanOfFinite(ndcgs),
  };
}
