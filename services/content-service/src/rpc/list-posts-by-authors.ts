import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { optionalAuth } from "@nova/auth";
import {
  type ListPostsByAuthorsRequest,
  type ListPostsByAuthorsResponse,
  ListPostsByAuthorsResponseSchema,
} from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import { listPostsByAuthors as verb } from "../domain/list-posts-by-authors.ts";
import { toPostMessage } from "../events/post-message.ts";

/** nova.content.v1.ContentService/ListPostsByAuthors */
export function listPostsByAuthors(ctx: ServiceContext) {
  return async (
    req: ListPostsByAuthorsRequest,
    call: HandlerContext,
  ): Promise<ListPostsByAuthorsResponse> => {
    const page = await verb({
      ctx,
      viewer: optionalAuth(call),
      input: {
        authorIds: req.authorIds,
        includeReplies: req.includeReplies,
        limit: req.pageSize,
        ...(req.cursor ? { cursor: req.cursor } : {}),
      },
    });
    return create(ListPostsByAuthorsResponseSchema, {
      posts: page.posts.map(toPostMessage),
      nextCursor: page.nextCursor ?? "",
    });
  };
}
