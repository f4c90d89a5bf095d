import { create } from "@bufbuild/protobuf";
import {
  type ListFollowersRequest,
  type ListFollowersResponse,
  ListFollowersResponseSchema,
} from "@nova/proto/graph/v1";
import type { ServiceContext } from "../context.ts";
import { listFanOut } from "../domain/list-fan-out.ts";

/** nova.graph.v1.GraphService/ListFollowers */
export function listFollowers(ctx: ServiceContext) {
  return async (req: ListFollowersRequest): Promise<ListFollowersResponse> => {
    const page = await listFanOut({
      ctx,
      direction: "followers",
      input: { id: req.authorId, limit: req.pageSize, cursor: req.cursor },
    });
    return create(ListFollowersResponseSchema, { followerIds: page.ids, nextCursor: page.nextCursor ?? "" });
  };
}
