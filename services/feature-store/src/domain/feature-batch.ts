import { InvalidArgumentError } from "@nova/errors";
import type { StateAt } from "./entity-state.ts";
import { ENTITY_TYPES, type EntityType } from "./entity-types.ts";
import { type FeatureDefinition, type FeatureValue, resolveFeatures } from "./feature-registry.ts";

export const MAX_ENTITY_IDS = 1_000;
export const MAX_FEATURE_NAMES = 50;

/** A request for a dense batch: every entity id × every feature name. */
export interface FeatureBatchInput {
  entityType: string;
  entityIds: readonly string[];
  /** Empty means every feature of the entity type. */
  featureNames: readonly string[];
}

/** One value of the batch; `isDefault` when nothing (fresh) was known. */
export interface ServedValue {
  value: FeatureValue;
  isDefault: boolean;
}

export interface FeatureBatch {
  featureNames: string[];
  rows: { entityId: string; values: ServedValue[] }[];
  computedAt: Date;
}

/** Validates a batch request; bad input names its field. */
export function validateBatchInput(input: FeatureBatchInput): {
  entityType: EntityType;
  features: FeatureDefinition[];
} {
  if (!(ENTITY_TYPES as readonly string[]).includes(input.entityType)) {
    throw new InvalidArgumentError(`unknown entity type: ${JSON.stringify(input.entityType)}`, [
      { field: "entity_type", message: `must be one of ${ENTITY_TYPES.join(", ")}` },
    ]);
  }
  const violations = [];
  if (input.entityIds.length === 0) violations.push({ field: "entity_ids", message: "must not be empty" });
  if (input.entityIds.length > MAX_ENTITY_IDS)
    violations.push({ field: "entity_ids", message: `at most ${MAX_ENTITY_IDS} ids` });
  if (input.entityIds.some((id) => id.length === 0 || id.length > 200))
    violations.push({ field: "entity_ids", message: "each id must have 1 to 200 characters" });
  if (input.featureNames.length > MAX_FEATURE_NAMES)
    violations.push({ field: "feature_names", message: `at most ${MAX_FEATURE_NAMES} names` });
  if (violations.length > 0) throw new InvalidArgumentError("invalid feature request", violations);
  const entityType = input.entityType as EntityType;
  return { entityType, features: resolveFeatures(entityType, input.featureNames) };
}

/** The value a feature has for a state at `now`: its default when unknown or stale. */
export function serveValue(feature: FeatureDefinition, state: StateAt | undefined, now: number): ServedValue {
  if (!state) return { value: feature.defaultValue, isDefault: true };
  if (feature.ttlMs > 0 && now - state.validFrom > feature.ttlMs)
    return { value: feature.defaultValue, isDefault: true };
  const value = feature.compute(state.state, now);
  return value === undefined ? { value: feature.defaultValue, isDefault: true } : { value, isDefault: false };
}

/** Assembles the dense batch, one row per requested id in request order. */
export function assembleBatch(
  features: readonly FeatureDefinition[],
  entityIds: readonly string[],
  stateOf: (entityId: string) => StateAt | undefined,
  now: Date,
): FeatureBatch {
  const at = now.getTime();
  return {
    featureNames: features.map((f) => f.name),
    rows: entityIds.map((entityId) => {
      const state = stateOf(entityId);
      return { entityId, values: features.map((f) => serveValue(f, state, at)) };
    }),
    computedAt: now,
  };
}
