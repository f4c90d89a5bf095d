import type { CacheStore } from "@nova/cache";
import { rankTrending } from "./rank-trending.ts";
import { entryOf, memberOf, type TimelineEntry } from "./timeline-store.ts";

/** A trending candidate: a recent post and its weighted engagement (likes + 2·comments + 3·reposts). */
export interface TrendingCandidate extends TimelineEntry {
  engagement: number;
}

/** Weights of the engagement kinds in a post's trending counter. */
export const ENGAGEMENT_WEIGHT = { like: 1, comment: 2, repost: 3 } as const;

/** Posts older than this leave the trending candidates (at read time, and their counters expire). */
export const TRENDING_WINDOW_MS = 72 * 3_600_000;

/**
 * Explore's candidate source in the cache: one sorted set `feed:v1:trending` of recent top-level
 * posts and quotes (`<authorId>:<postId>` scored by publication time, capped to the newest `cap`)
 * and one weighted engagement counter per post, expiring with the window. Decay is applied at read
 * time from the publication time, so nothing has to be rescored as posts age.
 */
export interface TrendingStore {
  add(entry: TimelineEntry): Promise<void>;
  remove(entry: Pick<TimelineEntry, "authorId" | "postId">): Promise<void>;
  /** Adds `weight` (negative on an undo) to a post's engagement counter. */
  bump(postId: string, weight: number): Promise<void>;
  /** Posts published after `now - TRENDING_WINDOW_MS`, newest first, with their engagement. */
  candidates(now: number): Promise<TrendingCandidate[]>;
  /**
   * The candidates best trending first (`rankTrending`, nobody left out), computed at most once
   * per `snapshotMs` per instance and shared by concurrent readers (explore and for-you read it on
   * every request; the set and its counters change slowly). The array is shared: do not mutate it.
   */
  ranked(now: number): Promise<readonly TrendingCandidate[]>;
}

const SET = "feed:v1:trending";
const counterKey = (postId: string) => `feed:v1:trending:eng:${postId}`;

export function createTrendingStore(
  store: CacheStore,
  cap: number,
  opts: { snapshotMs?: number } = {},
): TrendingStore {
  const snapshotMs = opts.snapshotMs ?? 0;
  let snapshot: { at: number; ranked: Promise<readonly TrendingCandidate[]> } | undefined;
  const trending: TrendingStore = {
    async add(entry) {
      await store.zadd(SET, [{ member: memberOf(entry), score: entry.at }]);
      await store.ztrim(SET, cap);
    },
    async remove(entry) {
      await store.zrem(SET, memberOf(entry));
      await store.delete(counterKey(entry.postId));
    },
    async bump(postId, weight) {
      await store.incrBy(counterKey(postId), weight, { ttlMs: TRENDING_WINDOW_MS });
    },
    async candidates(now) {
      const entries = (await store.zrevrange(SET, { limit: cap, minScore: now - TRENDING_WINDOW_MS })).map(
        entryOf,
      );
      if (entries.length === 0) return [];
      const counts = await store.mget<number>(entries.map((e) => counterKey(e.postId)));
      // An undo redelivered (or consumed before its create) could leave a counter below zero.
      return entries.map((e, i) => ({ ...e, engagement: Math.max(0, Number(counts[i] ?? 0)) }));
    },
    ranked(now) {
      if (snapshot && now >= snapshot.at && now - snapshot.at < snapshotMs) return snapshot.ranked;
      const ranked = trending.candidates(now).then((c) => rankTrending(c, now));
      const taken = { at: now, ranked };
      snapshot = taken;
      // A failed read is not kept: the next reader tries again.
      ranked.catch(() => {
        if (snapshot === taken) snapshot = undefined;
      });
      return ranked;
    },
  };
  return trending;
}
