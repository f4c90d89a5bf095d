import { Counter, type Registry } from "prom-client";

/** Ranking's own metrics, registered on the service's registry. */
export interface RankingMetrics {
  /** Rankings that fell back to default features (feature source slow, down or malformed). */
  fallbacks: Counter;
}

export function createRankingMetrics(registry: Registry): RankingMetrics {
  return {
    fallbacks: new Counter({
      name: "ranking_feature_fallback_total",
      help: "Rankings scored on default feature values because hydration failed or timed out",
      registers: [registry],
    }),
  };
}
