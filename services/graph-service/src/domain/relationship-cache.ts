import { createKeyspace, manyById, type TwoLevelCache } from "@nova/cache";
import {
  type GraphStore,
  type HiddenAccounts,
  NO_RELATIONSHIP,
  type RelationshipFlags,
} from "../store/graph-store.ts";

/** Bump when RelationshipFlags changes shape, so old and new code never read each other's JSON. */
const keyspace = createKeyspace("graph-service", 1);
const pairKey = (a: string, b: string) => keyspace.key("rel", `${a}:${b}`);
const hiddenKey = (accountId: string) => keyspace.key("hidden", accountId);
const countsKey = (accountId: string) => keyspace.key("counts", accountId);

/** How many accounts follow an account, and how many it follows. */
export interface FollowCounts {
  followers: number;
  following: number;
}

/** Cached hot reads (pair flags, hidden lists, follow counts), invalidated on every change. */
export interface RelationshipCache {
  between(viewerId: string, targetId: string): Promise<RelationshipFlags>;
  /** The viewer's flags towards each of `targetIds` (cached pairs; the rest in one store query). */
  among(viewerId: string, targetIds: readonly string[]): Promise<Map<string, RelationshipFlags>>;
  /** Who the account blocks, is blocked by and mutes (feed asks on every home read). */
  hiddenFor(accountId: string): Promise<HiddenAccounts>;
  /**
   * Follow counts of each account (cached; the rest counted in one store query): feed asks for an
   * author's on every post (fan-out or read-time merge), and counting a celebrity's followers
   * scans 50,000 index entries.
   */
  counts(accountIds: readonly string[]): Promise<Map<string, FollowCounts>>;
  /** Drops both directions of each pair and both accounts' hidden lists and counts, on every instance. */
  invalidate(pairs: Iterable<readonly [string, string]>): Promise<void>;
}

export function createRelationshipCache(opts: {
  cache: TwoLevelCache;
  store: GraphStore;
  ttlMs: number;
}): RelationshipCache {
  return {
    async between(viewerId, targetId) {
      const flags = await opts.cache.getOrLoad(
        pairKey(viewerId, targetId),
        async () => (await opts.store.relationships(viewerId, [targetId])).get(targetId),
        { ttlMs: opts.ttlMs },
      );
      if (!flags) throw new Error("graph store answered no relationship for a requested target");
      return flags;
    },
    among: (viewerId, targetIds) =>
      manyById(
        targetIds,
        (id) => pairKey(viewerId, id),
        (keys, load) => opts.cache.getManyOrLoad(keys, load, { ttlMs: opts.ttlMs }),
        (ids) => opts.store.relationships(viewerId, ids),
        () => NO_RELATIONSHIP,
      ),
    async hiddenFor(accountId) {
      const hidden = await opts.cache.getOrLoad(hiddenKey(accountId), () => opts.store.hiddenFor(accountId), {
        ttlMs: opts.ttlMs,
      });
      if (!hidden) throw new Error("graph store answered no hidden accounts");
      return hidden;
    },
    counts: (accountIds) =>
      manyById(
        accountIds,
        countsKey,
        (keys, load) => opts.cache.getManyOrLoad(keys, load, { ttlMs: opts.ttlMs }),
        (ids) => opts.store.counts(ids),
        () => ({ followers: 0, following: 0 }),
      ),
    async invalidate(pairs) {
      const keys = new Set<string>();
      for (const [a, b] of pairs) {
        keys.add(pairKey(a, b));
        keys.add(pairKey(b, a));
        keys.add(hiddenKey(a));
        keys.add(hiddenKey(b));
        keys.add(countsKey(a));
        keys.add(countsKey(b));
      }
      for (const key of keys) await opts.cache.invalidate(key);
    },
  };
}
