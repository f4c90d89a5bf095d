import { create } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { HandlerContext } from "@connectrpc/connect";
import { verifiedCaller } from "@nova/auth";
import {
  type LogImpressionsRequest,
  type LogImpressionsResponse,
  LogImpressionsResponseSchema,
} from "@nova/proto/ranking/v1";
import type { ServiceContext } from "../context.ts";
import { logImpressions as verb } from "../domain/log-impressions.ts";

/** nova.ranking.v1.RankingService/LogImpressions */
export function logImpressions(ctx: ServiceContext) {
  return async (req: LogImpressionsRequest, handlerCtx: HandlerContext): Promise<LogImpressionsResponse> => {
    const result = await verb({
      ctx,
      caller: verifiedCaller(handlerCtx),
      input: {
        ...(req.viewerId ? { viewerId: req.viewerId } : {}),
        rankingId: req.rankingId,
        modelVersion: req.modelVersion,
        impressions: req.impressions.map((i) => ({
          postId: i.postId,
          authorId: i.authorId,
          position: i.position,
          score: i.score,
          features: i.features,
          shownAt: i.shownAt ? timestampDate(i.shownAt) : new Date(Number.NaN),
        })),
      },
    });
    return create(LogImpressionsResponseSchema, result);
  };
}
