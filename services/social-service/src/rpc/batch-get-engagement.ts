import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { optionalAuth, optionalServiceCaller } from "@nova/auth";
import {
  type BatchGetEngagementRequest,
  type BatchGetEngagementResponse,
  BatchGetEngagementResponseSchema,
} from "@nova/proto/social/v1";
import { runWithCallContext } from "@nova/rpc";
import type { ServiceContext } from "../context.ts";
import { batchGetEngagement as verb } from "../domain/batch-get-engagement.ts";

/** nova.social.v1.SocialService/BatchGetEngagement */
export function batchGetEngagement(ctx: ServiceContext) {
  return async (
    req: BatchGetEngagementRequest,
    call: HandlerContext,
  ): Promise<BatchGetEngagementResponse> => {
    // The end user's token goes along to content, which decides what that user may see.
    const authorization = call.requestHeader.get("authorization") ?? undefined;
    const views = await runWithCallContext({ authorization }, () =>
      verb({
        ctx,
        viewer: optionalAuth(call),
        service: optionalServiceCaller(call),
        input: { postIds: req.postIds, viewerId: req.viewerId || undefined },
      }),
    );
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
