import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { rpcCaller } from "@nova/auth";
import {
  type BatchCheckPostAccessRequest,
  type BatchCheckPostAccessResponse,
  BatchCheckPostAccessResponseSchema,
} from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import { checkPostAccess } from "../domain/check-post-access.ts";

/** nova.content.v1.ContentService/BatchCheckPostAccess (internal, notification-service only). */
export function batchCheckPostAccess(ctx: ServiceContext) {
  return async (
    req: BatchCheckPostAccessRequest,
    call: HandlerContext,
  ): Promise<BatchCheckPostAccessResponse> => {
    const posts = await checkPostAccess({
      ctx,
      callerService: rpcCaller(call).service,
      input: { viewerId: req.viewerId, postIds: req.postIds },
    });
    return create(BatchCheckPostAccessResponseSchema, { posts });
  };
}
