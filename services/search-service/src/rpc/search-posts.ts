import { create } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { HandlerContext } from "@connectrpc/connect";
import { optionalAuth } from "@nova/auth";
import {
  type SearchPostsRequest,
  type SearchPostsResponse,
  SearchPostsResponseSchema,
} from "@nova/proto/search/v1";
import type { ServiceContext } from "../context.ts";
import { searchPosts as verb } from "../domain/search-posts.ts";
import { given, toSearchPost } from "./to-proto.ts";

/** nova.search.v1.SearchService/SearchPosts (public; the viewer is the call's end-user token). */
export function searchPosts(ctx: ServiceContext) {
  return async (req: SearchPostsRequest, call: HandlerContext): Promise<SearchPostsResponse> => {
    const page = await verb({
      ctx,
      viewer: optionalAuth(call),
      input: {
        q: given(req.q),
        limit: given(req.limit),
        cursor: given(req.cursor),
        sort: given(req.sort),
        from: given(req.from),
        since: req.since ? timestampDate(req.since).toISOString() : undefined,
        until: req.until ? timestampDate(req.until).toISOString() : undefined,
        hashtag: given(req.hashtag),
        lang: given(req.lang),
      },
    });
    return create(SearchPostsResponseSchema, {
      posts: page.items.map(toSearchPost),
      nextCursor: page.nextCursor ?? "",
    });
  };
}
