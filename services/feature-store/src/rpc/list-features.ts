import { create } from "@bufbuild/protobuf";
import {
  EntityType,
  type ListFeaturesRequest,
  type ListFeaturesResponse,
  ListFeaturesResponseSchema,
} from "@nova/proto/feature_store/v1";
import { listFeatures as verb } from "../domain/list-features.ts";
import { entityTypeFromProto, featureDefinitionToProto } from "./to-proto.ts";

/** nova.feature_store.v1.FeatureStoreService/ListFeatures */
export function listFeatures() {
  return async (req: ListFeaturesRequest): Promise<ListFeaturesResponse> => {
    const entityType =
      req.entityType === EntityType.UNSPECIFIED ? undefined : entityTypeFromProto(req.entityType);
    return create(ListFeaturesResponseSchema, {
      features: verb({ input: { entityType } }).map(featureDefinitionToProto),
    });
  };
}
