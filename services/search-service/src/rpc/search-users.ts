import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { optionalAuth } from "@nova/auth";
import {
  type SearchUsersRequest,
  type SearchUsersResponse,
  SearchUsersResponseSchema,
} from "@nova/proto/search/v1";
import type { ServiceContext } from "../context.ts";
import { searchUsers as verb } from "../domain/search-users.ts";
import { given, toSearchUser } from "./to-proto.ts";

/** nova.search.v1.SearchService/SearchUsers (public; the viewer is the call's end-user token). */
export function searchUsers(ctx: ServiceContext) {
  return async (req: SearchUsersRequest, call: HandlerContext): Promise<SearchUsersResponse> => {
    const page = await verb({
      ctx,
      viewer: optionalAuth(call),
      input: { q: req.q, limit: given(req.limit), cursor: given(req.cursor) },
    });
    return create(SearchUsersResponseSchema, {
      users: page.items.map(toSearchUser),
      nextCursor: page.nextCursor ?? "",
    });
  };
}
