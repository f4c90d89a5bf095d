import { createKeyspace, type LoadOptions, manyById, type TwoLevelCache } from "@nova/cache";
import type { Database } from "@nova/db";
import { type Counts, findPostCounters, ZERO_COUNTS } from "../db/counter-queries.ts";

/** Bump when Counts' shape changes, so old and new code never read each other's JSON. */
const keyspace = createKeyspace("social-service", 1);
const countersKey = (postId: string) => keyspace.key("counters", postId);

/** Cached counters per post (a post nobody engaged with has zero counts) and their invalidation. */
export interface CounterDirectory {
  byPostIds(postIds: readonly string[]): Promise<Map<string, Counts>>;
  /** Drops the posts' counters on every instance; call after the changing transaction committed. */
  invalidate(postIds: readonly string[]): Promise<void>;
}

export function createCounterDirectory(opts: {
  db: Database;
  cache: TwoLevelCache;
  ttlMs: number;
}): CounterDirectory {
  const options: LoadOptions = { ttlMs: opts.ttlMs };
  return {
    byPostIds: (postIds) =>
      // Both tiers first; every miss is then read in ONE query and written back in one MSET (a
      // fill sends no invalidation: it changes nothing other instances hold).
      manyById(
        postIds,
        countersKey,
        (keys, load) => opts.cache.getManyOrLoad(keys, load, options),
        (ids) => findPostCounters(opts.db, ids),
        () => ({ ...ZERO_COUNTS }),
      ),
    async invalidate(postIds) {
      await Promise.all([...new Set(postIds)].map((id) => opts.cache.invalidate(countersKey(id))));
    },
  };
}
