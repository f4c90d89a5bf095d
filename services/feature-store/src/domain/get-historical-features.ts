import { InvalidArgumentError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { authoriseFeatureRead, type FeatureReader } from "./authorise-feature-read.ts";
import {
  assembleBatch,
  type FeatureBatch,
  type FeatureBatchInput,
  validateBatchInput,
} from "./feature-batch.ts";

/**
 * Offline features as known at `at`: per entity the latest state whose event time is ≤ `at`,
 * with windows and decays evaluated at `at` — nothing that happened later leaks in. The same read
 * rule as online features (authoriseFeatureRead).
 */
export async function getHistoricalFeatures({
  ctx,
  reader,
  input,
}: {
  ctx: Pick<ServiceContext, "offline">;
  reader: FeatureReader;
  input: FeatureBatchInput & { at: Date | undefined };
}): Promise<FeatureBatch> {
  const { entityType, features } = validateBatchInput(input);
  authoriseFeatureRead(reader, entityType, input.entityIds);
  if (!input.at || Number.isNaN(input.at.getTime())) {
    throw new InvalidArgumentError("at is required", [{ field: "at", message: "must be a timestamp" }]);
  }
  const states = await ctx.offline.asOf(entityType, [...new Set(input.entityIds)], input.at.getTime());
  return assembleBatch(features, input.entityIds, (id) => states.get(id), input.at);
}
