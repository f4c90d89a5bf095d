import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { optionalAuth } from "@nova/auth";
import {
  type BatchGetPostsRequest,
  type BatchGetPostsResponse,
  BatchGetPostsResponseSchema,
} from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import { batchGetPosts as verb } from "../domain/batch-get-posts.ts";
import { toPostMessage } from "../events/post-message.ts";

/** nova.content.v1.ContentService/BatchGetPosts */
export function batchGetPosts(ctx: ServiceContext) {
  return async (req: BatchGetPostsRequest, call: HandlerContext): Promise<BatchGetPostsResponse> => {
    const rows = await verb({ ctx, viewer: optionalAuth(call), input: { ids: req.postIds } });
    return create(BatchGetPostsResponseSchema, { posts: rows.map(toPostMessage) });
  };
}
