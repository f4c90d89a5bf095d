import { create } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { HandlerContext } from "@connectrpc/connect";
import { verifiedCaller } from "@nova/auth";
import {
  type RecordFeedImpressionsRequest,
  type RecordFeedImpressionsResponse,
  RecordFeedImpressionsResponseSchema,
} from "@nova/proto/analytics/v1";
import type { ServiceContext } from "../context.ts";
import { recordFeedImpressions as verb } from "../domain/record-feed-impressions.ts";

/** nova.analytics.v1.AnalyticsService/RecordFeedImpressions (internal: feed-service only). */
export function recordFeedImpressions(ctx: ServiceContext) {
  return async (
    req: RecordFeedImpressionsRequest,
    call: HandlerContext,
  ): Promise<RecordFeedImpressionsResponse> => {
    const { accepted } = await verb({
      ctx,
      caller: verifiedCaller(call),
      input: {
        viewerId: req.viewerId,
        surface: req.surface,
        rankingId: req.rankingId,
        modelVersion: req.modelVersion,
        // A missing timestamp reaches validation as "not a date", naming the field.
        servedAt: req.servedAt ? timestampDate(req.servedAt) : new Date(Number.NaN),
        impressions: req.impressions.map((i) => ({ ...i, features: { ...i.features } })),
      },
    });
    return create(RecordFeedImpressionsResponseSchema, { accepted });
  };
}
