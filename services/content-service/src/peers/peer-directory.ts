import { Audience } from "@nova/proto/user/v1";
import type { PeerClients } from "./peer-clients.ts";

/** The part of graph-service's answer content rules need: one viewer towards one other account. */
export interface Relationship {
  /** The viewer follows the other (approved). */
  following: boolean;
  /** The other follows the viewer (approved). */
  followedBy: boolean;
  /** Either blocks the other. */
  blocked: boolean;
  /** The viewer mutes the other. */
  muting: boolean;
}

export const NO_RELATIONSHIP: Relationship = {
  following: false,
  followedBy: false,
  blocked: false,
  muting: false,
};

/** A resolved @mention. */
export interface MentionTarget {
  id: string;
  /** Who may mention the account (user-service setting). */
  whoCanMention: "everyone" | "following" | "nobody";
}

/**
 * What content-service asks its peers, in batches of at most 100. Every method throws when the peer
 * cannot answer (callers decide how to fail: reads fail closed, writes answer 503).
 */
export interface PeerDirectory {
  /** The viewer's relationship to each target (graph-service). */
  relationships(viewerId: string, targetIds: readonly string[]): Promise<Map<string, Relationship>>;
  /** Which of the accounts are private (user-service's profile flag). */
  privateAccounts(ids: readonly string[]): Promise<Set<string>>;
  /** Usernames (lower-case) → accounts; unknown names are absent (user-service). */
  resolveUsernames(usernames: readonly string[]): Promise<Map<string, MentionTarget>>;
}

const BATCH = 100;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

const AUDIENCE: Record<number, MentionTarget["whoCanMention"]> = {
  [Audience.FOLLOWING]: "following",
  [Audience.NOBODY]: "nobody",
};

/** The PeerDirectory over the peers' RPC clients. */
export function createPeerDirectory(clients: PeerClients): PeerDirectory {
  return {
    async relationships(viewerId, targetIds) {
      const out = new Map<string, Relationship>();
      const unique = [...new Set(targetIds)].filter((id) => id !== viewerId);
      for (const batch of chunks(unique)) {
        const res = await clients.graph.batchCheckRelationships({ viewerId, targetIds: batch });
        for (const r of res.relationships)
          out.set(r.targetId, {
            following: r.following,
            followedBy: r.followedBy,
            blocked: r.blocking || r.blockedBy,
            muting: r.muting,
          });
      }
      return out;
    },
    async privateAccounts(ids) {
      const out = new Set<string>();
      for (const batch of chunks([...new Set(ids)])) {
        const res = await clients.user.batchGetProfiles({ ids: batch });
        for (const p of res.profiles) if (p.privateAccount) out.add(p.id);
      }
      return out;
    },
    async resolveUsernames(usernames) {
      const out = new Map<string, MentionTarget>();
      for (const batch of chunks([...new Set(usernames)])) {
        const res = await clients.user.batchGetProfilesByUsername({ usernames: batch });
        for (const p of res.profiles)
          out.set(p.username.toLowerCase(), {
            id: p.id,
            whoCanMention: AUDIENCE[p.whoCanMention] ?? "everyone",
          });
      }
      return out;
    },
  };
}
