import type { CacheStore } from "@nova/cache";
import { createTimelineStore, entryOf, type TimelineEntry } from "./timeline-store.ts";

/** Posts an account engaged with that are kept per account (newest engagements first). */
export const ENGAGED_CAP = 100;

/** Engagements older than this are ignored at read time and pruned on the account's next engagement. */
export const ENGAGED_WINDOW_MS = 7 * 24 * 3_600_000;

/**
 * For-you's friends-of-friends source in the cache: per account, a sorted set
 * `feed:v1:engaged:<accountId>` of the posts it recently liked or reposted (`<authorId>:<postId>`,
 * scored by engagement time, capped to the newest ENGAGED_CAP). A viewer's candidates are read
 * from the sets of the accounts it follows. Entries read back carry the engagement time as `at`.
 */
export interface EngagementStore {
  /** Records (or re-dates) an engagement with `entry.postId` at `entry.at`. */
  add(accountId: string, entry: TimelineEntry): Promise<void>;
  /** Forgets the account's engagement with a post (undo: the events carry no author id). */
  remove(accountId: string, postId: string): Promise<number>;
  /** The account's engagements of the last ENGAGED_WINDOW_MS before `now`, newest first. */
  recent(accountId: string, limit: number, now: number): Promise<TimelineEntry[]>;
}

export const engagedKey = (accountId: string) => `feed:v1:engaged:${accountId}`;

export function createEngagementStore(store: CacheStore): EngagementStore {
  // The same capped sorted sets as timelines (`feed:v1:engaged:<id>`), scored by engagement time.
  const sets = createTimelineStore(store, ENGAGED_CAP, "engaged");
  return {
    async add(accountId, entry) {
      await sets.pushMany(accountId, [entry]);
      // The cache port has no expiry for sorted sets: entries out of the window go on the next write.
      const stale = await store.zrevrange(engagedKey(accountId), {
        limit: ENGAGED_CAP,
        maxScore: entry.at - ENGAGED_WINDOW_MS,
      });
      if (stale.length > 0) await store.zrem(engagedKey(accountId), ...stale.map((m) => m.member));
    },
    // The member's author part is unknown to an undo: dropped by post id.
    remove: (accountId, postId) => sets.dropPost(accountId, postId),
    async recent(accountId, limit, now) {
      const members = await store.zrevrange(engagedKey(accountId), {
        limit,
        minScore: now - ENGAGED_WINDOW_MS,
      });
      return members.map(entryOf);
    },
  };
}
