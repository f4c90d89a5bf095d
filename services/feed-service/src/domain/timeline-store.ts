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

/** What an author-posts index can vouch for (`TimelineStore.coverage`). */
export interface IndexCoverage {
  /** Marked complete when the account was created: every post since is in it, unless trimmed. */
  complete: boolean;
  /** At its cap: its oldest entries may have been trimmed, so it says nothing below the oldest held. */
  full: boolean;
  /** Entries held (the mark not counted). */
  size: number;
}

// The completeness mark: above every post's score, so trimming (lowest first) never takes it, and
// in the set itself, so whatever drops the set (eviction, a flush) drops the mark with it.
const COMPLETE_MARK = "^complete";
const MARK_SCORE = Number.MAX_SAFE_INTEGER;

/**
 * Per-account sorted sets of post entries in the cache (Redis in production, embedded otherwise),
 * capped per account: home timelines (`feed:v1:home:<id>`), each account's reposts
 * (`feed:v1:reposts:<id>`, scored by repost time), each author's top-level posts and quotes
 * (`feed:v1:author-posts:<id>`: heavy authors' posts merged into home timelines at read time, and
 * user timelines) and the posts each account engaged with (`feed:v1:engaged:<id>`, see
 * engagement-store.ts).
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
  /** The newest entries, and whether the set carries its completeness mark (same round trip). */
  readTop(accountId: string, limit: number): Promise<{ entries: TimelineEntry[]; complete: boolean }>;
  /** Marks `accountId`'s set complete (it holds everything from now on; see `coverage`). */
  markComplete(accountId: string): Promise<void>;
  /** Whether `accountId`'s set is marked complete, is at its cap, and how many entries it holds. */
  coverage(accountId: string): Promise<IndexCoverage>;
}

// Timelines written per cache round trip (one pipeline of zadd + trim per timeline).
const WRITE_BATCH = 500;

export function createTimelineStore(
  store: CacheStore,
  cap: number,
  kind: "home" | "reposts" | "author-posts" | "engaged" = "home",
): TimelineStore {
  const key = (accountId: string) => `feed:v1:${kind}:${accountId}`;
  // Home timelines are marked when known whole (a new account, a rebuild): a home set without its
  // mark was lost to a cache flush or eviction and is rebuilt on its first read (rebuild-home-timeline.ts).
  const marked = kind === "author-posts" || kind === "home";
  const pushAll = async (accountIds: readonly string[], members: ScoredMember[]) => {
    for (let i = 0; i < accountIds.length; i += WRITE_BATCH)
      await store.zaddEach(accountIds.slice(i, i + WRITE_BATCH).map(key), members, cap);
  };
  // The sets are capped, so reading one whole is bounded (≤ `cap` members).
  const dropWhere = async (accountId: string, drop: (member: string) => boolean) => {
    const gone = (await store.zrevrange(key(accountId), { limit: cap })).map((m) => m.member).filter(drop);
    return gone.length > 0 ? store.zrem(key(accountId), ...gone) : 0;
  };
  // A marked set reads one more than asked: the mark, if the read starts above every post, is not
  // an entry. Only author-posts and home sets are ever marked.
  const readMarked = async (accountId: string, limit: number, maxAt?: number) => {
    const members = await store.zrevrange(key(accountId), {
      limit: marked ? limit + 1 : limit,
      ...(maxAt === undefined ? {} : { maxScore: maxAt }),
    });
    const complete = members[0]?.member === COMPLETE_MARK;
    const entries = members.flatMap((m) => (m.member === COMPLETE_MARK ? [] : [entryOf(m)]));
    return { entries: entries.slice(0, limit), complete };
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
      return (await readMarked(accountId, limit, maxAt)).entries;
    },
    readTop: (accountId, limit) => readMarked(accountId, limit),
    async markComplete(accountId) {
      if (!marked) throw new Error(`only author-posts and home sets take a completeness mark, not ${kind}`);
      await store.zadd(key(accountId), [{ member: COMPLETE_MARK, score: MARK_SCORE }]);
    },
    async coverage(accountId) {
      const [top, count] = await Promise.all([
        store.zrevrange(key(accountId), { limit: 1 }),
        store.zcard(key(accountId)),
      ]);
      const complete = top[0]?.member === COMPLETE_MARK;
      return { complete, full: count >= cap, size: complete ? count - 1 : count };
    },
  };
}
