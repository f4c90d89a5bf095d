import { create } from "@bufbuild/protobuf";
import {
  type BatchCheckRelationshipsRequest,
  type BatchCheckRelationshipsResponse,
  BatchCheckRelationshipsResponseSchema,
} from "@nova/proto/graph/v1";
import type { ServiceContext } from "../context.ts";
import { checkRelationships } from "../domain/get-relationships.ts";

/** nova.graph.v1.GraphService/BatchCheckRelationships */
export function batchCheckRelationships(ctx: ServiceContext) {
  return async (req: BatchCheckRelationshipsRequest): Promise<BatchCheckRelationshipsResponse> => {
    const views = await checkRelationships({ ctx, input: { viewerId: req.viewerId, ids: req.targetIds } });
    return create(BatchCheckRelationshipsResponseSchema, {
      relationships: views.map(({ id, ...flags }) => ({ targetId: id, ...flags })),
    });
  };
}
