import { create } from "@bufbuild/protobuf";
import {
  type TrendingHashtagsRequest,
  type TrendingHashtagsResponse,
  TrendingHashtagsResponseSchema,
} from "@nova/proto/search/v1";
import type { ServiceContext } from "../context.ts";
import { trendingHashtags as verb } from "../domain/trending-hashtags.ts";
import { given } from "./to-proto.ts";

/** nova.search.v1.SearchService/TrendingHashtags (public; the same for every viewer). */
export function trendingHashtags(ctx: ServiceContext) {
  return async (req: TrendingHashtagsRequest): Promise<TrendingHashtagsResponse> => {
    const { items } = await verb({ ctx, input: { limit: given(req.limit) } });
    return create(TrendingHashtagsResponseSchema, {
      hashtags: items.map((t) => ({ tag: t.tag, accounts: BigInt(t.accounts), score: t.score })),
    });
  };
}
