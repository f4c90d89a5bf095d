import { MODEL_FEATURES, type ModelFeature, type ModelVersion } from "./model-versions.ts";

/** One term of a score's explanation. */
export interface Contribution {
  feature: ModelFeature | "bias";
  value: number;
  weight: number;
  /** weight × value, the term of the logit. */
  logit: number;
  /** Share of the score in probability space; all contributions sum to the score. */
  contribution: number;
}

export interface Scored {
  score: number;
  contributions: Contribution[];
  /** Computed on first read. */
  readonly explanation: string;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Scores with the logistic model and explains it. The bias term gets sigmoid(bias) (the score of a
 * candidate with all features at 0); the rest of the score is split between the features in
 * proportion to their logit terms, so the contributions add up exactly to the score and keep the
 * sign and relative size of each feature's push.
 */
export function scoreCandidate(values: Record<ModelFeature, number>, model: ModelVersion): Scored {
  const terms = MODEL_FEATURES.map((feature) => ({
    feature,
    value: values[feature],
    weight: model.weights[feature],
    logit: model.weights[feature] * values[feature],
  }));
  const featureLogit = terms.reduce((sum, t) => sum + t.logit, 0);
  const base = sigmoid(model.bias);
  const score = sigmoid(model.bias + featureLogit);
  const lift = score - base;
  const contributions: Contribution[] = [
    { feature: "bias", value: 1, weight: model.bias, logit: model.bias, contribution: base },
    ...terms.map((t) => ({ ...t, contribution: featureLogit === 0 ? 0 : (lift * t.logit) / featureLogit })),
  ];
  let explanation: string | undefined;
  return {
    score,
    contributions,
    // Written when read: callers that want only the order (feed's for-you) never pay for the text.
    get explanation() {
      explanation ??= explain(terms, score, model);
      return explanation;
    },
  };
}

function explain(
  terms: readonly Omit<Contribution, "contribution">[],
  score: number,
  model: ModelVersion,
): string {
  const moving = terms.filter((t) => t.logit !== 0);
  const top = [...moving]
    .sort((a, b) => Math.abs(b.logit) - Math.abs(a.logit))
    .slice(0, 3)
    .map(
      (t) =>
        `${t.feature} ${t.value.toFixed(2)}×${t.weight} (${t.logit >= 0 ? "+" : ""}${t.logit.toFixed(2)})`,
    );
  return `${model.id}: score ${score.toFixed(3)} = sigmoid(${model.bias} bias${
    top.length ? ` + ${top.join(" + ")}` : ""
  }${moving.length > 3 ? " + …" : ""})`;
}
