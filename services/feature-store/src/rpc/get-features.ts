import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { verifiedCaller } from "@nova/auth";
import {
  type GetFeaturesRequest,
  type GetFeaturesResponse,
  GetFeaturesResponseSchema,
} from "@nova/proto/feature_store/v1";
import type { ServiceContext } from "../context.ts";
import { getFeatures as verb } from "../domain/get-features.ts";
import { batchToNumbers, batchToProto, entityTypeFromProto } from "./to-proto.ts";

/** nova.feature_store.v1.FeatureStoreService/GetFeatures */
export function getFeatures(ctx: ServiceContext) {
  return async (req: GetFeaturesRequest, handlerCtx: HandlerContext): Promise<GetFeaturesResponse> => {
    const batch = await verb({
      ctx,
      reader: verifiedCaller(handlerCtx),
      input: {
        entityType: entityTypeFromProto(req.entityType),
        entityIds: req.entityIds,
        featureNames: req.featureNames,
      },
    });
    return create(GetFeaturesResponseSchema, req.numbersOnly ? batchToNumbers(batch) : batchToProto(batch));
  };
}
