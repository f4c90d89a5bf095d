import { create } from "@bufbuild/protobuf";
import {
  type ListFollowingRequest,
  type ListFollowingResponse,
  ListFollowingResponseSchema,
} from "@nova/proto/graph/v1";
import type { ServiceContext } from "../context.ts";
import { listFanOut } from "../domain/list-fan-out.ts";

/** nova.graph.v1.GraphService/ListFollowing */
export function listFollowing(ctx: ServiceContext) {
  return async (req: ListFollowingRequest): Promise<ListFollowingResponse> => {
    const page = await listFanOut({
      ctx,
      direction: "following",
      input: { id: req.accountId, limit: req.pageSize, cursor: req.cursor },
    });
    return create(ListFollowingResponseSchema, { followingIds: page.ids, nextCursor: page.nextCursor ?? "" });
  };
}
