import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { rpcCaller } from "@nova/auth";
import {
  type ListPostsForReindexRequest,
  type ListPostsForReindexResponse,
  ListPostsForReindexResponseSchema,
} from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import { listPostsForReindex as verb } from "../domain/list-for-reindex.ts";
import { toPostMessage } from "../events/post-message.ts";

/** nova.content.v1.ContentService/ListPostsForReindex (internal, search-service only). */
export function listPostsForReindex(ctx: ServiceContext) {
  return async (
    req: ListPostsForReindexRequest,
    call: HandlerContext,
  ): Promise<ListPostsForReindexResponse> => {
    const input = { callerService: rpcCaller(call).service, pageSize: req.pageSize, cursor: req.cursor };
    const { items, nextCursor } = await verb({ ctx, input });
    const posts = items.map((row) => ({ post: toPostMessage(row), hidden: row.hiddenAt !== null }));
    return create(ListPostsForReindexResponseSchema, { posts, nextCursor });
  };
}
