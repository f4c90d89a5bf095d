import type { CacheStore, ScoredMember } from "@nova/cache";

/** One home-timeline entry: a post, its author (so unfollow/block/mute can drop it) and its time. */
export interface TimelineEntry {
  postId: string;
  authorId: string;
  /** Publication time in epoch milliseconds (the sorted set's score). */
  at: number;
}

/** Sorted-set members are `<authorId>:<postId>`: removing an author's entries needs no post lookup. */
export const memberOf = (e: Pick<TimelineEntry, "authorId" | "postId">) => `${e.authorId}:${e.postId}`;

export function entryOf(m: ScoredMember): TimelineEntry {
  const [authorId = "", postId = ""] = m.member.split(":");
  return { authorId, postId, at: m.score };
}

/**
 * Per-account sorted sets of post entries in the cache (Redis in production, embedded otherwise),
 * capped per account: home timelines (`feed:v1:home:<id>`), each account's reposts
 * (`feed:v1:reposts:<id>`, scored by repost time), each heavy author's posts that were not
 * fanned out (`feed:v1:heavy-posts:<id>`) and the posts each account engaged with
 * (`feed:v1:engaged:<id>`, see engagement-store.ts).
 */
export interface TimelineStore {
  push(accountIds: readonly string[], entry: TimelineEntry): Promise<void>;
  pushMany(accountId: string, entries: readonly TimelineEntry[]): Promise<void>;
  remove(accountIds: readonly string[], entry: Pick<TimelineEntry, "authorId" | "postId">): Promise<void>;
  /** Drops every entry by `authorId` from `accountId`'s timeline (unfollow, block, mute). */
  dropAuthor(accountId: string, authorId: string): Promise<number>;
  /** Drops the entry of one post, whoever its author (an undone repost names only the post). */
  dropPost(accountId: string, postId: string): Promise<number>;
  /** Entries at or older than `maxAt` (all when absent), newest first. */
  read(accountId: string, limit: number, maxAt?: number): Promise<TimelineEntry[]>;
}

// Timelines written per cache round trip (one pipeline of zadd + trim per timeline).
const WRITE_BATCH = 500;

export function createTimelineStore(
  store: CacheStore,
  cap: number,
  kind: "home" | "reposts" | "heavy-posts" | "engaged" = "home",
): TimelineStore {
  const key = (accountId: string) => `feed:v1:${kind}:${accountId}`;
  const pushAll = async (accountIds: readonly string[], members: ScoredMember[]) => {
    for (let i = 0; i < accountIds.length; i += WRITE_BATCH)
      await store.zaddEach(accountIds.slice(i, i + WRITE_BATCH).map(key), members, cap);
  };
  // The sets are capped, so reading one whole is bounded (≤ `cap` members).
  const dropWhere = async (accountId: string, drop: (member: string) => boolean) => {
    const gone = (await store.zrevrange(key(accountId), { limit: cap })).map((m) => m.member).filter(drop);
    return gone.length > 0 ? store.zrem(key(accountId), ...gone) : 0;
  };
  return {
    async push(accountIds, entry) {
      await pushAll(accountIds, [{ member: memberOf(entry), score: entry.at }]);
    },
    async pushMany(accountId, entries) {
      if (entries.length === 0) return;
      await pushAll(
        [accountId],
        entries.map((e) => ({ member: memberOf(e), score: e.at })),
      );
    },
    async remove(accountIds, entry) {
      const member = memberOf(entry);
      for (let i = 0; i < accountIds.length; i += WRITE_BATCH)
        await store.zremEach(accountIds.slice(i, i + WRITE_BATCH).map(key), [member]);
    },
    dropAuthor: (accountId, authorId) => dropWhere(accountId, (m) => m.startsWith(`${authorId}:`)),
    dropPost: (accountId, postId) => dropWhere(accountId, (m) => m.endsWith(`:${postId}`)),
    async read(accountId, limit, maxAt) {
      const members = await store.zrevrange(
        key(accountId),
        maxAt === undefined ? { limit } : { limit, maxScore: maxAt },
      );
      return members.map(entryOf);
    },
  };
}
