import { create } from "@bufbuild/protobuf";
import {
  type BatchGetFollowCountsRequest,
  type BatchGetFollowCountsResponse,
  BatchGetFollowCountsResponseSchema,
} from "@nova/proto/graph/v1";
import type { ServiceContext } from "../context.ts";
import { getFollowCounts } from "../domain/get-follow-counts.ts";

/** nova.graph.v1.GraphService/BatchGetFollowCounts */
export function batchGetFollowCounts(ctx: ServiceContext) {
  return async (req: BatchGetFollowCountsRequest): Promise<BatchGetFollowCountsResponse> => {
    const counts = await getFollowCounts({ ctx, input: { ids: req.accountIds } });
    return create(BatchGetFollowCountsResponseSchema, {
      counts: counts.map((c) => ({
        accountId: c.id,
        followers: BigInt(c.followers),
        following: BigInt(c.following),
      })),
    });
  };
}
