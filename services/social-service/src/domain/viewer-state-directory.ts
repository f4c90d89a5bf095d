import { type InstanceCache, manyById } from "@nova/cache";
import type { Database } from "@nova/db";
import { findViewerStates } from "../db/viewer-state-queries.ts";

// A held state is a bit mask, so "nothing done" (most pairs) is held like the rest.
const LIKED = 1;
const REPOSTED = 2;
const BOOKMARKED = 4;

const prefixOf = (accountId: string) => `social:v1:viewer-state:${accountId}:`;
const stateKey = (accountId: string, postId: string) => `${prefixOf(accountId)}${postId}`;

/** Which of some posts an account liked, reposted and bookmarked. */
export interface ViewerStates {
  liked: Set<string>;
  reposted: Set<string>;
  bookmarked: Set<string>;
}

/**
 * What each account has done to each post, held in this instance's memory: a timeline page asks
 * for the same viewer's state of the same posts again and again, and only social changes it — every
 * committed like, repost or bookmark (made or undone) drops the account's state of the post here
 * and, through the cache's invalidation channel, on every other instance (`forget`). Misses are
 * read in one query.
 */
export interface ViewerStateDirectory {
  /** `accountId`'s state of `postIds`; bookmarks only when `withBookmarks` (they are private). */
  states(accountId: string, postIds: readonly string[], withBookmarks: boolean): Promise<ViewerStates>;
  /** Drops the account's held state of these posts, everywhere; after the change committed. */
  forget(accountId: string, postIds: readonly string[]): Promise<void>;
  /** Drops everything held for the account (its engagement was erased). */
  forgetAccount(accountId: string): Promise<void>;
}

export function createViewerStateDirectory(opts: {
  db: Database;
  held: InstanceCache<number>;
}): ViewerStateDirectory {
  return {
    async states(accountId, postIds, withBookmarks) {
      const out: ViewerStates = { liked: new Set(), reposted: new Set(), bookmarked: new Set() };
      if (postIds.length === 0) return out;
      const masks = await manyById<number>(
        [...new Set(postIds)],
        (id) => stateKey(accountId, id),
        (keys, load) => opts.held.getMany(keys, load),
        async (ids) => {
          const found = await findViewerStates(opts.db, accountId, ids, true);
          return new Map(
            ids.map((id) => [
              id,
              (found.liked.has(id) ? LIKED : 0) |
                (found.reposted.has(id) ? REPOSTED : 0) |
                (found.bookmarked.has(id) ? BOOKMARKED : 0),
            ]),
          );
        },
      );
      for (const [id, mask] of masks) {
        if (mask & LIKED) out.liked.add(id);
        if (mask & REPOSTED) out.reposted.add(id);
        if (withBookmarks && mask & BOOKMARKED) out.bookmarked.add(id);
      }
      return out;
    },
    async forget(accountId, postIds) {
      await Promise.all([...new Set(postIds)].map((id) => opts.held.invalidate(stateKey(accountId, id))));
    },
    async forgetAccount(accountId) {
      await opts.held.invalidate({ prefix: prefixOf(accountId) });
    },
  };
}
