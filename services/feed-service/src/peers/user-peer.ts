import type { Client } from "@connectrpc/connect";
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
}

export function createUserPeer(client: Client<typeof UserService>, log: Logger): UserPeer {
  return {
    async authors(ids) {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return new Map();
      try {
        const res = await client.batchGetProfiles({ ids: unique });
        return new Map(
          res.profiles.map((p) => [
            p.id,
            {
              id: p.id,
              username: p.username,
              displayName: p.displayName,
              avatarMediaId: p.avatarMediaId || null,
            },
          ]),
        );
      } catch (err) {
        log.warn("user-service unavailable: timeline items go out without author profiles", { err });
        return new Map();
      }
    },
  };
}
