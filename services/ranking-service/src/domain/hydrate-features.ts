import { withDeadline } from "@nova/resilience";
import {
  defaultRawFeatures,
  type FeatureEntity,
  type FeatureQuery,
  type FeatureSource,
  RAW_FEATURES,
  type RawFeatures,
} from "./feature-source.ts";

/** Raw features per candidate (request order) and whether defaults stood in for the source. */
export interface Hydration {
  features: RawFeatures[];
  degraded: boolean;
  reason: string;
}

interface Target {
  postId: string;
  authorId: string;
}

function uniq(ids: string[]): string[] {
  return [...new Set(ids)];
}

/**
 * Fetches every candidate's raw features in one call to the source, bounded by `deadlineMs`. A
 * slow, failing or malformed answer never fails the ranking: every candidate gets the defaults and
 * the result says why, so callers (and the response) can tell a degraded ranking apart.
 */
export async function hydrateFeatures(opts: {
  source: FeatureSource;
  viewerId: string;
  candidates: readonly Target[];
  deadlineMs: number;
}): Promise<Hydration> {
  const { source, viewerId, candidates } = opts;
  const ids: Record<FeatureEntity, string[]> = {
    post: uniq(candidates.map((c) => c.postId)),
    author: uniq(candidates.map((c) => c.authorId)),
    user_author: uniq(candidates.map((c) => `${viewerId}:${c.authorId}`)),
  };
  const entities = Object.keys(RAW_FEATURES) as FeatureEntity[];
  const queries: FeatureQuery[] = entities.map((entityType) => ({
    entityType,
    entityIds: ids[entityType],
    featureNames: Object.keys(RAW_FEATURES[entityType]),
  }));
  try {
    const batches = await withDeadline((signal) => source.getFeatures(queries, signal), opts.deadlineMs);
    const lookup = new Map<string, Record<string, number>>();
    queries.forEach((q, qi) => {
      const rows = batches[qi]?.values;
      if (!rows || rows.length !== q.entityIds.length)
        throw new Error(`${q.entityType}: expected ${q.entityIds.length} rows, got ${rows?.length ?? 0}`);
      q.entityIds.forEach((id, i) => {
        const row = rows[i] as readonly number[];
        const named: Record<string, number> = {};
        q.featureNames.forEach((name, j) => {
          const v = row[j];
          named[name] = typeof v === "number" && Number.isFinite(v) ? v : 0;
        });
        lookup.set(`${q.entityType}|${id}`, named);
      });
    });
    const pick = <E extends FeatureEntity>(e: E, id: string) =>
      ({ ...RAW_FEATURES[e], ...lookup.get(`${e}|${id}`) }) as RawFeatures[E];
    return {
      degraded: false,
      reason: "",
      features: candidates.map((c) => ({
        post: pick("post", c.postId),
        author: pick("author", c.authorId),
        user_author: pick("user_author", `${viewerId}:${c.authorId}`),
      })),
    };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return {
      degraded: true,
      reason: `${source.name}: ${why}; default feature values used`,
      features: candidates.map(() => defaultRawFeatures()),
    };
  }
}
