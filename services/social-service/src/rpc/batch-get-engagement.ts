import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { optionalAuth } from "@nova/auth";
import {
  type BatchGetEngagementRequest,
  type BatchGetEngagementResponse,
  BatchGetEngagementResponseSchema,
} from "@nova/proto/social/v1";
import type { ServiceContext } from "../context.ts";
import { batchGetEngagement as verb } from "../domain/batch-get-engagement.ts";

/** nova.social.v1.SocialService/BatchGetEngagement */
export function batchGetEngagement(ctx: ServiceContext) {
  return async (
    req: BatchGetEngagementRequest,
    call: HandlerContext,
  ): Promise<BatchGetEngagementResponse> => {
    const views = await verb({
      ctx,
      viewer: optionalAuth(call),
      input: { postIds: req.postIds, viewerId: req.viewerId || undefined },
    });
    return create(BatchGetEngagementResponseSchema, {
      engagements: views.map((v) => ({
        postId: v.postId,
        counts: {
          likes: BigInt(v.counts.likes),
          comments: BigInt(v.counts.comments),
          reposts: BigInt(v.counts.reposts),
          quotes: BigInt(v.counts.quotes),
          bookmarks: BigInt(v.counts.bookmarks),
        },
        viewerState: v.viewerState,
      })),
    });
  };
}
