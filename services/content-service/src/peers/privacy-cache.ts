import { createKeyspace, type TwoLevelCache } from "@nova/cache";
import type { PeerDirectory } from "./peer-directory.ts";

const keyspace = createKeyspace("content-service", 1);
const privacyKey = (accountId: string) => keyspace.key("author-private", accountId);

/** A PeerDirectory whose private-account answers are cached, and the hook that drops them. */
export interface CachedPeerDirectory extends PeerDirectory {
  /** Drops the cached flag of these accounts on every instance (user-service changed their profile). */
  forgetPrivacy(accountIds: readonly string[]): Promise<void>;
}

/**
 * Caches user-service's private-account flag per author (two-level: a local LRU in front of the
 * shared cache, kept coherent across instances by pub/sub), so reading posts of authors seen lately
 * costs no call to user-service. Misses of one tick go to user-service in one batch. A profile
 * change reaches content as user-service's ProfileUpdated / ProfileErased and drops the entry
 * (`forgetPrivacy`), so an account going private is hidden from non-followers within that
 * event's delivery; `ttlMs` bounds staleness if an event is lost. Relationships are not cached:
 * a follow, unfollow or block must apply to the very next read.
 */
export function cachePrivateAccounts(
  directory: PeerDirectory,
  cache: TwoLevelCache,
  ttlMs: number,
): CachedPeerDirectory {
  let pending: { id: string; settle: (err: unknown, isPrivate?: boolean) => void }[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    directory.privateAccounts(batch.map((b) => b.id)).then(
      (privateIds) => {
        for (const b of batch) b.settle(undefined, privateIds.has(b.id));
      },
      (err) => {
        for (const b of batch) b.settle(err);
      },
    );
  };
  const load = (id: string) =>
    new Promise<{ private: boolean }>((resolve, reject) => {
      if (pending.length === 0) setTimeout(flush, 0);
      pending.push({ id, settle: (err, p) => (err ? reject(err) : resolve({ private: p === true })) });
    });
  return {
    ...directory,
    async privateAccounts(ids) {
      const unique = [...new Set(ids)];
      const flags = await Promise.all(
        unique.map((id) => cache.getOrLoad(privacyKey(id), () => load(id), { ttlMs })),
      );
      return new Set(unique.filter((_, i) => flags[i]?.private === true));
    },
    async forgetPrivacy(accountIds) {
      for (const id of accountIds) await cache.invalidate(privacyKey(id));
    },
  };
}
