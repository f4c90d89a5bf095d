import type { Client } from "@connectrpc/connect";
import type { GraphService, Relationship } from "@nova/proto/graph/v1";
import { toDomainError } from "@nova/rpc";

/** graph-service as social-service uses it: who is in a blocked pair with the viewer, whom it mutes. */
export interface GraphPeer {
  /** The subset of `others` (≤100) that the viewer blocks or is blocked by. */
  blockedAmong(viewerId: string, others: readonly string[]): Promise<Set<string>>;
  /** The subset of `others` (≤100) in a blocked pair with the viewer or muted by the viewer. */
  blockedOrMutedAmong(viewerId: string, others: readonly string[]): Promise<Set<string>>;
}

export function createGraphPeer(client: Client<typeof GraphService>): GraphPeer {
  const among = async (
    viewerId: string,
    others: readonly string[],
    hide: (r: Relationship) => boolean,
  ): Promise<Set<string>> => {
    const targets = [...new Set(others)].filter((id) => id !== viewerId);
    if (targets.length === 0) return new Set();
    try {
      const res = await client.batchCheckRelationships({ viewerId, targetIds: targets });
      return new Set(res.relationships.filter(hide).map((r) => r.targetId));
    } catch (err) {
      throw toDomainError(err, "graph-service");
    }
  };
  return {
    blockedAmong: (viewerId, others) => among(viewerId, others, (r) => r.blocking || r.blockedBy),
    blockedOrMutedAmong: (viewerId, others) =>
      among(viewerId, others, (r) => r.blocking || r.blockedBy || r.muting),
  };
}
