import { create } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { HandlerContext } from "@connectrpc/connect";
import { verifiedCaller } from "@nova/auth";
import {
  type GetHistoricalFeaturesRequest,
  type GetHistoricalFeaturesResponse,
  GetHistoricalFeaturesResponseSchema,
} from "@nova/proto/feature_store/v1";
import type { ServiceContext } from "../context.ts";
import { getHistoricalFeatures as verb } from "../domain/get-historical-features.ts";
import { batchToProto, entityTypeFromProto } from "./to-proto.ts";

/** nova.feature_store.v1.FeatureStoreService/GetHistoricalFeatures */
export function getHistoricalFeatures(ctx: ServiceContext) {
  return async (
    req: GetHistoricalFeaturesRequest,
    handlerCtx: HandlerContext,
  ): Promise<GetHistoricalFeaturesResponse> => {
    const batch = await verb({
      ctx,
      reader: verifiedCaller(handlerCtx),
      input: {
        entityType: entityTypeFromProto(req.entityType),
        entityIds: req.entityIds,
        featureNames: req.featureNames,
        at: req.at ? timestampDate(req.at) : undefined,
      },
    });
    return create(GetHistoricalFeaturesResponseSchema, batchToProto(batch));
  };
}
