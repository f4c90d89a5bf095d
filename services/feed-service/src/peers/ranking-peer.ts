import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { Client } from "@connectrpc/connect";
import type { RankingService } from "@nova/proto/ranking/v1";
import { toDomainError } from "@nova/rpc";
import type { TimelineEntry } from "../domain/timeline-store.ts";

/** ranking-service as feed-service uses it: the order of a viewer's candidates. */
export interface RankingPeer {
  /**
   * Post ids of `candidates` (≤1000) best first; throws a typed error when ranking is unavailable.
   * A candidate's own `source` wins over the call's.
   */
  rank(
    viewerId: string,
    candidates: readonly (TimelineEntry & { source?: string })[],
    source: string,
  ): Promise<RankedOrder>;
}

/** The order ranking gave, with what an impression log keeps of each ranked post. */
export interface RankedOrder {
  postIds: string[];
  modelVersion: string;
  rankingId: string;
  /** Score and model inputs by post id. */
  scored: Map<string, { score: number; features: Record<string, number> }>;
}

export function createRankingPeer(client: Client<typeof RankingService>, deadlineMs: number): RankingPeer {
  return {
    async rank(viewerId, candidates, source) {
      if (candidates.length === 0) return { postIds: [], modelVersion: "", rankingId: "", scored: new Map() };
      try {
        const res = await client.rankCandidates(
          {
            viewerId,
            omitExplanations: true,
            candidates: candidates.map((c) => ({
              postId: c.postId,
              authorId: c.authorId,
              createdAt: timestampFromMs(c.at),
              source: c.source ?? source,
            })),
          },
          { timeoutMs: deadlineMs },
        );
        return {
          postIds: res.ranked.map((r) => r.postId),
          modelVersion: res.modelVersion,
          rankingId: res.rankingId,
          scored: new Map(res.ranked.map((r) => [r.postId, { score: r.score, features: { ...r.features } }])),
        };
      } catch (err) {
        throw toDomainError(err, "ranking-service");
      }
    },
  };
}
