import type { Client } from "@connectrpc/connect";
import type { GraphService } from "@nova/proto/graph/v1";
import { toDomainError } from "@nova/rpc";

/** The most follows pushed into one query; beyond it older follows count as non-follows. */
const MAX_FOLLOWING = 5_000;

/**
 * What the viewer's graph contributes to a query, pushed INTO it so pages stay full: the accounts
 * it follows (approved), those to hide (blocks either way, and mutes), and those that block it
 * (whose mentions also hide a post).
 */
export interface ViewerGraph {
  following: string[];
  hidden: string[];
  blocked: string[];
}

export interface GraphPeer {
  viewerGraph(viewerId: string, opts: { includeMuted: boolean }): Promise<ViewerGraph>;
}

export function createGraphPeer(client: Client<typeof GraphService>): GraphPeer {
  const listFollowing = async (accountId: string): Promise<string[]> => {
    const ids: string[] = [];
    let cursor = "";
    do {
      const res = await client.listFollowing({ accountId, pageSize: 1000, cursor });
      ids.push(...res.followingIds);
      cursor = res.nextCursor;
    } while (cursor && ids.length < MAX_FOLLOWING);
    return ids;
  };
  return {
    async viewerGraph(viewerId, { includeMuted }) {
      try {
        const [following, bm] = await Promise.all([
          listFollowing(viewerId),
          client.listBlockedAndMuted({ accountId: viewerId }),
        ]);
        const blocked = [...new Set([...bm.blockingIds, ...bm.blockedByIds])];
        const hidden = includeMuted ? [...new Set([...blocked, ...bm.mutingIds])] : blocked;
        return { following, hidden, blocked };
      } catch (err) {
        throw toDomainError(err, "graph-service");
      }
    },
  };
}
