import type { Client } from "@connectrpc/connect";
import type { InstanceCache } from "@nova/cache";
import type { Logger } from "@nova/observability";
import type { UserService } from "@nova/proto/user/v1";

/** What a timeline item shows of its author. */
export interface AuthorView {
  id: string;
  username: string;
  displayName: string;
  avatarMediaId: string | null;
}

/** user-service as feed-service uses it: the profiles of a page's authors. */
export interface UserPeer {
  /**
   * Profiles of up to 100 accounts, keyed by id; unknown (erased) accounts are absent. Presentation
   * only: when user-service cannot answer, the failure is logged and the page goes out without
   * authors (items say `author: null`) rather than failing.
   */
  authors(ids: readonly string[]): Promise<Map<string, AuthorView>>;
  /** Drops an account's held profile on every feed instance (user-service announced a change). */
  forget(accountId: string): Promise<void>;
}

export const authorKey = (accountId: string) => `feed:v1:author:${accountId}`;
const idOfKey = (key: string) => key.slice(authorKey("").length);

/**
 * Profiles come from user-service's BatchGetProfiles, held in this instance's memory (`cache`)
 * until user-service's ProfileUpdated / ProfileErased drops them (or the cache's TTL, should that
 * message be lost): a page's authors then cost no call once seen.
 */
export function createUserPeer(
  client: Client<typeof UserService>,
  cache: InstanceCache<AuthorView>,
  log: Logger,
): UserPeer {
  const load = async (keys: string[]): Promise<Map<string, AuthorView>> => {
    const res = await client.batchGetProfiles({ ids: keys.map(idOfKey) });
    return new Map(
      res.profiles.map((p) => [
        authorKey(p.id),
        {
          id: p.id,
          username: p.username,
          displayName: p.displayName,
          avatarMediaId: p.avatarMediaId || null,
        },
      ]),
    );
  };
  return {
    async authors(ids) {
      if (ids.length === 0) return new Map();
      try {
        const held = await cache.getMany(ids.map(authorKey), load);
        return new Map([...held.values()].flatMap((a) => (a ? [[a.id, a] as const] : [])));
      } catch (err) {
        log.warn("user-service unavailable: timeline items go out without author profiles", { err });
        return new Map();
      }
    },
    forget: (accountId) => cache.invalidate(authorKey(accountId)),
  };
}
