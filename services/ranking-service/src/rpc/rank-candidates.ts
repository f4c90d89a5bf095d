import { create } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { HandlerContext } from "@connectrpc/connect";
import { verifiedCaller } from "@nova/auth";
import {
  type RankCandidatesRequest,
  type RankCandidatesResponse,
  RankCandidatesResponseSchema,
} from "@nova/proto/ranking/v1";
import type { ServiceContext } from "../context.ts";
import { rankCandidates as verb } from "../domain/rank-candidates.ts";

/** nova.ranking.v1.RankingService/RankCandidates */
export function rankCandidates(ctx: ServiceContext) {
  return async (req: RankCandidatesRequest, handlerCtx: HandlerContext): Promise<RankCandidatesResponse> => {
    const ranking = await verb({
      ctx,
      caller: verifiedCaller(handlerCtx),
      input: {
        ...(req.viewerId ? { viewerId: req.viewerId } : {}),
        candidates: req.candidates.map((c) => ({
          postId: c.postId,
          authorId: c.authorId,
          // A missing timestamp reaches validation as "not a date", naming the field.
          createdAt: c.createdAt ? timestampDate(c.createdAt) : new Date(Number.NaN),
          source: c.source,
        })),
        ...(req.seed !== undefined ? { seed: req.seed } : {}),
        ...(req.modelVersion ? { modelVersion: req.modelVersion as never } : {}),
      },
    });
    return create(RankCandidatesResponseSchema, {
      rankingId: ranking.rankingId,
      modelVersion: ranking.modelVersion,
      seed: ranking.seed,
      featuresDegraded: ranking.featuresDegraded,
      degradedReason: ranking.degradedReason,
      ranked: ranking.ranked.map((r) => ({
        postId: r.postId,
        authorId: r.authorId,
        source: r.source,
        score: r.score,
        position: r.position,
        explored: r.explored,
        // The model inputs are a few numbers: always sent, so a served page's impressions can be logged with them.
        features: r.features,
        ...(req.omitExplanations ? {} : { contributions: r.contributions, explanation: r.explanation }),
      })),
    });
  };
}
