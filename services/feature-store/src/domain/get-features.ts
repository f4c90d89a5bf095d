import type { ServiceContext } from "../context.ts";
import { loadStates } from "../db/entity-state-queries.ts";
import type { StateAt } from "./entity-state.ts";
import {
  assembleBatch,
  type FeatureBatch,
  type FeatureBatchInput,
  validateBatchInput,
} from "./feature-batch.ts";

/**
 * Online features: states from the online store (one MGET), misses from the state table (then
 * cached briefly), windows and decays evaluated at the context's clock.
 */
export async function getFeatures({
  ctx,
  input,
}: {
  ctx: Pick<ServiceContext, "online" | "db" | "clock" | "config" | "log">;
  input: FeatureBatchInput;
}): Promise<FeatureBatch> {
  const { entityType, features } = validateBatchInput(input);
  const ids = [...new Set(input.entityIds)];
  const states = new Map<string, StateAt>();
  let cached: (StateAt | undefined)[] = [];
  try {
    cached = await ctx.online.getMany(entityType, ids);
  } catch (err) {
    // Serving goes on from the state table while the cache is down.
    ctx.log.warn("online store read failed; reading states from the database", { err });
  }
  const missing: string[] = [];
  ids.forEach((id, i) => {
    const hit = cached[i];
    if (hit) states.set(id, hit);
    else missing.push(id);
  });
  if (missing.length > 0) {
    const loaded = await loadStates(ctx.db.db, entityType, missing);
    for (const [id, state] of loaded) states.set(id, state);
    const fills = [...loaded].map(([entityId, s]) => ({ entityType, entityId, ...s }));
    await ctx.online.put(fills, ctx.config.extra.FEATURE_STORE_MISS_FILL_TTL).catch(() => {});
  }
  return assembleBatch(features, input.entityIds, (id) => states.get(id), ctx.clock());
}
