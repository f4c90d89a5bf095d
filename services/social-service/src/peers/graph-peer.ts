import type { Client } from "@connectrpc/connect";
import type { GraphService } from "@nova/proto/graph/v1";
import { toDomainError } from "@nova/rpc";

/** graph-service as social-service uses it: who is in a blocked pair with the viewer. */
export interface GraphPeer {
  /** The subset of `others` (≤100) that the viewer blocks or is blocked by. */
  blockedAmong(viewerId: string, others: readonly string[]): Promise<Set<string>>;
}

export function createGraphPeer(client: Client<typeof GraphService>): GraphPeer {
  return {
    async blockedAmong(viewerId, others) {
      const targets = [...new Set(others)].filter((id) => id !== viewerId);
      if (targets.length === 0) return new Set();
      try {
        const res = await client.batchCheckRelationships({ viewerId, targetIds: targets });
        return new Set(res.relationships.filter((r) => r.blocking || r.blockedBy).map((r) => r.targetId));
      } catch (err) {
        throw toDomainError(err, "graph-service");
      }
    },
  };
}
