import type { Client } from "@connectrpc/connect";
import { Audience, type UserService } from "@nova/proto/user/v1";
import { toDomainError } from "@nova/rpc";

export type WhoCanMessage = "everyone" | "following" | "nobody";

/** user-service as chat uses it: each account's `whoCanMessage` setting (public on the profile). */
export interface UserPeer {
  /** The setting of each id found (an account without a profile is left out). */
  whoCanMessage(ids: readonly string[]): Promise<Map<string, WhoCanMessage>>;
}

const AUDIENCES: Record<number, WhoCanMessage> = {
  [Audience.UNSPECIFIED]: "everyone",
  [Audience.EVERYONE]: "everyone",
  [Audience.FOLLOWING]: "following",
  [Audience.NOBODY]: "nobody",
};

export function createUserPeer(client: Client<typeof UserService>): UserPeer {
  return {
    async whoCanMessage(ids) {
      if (ids.length === 0) return new Map();
      try {
        const res = await client.batchGetProfiles({ ids: [...new Set(ids)] });
        return new Map(res.profiles.map((p) => [p.id, AUDIENCES[p.whoCanMessage] ?? "everyone"]));
      } catch (err) {
        throw toDomainError(err, "user-service");
      }
    },
  };
}
