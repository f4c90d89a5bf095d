import type { Client } from "@connectrpc/connect";
import type { GraphService } from "@nova/proto/graph/v1";
import { toDomainError } from "@nova/rpc";

/** What a recipient's relationship to an actor decides. */
export interface Standing {
  /** Either blocks the other, or the recipient mutes the actor: nothing is delivered. */
  silenced: boolean;
  /** The recipient follows the actor ("only from people I follow"). */
  following: boolean;
}

/** graph-service as notification-service uses it (service credential; the viewer is named). */
export interface GraphPeer {
  /** The recipient's standing toward each actor (≤100), keyed by actor id. */
  standings(recipientId: string, actorIds: readonly string[]): Promise<Map<string, Standing>>;
}

export function createGraphPeer(client: Client<typeof GraphService>): GraphPeer {
  return {
    async standings(recipientId, actorIds) {
      const targets = [...new Set(actorIds)].filter((id) => id !== recipientId);
      if (targets.length === 0) return new Map();
      try {
        const rel = await client.batchCheckRelationships({ viewerId: recipientId, targetIds: targets });
        return new Map(
          rel.relationships.map((r) => [
            r.targetId,
            {
              silenced: r.blocking || r.blockedBy || r.muting,
              following: r.following,
            },
          ]),
        );
      } catch (err) {
        throw toDomainError(err, "graph-service");
      }
    },
  };
}
