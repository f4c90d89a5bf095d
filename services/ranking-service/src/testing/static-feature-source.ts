import type { FeatureEntity, FeatureSource } from "../domain/feature-source.ts";

/** Feature values by entity type, entity id and feature name. */
export type StaticFeatures = Partial<Record<FeatureEntity, Record<string, Record<string, number>>>>;

export interface StaticFeatureSource extends FeatureSource {
  /** How many times getFeatures was called. */
  readonly calls: number;
  /** Replaces the values served. */
  set(values: StaticFeatures): void;
  /** Makes every answer take `ms` (honouring the abort signal), or fail with `error`. */
  behave(opts: { delayMs?: number; error?: Error }): void;
}

/** An in-memory FeatureSource for tests and benches: fixed values, optional delay or failure. */
export function createStaticFeatureSource(initial: StaticFeatures = {}): StaticFeatureSource {
  let values = initial;
  let delayMs = 0;
  let error: Error | undefined;
  let calls = 0;
  return {
    name: "static features",
    get calls() {
      return calls;
    },
    set(next) {
      values = next;
    },
    behave(opts) {
      delayMs = opts.delayMs ?? 0;
      error = opts.error;
    },
    async getFeatures(queries, signal) {
      calls++;
      if (delayMs > 0)
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, delayMs);
          signal.addEventListener("abort", () => {
            clearTimeout(timer);
            reject(signal.reason);
          });
        });
      if (error) throw error;
      return queries.map((q) => ({
        entityType: q.entityType,
        values: q.entityIds.map((id) =>
          q.featureNames.map((name) => values[q.entityType]?.[id]?.[name] ?? 0),
        ),
      }));
    },
  };
}
