import { create } from "@bufbuild/protobuf";
import {
  type BatchCheckVisibilityRequest,
  type BatchCheckVisibilityResponse,
  BatchCheckVisibilityResponseSchema,
} from "@nova/proto/graph/v1";
import type { ServiceContext } from "../context.ts";
import { checkVisibility } from "../domain/check-visibility.ts";

/** nova.graph.v1.GraphService/BatchCheckVisibility */
export function batchCheckVisibility(ctx: ServiceContext) {
  return async (req: BatchCheckVisibilityRequest): Promise<BatchCheckVisibilityResponse> => {
    const authors = await checkVisibility({
      ctx,
      input: { viewerId: req.viewerId, authorIds: req.authorIds },
    });
    return create(BatchCheckVisibilityResponseSchema, { authors });
  };
}
