import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  EntityType as EntityTypeProto,
  type FeatureDefinition as FeatureDefinitionProto,
  FeatureDefinitionSchema,
  type FeatureRow,
  FeatureRowSchema,
  type FeatureValue as FeatureValueProto,
  FeatureValueSchema,
  ValueType,
  WeightsSchema,
} from "@nova/proto/feature_store/v1";
import type { EntityType } from "../domain/entity-types.ts";
import type { FeatureBatch } from "../domain/feature-batch.ts";
import type { FeatureDefinition, FeatureValue } from "../domain/feature-registry.ts";

const TO_PROTO: Record<EntityType, EntityTypeProto> = {
  user: EntityTypeProto.USER,
  post: EntityTypeProto.POST,
  author: EntityTypeProto.AUTHOR,
  user_author: EntityTypeProto.USER_AUTHOR,
};

/** The domain's entity type name of a proto enum value; "" for UNSPECIFIED (the verbs reject it). */
export function entityTypeFromProto(value: EntityTypeProto): string {
  const found = Object.entries(TO_PROTO).find(([, v]) => v === value);
  return found ? found[0] : "";
}

export function featureValueToProto(value: FeatureValue, isDefault: boolean): FeatureValueProto {
  return create(FeatureValueSchema, {
    kind:
      typeof value === "number"
        ? { case: "number", value }
        : { case: "weights", value: create(WeightsSchema, { weights: { ...value } }) },
    isDefault,
  });
}

export function featureDefinitionToProto(f: FeatureDefinition): FeatureDefinitionProto {
  return create(FeatureDefinitionSchema, {
    entityType: TO_PROTO[f.entityType],
    name: f.name,
    valueType: f.valueType === "number" ? ValueType.NUMBER : ValueType.WEIGHTS,
    description: f.description,
    ttlSeconds: BigInt(Math.round(f.ttlMs / 1000)),
    sourceEvents: [...f.sourceEvents],
    defaultValue: featureValueToProto(f.defaultValue, true),
  });
}

/**
 * The batch as GetFeatures' `numbers`: one row-major array of doubles (weights features NaN), no
 * message per value — 500 candidates × 5 features encode as one packed field.
 */
export function batchToNumbers(batch: FeatureBatch) {
  const numbers: number[] = new Array(batch.rows.length * batch.featureNames.length);
  let i = 0;
  for (const row of batch.rows)
    for (const v of row.values) numbers[i++] = typeof v.value === "number" ? v.value : Number.NaN;
  return { featureNames: batch.featureNames, numbers, computedAt: timestampFromDate(batch.computedAt) };
}

/** The dense batch as the GetFeatures / GetHistoricalFeatures response fields. */
export function batchToProto(batch: FeatureBatch) {
  return {
    featureNames: batch.featureNames,
    rows: batch.rows.map(
      (r): FeatureRow =>
        create(FeatureRowSchema, {
          entityId: r.entityId,
          values: r.values.map((v) => featureValueToProto(v.value, v.isDefault)),
        }),
    ),
    computedAt: timestampFromDate(batch.computedAt),
  };
}
