import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { rpcCaller } from "@nova/auth";
import {
  type ListCommentsForReindexRequest,
  type ListCommentsForReindexResponse,
  ListCommentsForReindexResponseSchema,
} from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import { listCommentsForReindex as verb } from "../domain/list-for-reindex.ts";
import { toCommentMessage } from "../events/post-message.ts";

/** nova.content.v1.ContentService/ListCommentsForReindex (internal, search-service only). */
export function listCommentsForReindex(ctx: ServiceContext) {
  return async (
    req: ListCommentsForReindexRequest,
    call: HandlerContext,
  ): Promise<ListCommentsForReindexResponse> => {
    const input = { callerService: rpcCaller(call).service, pageSize: req.pageSize, cursor: req.cursor };
    const { items, nextCursor } = await verb({ ctx, input });
    const comments = items.map((r) => ({
      comment: toCommentMessage(r.comment, r.postAuthorId),
      hidden: r.comment.hiddenAt !== null,
    }));
    return create(ListCommentsForReindexResponseSchema, { comments, nextCursor });
  };
}
