import type { Client } from "@connectrpc/connect";
import type { Logger } from "@nova/observability";
import type { UserService } from "@nova/proto/user/v1";

/** What an item shows of an actor. */
export interface ActorView {
  id: string;
  username: string;
  displayName: string;
  /** media-service id of the avatar; null when unset. */
  avatarMediaId: string | null;
}

/** user-service as notification-service uses it: actors' profiles, hydrated when an inbox is read. */
export interface UserPeer {
  /** Profiles of the given accounts (any number; batched by 100), keyed by id; erased accounts are absent. */
  profiles(ids: readonly string[]): Promise<Map<string, ActorView>>;
}

const BATCH = 100;

/** Presentation only: when user-service cannot answer, actors go out with their ids alone (logged). */
export function createUserPeer(client: Client<typeof UserService>, log: Logger): UserPeer {
  return {
    async profiles(ids) {
      const unique = [...new Set(ids)];
      const out = new Map<string, ActorView>();
      try {
        for (let i = 0; i < unique.length; i += BATCH) {
          const res = await client.batchGetProfiles({ ids: unique.slice(i, i + BATCH) });
          for (const p of res.profiles) {
            out.set(p.id, {
              id: p.id,
              username: p.username,
              displayName: p.displayName,
              avatarMediaId: p.avatarMediaId || null,
            });
          }
        }
      } catch (err) {
        log.warn("user-service unavailable: notifications go out without actor profiles", { err });
      }
      return out;
    },
  };
}
