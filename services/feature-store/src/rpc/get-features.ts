import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import {
  type GetFeaturesRequest,
  type GetFeaturesResponse,
  GetFeaturesResponseSchema,
} from "@nova/proto/feature_store/v1";
import type { ServiceContext } from "../context.ts";
import { getFeatures as verb } from "../domain/get-features.ts";
import { featureReader } from "./feature-reader.ts";
import { batchToNumbers, batchToProto, entityTypeFromProto } from "./to-proto.ts";

/** nova.feature_store.v1.FeatureStoreService/GetFeatures */
export function getFeatures(ctx: ServiceContext) {
  return async (req: GetFeaturesRequest, handlerCtx: HandlerContext): Promise<GetFeaturesResponse> => {
    const batch = await verb({
      ctx,
      reader: featureReader(handlerCtx),
      input: {
        entityType: entityTypeFromProto(req.entityType),
        entityIds: req.entityIds,
        featureNames: req.featureNames,
      },
    });
    return create(GetFeaturesResponseSchema, req.numbersOnly ? batchToNumbers(batch) : batchToProto(batch));
  };
}
