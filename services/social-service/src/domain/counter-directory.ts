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
      // Both tiers first; every miss is then read in ONE query and written back in one MSET (a
      // fill sends no invalidation: it changes nothing other instances hold).
      const byKey = new Map(postIds.map((id) => [countersKey(id), id]));
      const cached = await opts.cache.getManyOrLoad<Counts>(
        [...byKey.keys()],
        async (keys) => {
          const ids = keys.map((k) => byKey.get(k) as string);
          const loaded = await findPostCounters(opts.db, ids);
          return new Map(ids.map((id) => [countersKey(id), loaded.get(id) ?? { ...ZERO_COUNTS }]));
        },
        options,
      );
      const out = new Map<string, Counts>();
      for (const [key, id] of byKey) out.set(id, cached.get(key) ?? { ...ZERO_COUNTS });
      return out;
    },
    async invalidate(postIds) {
      await Promise.all([...new Set(postIds)].map((id) => opts.cache.invalidate(countersKey(id))));
    },
  };
}
