import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { optionalAuth } from "@nova/auth";
import { type SuggestRequest, type SuggestResponse, SuggestResponseSchema } from "@nova/proto/search/v1";
import type { ServiceContext } from "../context.ts";
import { suggest as verb } from "../domain/suggest.ts";
import { toSearchUser } from "./to-proto.ts";

/** nova.search.v1.SearchService/Suggest (public; the viewer is the call's end-user token). */
export function suggest(ctx: ServiceContext) {
  return async (req: SuggestRequest, call: HandlerContext): Promise<SuggestResponse> => {
    const { items } = await verb({ ctx, viewer: optionalAuth(call), input: { q: req.q } });
    return create(SuggestResponseSchema, {
      items: items.map((i) =>
        i.type === "user"
          ? { item: { case: "user" as const, value: toSearchUser(i) } }
          : { item: { case: "hashtag" as const, value: { tag: i.tag, uses: BigInt(i.uses) } } },
      ),
    });
  };
}
