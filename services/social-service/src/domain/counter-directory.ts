import { createKeyspace, type LoadOptions, type TwoLevelCache } from "@nova/cache";
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
    async byPostIds(postIds) {
      const unique = [...new Set(postIds)];
      const out = new Map<string, Counts>();
      const misses: string[] = [];
      // First pass reads both tiers; a miss's loader only notes the id (and caches nothing), so all
      // misses are then read in ONE query instead of one per post.
      await Promise.all(
        unique.map(async (id) => {
          const hit = await opts.cache.getOrLoad<Counts>(
            countersKey(id),
            async () => {
              misses.push(id);
              return undefined;
            },
            options,
          );
          if (hit) out.set(id, hit);
        }),
      );
      if (misses.length === 0) return out;
      const loaded = await findPostCounters(opts.db, misses);
      await Promise.all(
        misses.map(async (id) => {
          const counts = loaded.get(id) ?? { ...ZERO_COUNTS };
          out.set(id, counts);
          await opts.cache.set(countersKey(id), counts, options);
        }),
      );
      return out;
    },
    async invalidate(postIds) {
      await Promise.all([...new Set(postIds)].map((id) => opts.cache.invalidate(countersKey(id))));
    },
  };
}
