import type { Client } from "@connectrpc/connect";
import type { GraphService } from "@nova/proto/graph/v1";
import { toDomainError } from "@nova/rpc";

/** How `viewerId` and one other account stand, as chat needs it. */
export interface ChatRelationship {
  /** Either blocks the other. */
  blocked: boolean;
  /** The other account follows the viewer (approved). */
  followsViewer: boolean;
}

/** graph-service as chat uses it: blocks (refuse, hide) and follows (message requests). */
export interface GraphPeer {
  relationships(viewerId: string, others: readonly string[]): Promise<Map<string, ChatRelationship>>;
}

export function createGraphPeer(client: Client<typeof GraphService>): GraphPeer {
  return {
    async relationships(viewerId, others) {
      const targets = [...new Set(others)].filter((id) => id !== viewerId);
      const out = new Map<string, ChatRelationship>();
      for (let i = 0; i < targets.length; i += 100) {
        try {
          const res = await client.batchCheckRelationships({
            viewerId,
            targetIds: targets.slice(i, i + 100),
          });
          for (const r of res.relationships)
            out.set(r.targetId, { blocked: r.blocking || r.blockedBy, followsViewer: r.followedBy });
        } catch (err) {
          throw toDomainError(err, "graph-service");
        }
      }
      return out;
    },
  };
}
