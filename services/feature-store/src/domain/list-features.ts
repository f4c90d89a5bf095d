import { InvalidArgumentError } from "@nova/errors";
import { ENTITY_TYPES, type EntityType } from "./entity-types.ts";
import { FEATURES, type FeatureDefinition } from "./feature-registry.ts";

/** The registry, optionally for one entity type. */
export function listFeatures({ input }: { input: { entityType?: string | undefined } }): FeatureDefinition[] {
  const type = input.entityType;
  if (type === undefined || type === "") return [...FEATURES];
  if (!(ENTITY_TYPES as readonly string[]).includes(type)) {
    throw new InvalidArgumentError(`unknown entity type: ${JSON.stringify(type)}`, [
      { field: "entity_type", message: `must be one of ${ENTITY_TYPES.join(", ")}` },
    ]);
  }
  return FEATURES.filter((f) => f.entityType === (type as EntityType));
}
