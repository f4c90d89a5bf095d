import type { CacheStore } from "@nova/cache";
import { entryOf, memberOf, type TimelineEntry } from "./timeline-store.ts";

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
  return {
    async add(accountId, entry) {
      const key = engagedKey(accountId);
      await store.zadd(key, [{ member: memberOf(entry), score: entry.at }]);
      await store.ztrim(key, ENGAGED_CAP);
      // The cache port has no expiry for sorted sets: entries out of the window go on the next write.
      const stale = await store.zrevrange(key, {
        limit: ENGAGED_CAP,
        maxScore: entry.at - ENGAGED_WINDOW_MS,
      });
      if (stale.length > 0) await store.zrem(key, ...stale.map((m) => m.member));
    },
    async remove(accountId, postId) {
      const key = engagedKey(accountId);
      // Capped, so reading it whole is bounded; the member's author part is unknown to an undo.
      const all = await store.zrevrange(key, { limit: ENGAGED_CAP });
      const gone = all.filter((m) => m.member.endsWith(`:${postId}`)).map((m) => m.member);
      return gone.length > 0 ? store.zrem(key, ...gone) : 0;
    },
    async recent(accountId, limit, now) {
      const members = await store.zrevrange(engagedKey(accountId), {
        limit,
        minScore: now - ENGAGED_WINDOW_MS,
      });
      return members.map(entryOf);
    },
  };
}
