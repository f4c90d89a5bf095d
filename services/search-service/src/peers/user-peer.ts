import type { Client } from "@connectrpc/connect";
import type { ReindexProfile, UserService } from "@nova/proto/user/v1";
import { toDomainError } from "@nova/rpc";
import type { OwnerPage } from "./content-peer.ts";

/** The public fields of a profile that search indexes. */
export interface ProfileFields {
  username: string;
  displayName: string;
  bio: string;
  avatarMediaId: string;
  privateAccount: boolean;
}

/** user-service as search uses it: a profile's public fields (ProfileCreated carries only the username). */
export interface UserPeer {
  getProfile(id: string): Promise<ProfileFields | undefined>;
  /** Every profile's searchable fields, a page at a time (the reindex; search-service's credential). */
  listProfiles(cursor: string, pageSize: number): Promise<OwnerPage<ReindexProfile>>;
}

export function createUserPeer(client: Client<typeof UserService>): UserPeer {
  return {
    async getProfile(id) {
      try {
        const res = await client.batchGetProfiles({ ids: [id] });
        const p = res.profiles.find((x) => x.id === id);
        if (!p) return undefined;
        return {
          username: p.username,
          displayName: p.displayName,
          bio: p.bio,
          avatarMediaId: p.avatarMediaId,
          privateAccount: p.privateAccount,
        };
      } catch (err) {
        throw toDomainError(err, "user-service");
      }
    },
    async listProfiles(cursor, pageSize) {
      try {
        const res = await client.listProfilesForReindex({ cursor, pageSize });
        return { items: res.profiles, nextCursor: res.nextCursor };
      } catch (err) {
        throw toDomainError(err, "user-service");
      }
    },
  };
}
