import type { ServiceContext } from "../context.ts";
import { loadStates } from "../db/entity-state-queries.ts";
import { ABSENT } from "../online/online-store.ts";
import { authoriseFeatureRead, type FeatureReader } from "./authorise-feature-read.ts";
import type { StateAt } from "./entity-state.ts";
import {
  assembleBatch,
  type FeatureBatch,
  type FeatureBatchInput,
  validateBatchInput,
} from "./feature-batch.ts";

/**
 * Online features: states from the online store (one MGET), misses from the state table (then
 * cached briefly — entities without a row too, as ABSENT marks, so a batch of 500 mostly-new
 * viewer×author pairs does not query the table on every read), windows and decays evaluated at
 * the context's clock. An event's state write replaces an ABSENT mark at once; a fill racing that
 * write can hide it for up to FEATURE_STORE_MISS_FILL_TTL, as a fill of a found state can.
 * Only a service or the account the entities are about may read them (authoriseFeatureRead).
 */
export async function getFeatures({
  ctx,
  reader,
  input,
}: {
  ctx: Pick<ServiceContext, "online" | "db" | "clock" | "config" | "log">;
  reader: FeatureReader;
  input: FeatureBatchInput;
}): Promise<FeatureBatch> {
  const { entityType, features } = validateBatchInput(input);
  authoriseFeatureRead(reader, entityType, input.entityIds);
  const ids = [...new Set(input.entityIds)];
  const states = new Map<string, StateAt>();
  let cached: (StateAt | typeof ABSENT | undefined)[] = [];
  try {
    cached = await ctx.online.getMany(entityType, ids);
  } catch (err) {
    // Serving goes on from the state table while the cache is down.
    ctx.log.warn("online store read failed; reading states from the database", { err });
  }
  const missing: string[] = [];
  ids.forEach((id, i) => {
    const hit = cached[i];
    if (hit === ABSENT) return;
    if (hit) states.set(id, hit);
    else missing.push(id);
  });
  if (missing.length > 0) {
    const loaded = await loadStates(ctx.db.db, entityType, missing);
    for (const [id, state] of loaded) states.set(id, state);
    const fills = [...loaded].map(([entityId, s]) => ({ entityType, entityId, ...s }));
    const ttl = ctx.config.extra.FEATURE_STORE_MISS_FILL_TTL;
    await Promise.all([
      ctx.online.put(fills, ttl),
      ctx.online.putAbsent(
        entityType,
        missing.filter((id) => !loaded.has(id)),
        ttl,
      ),
    ]).catch(() => {});
  }
  return assembleBatch(features, input.entityIds, (id) => states.get(id), ctx.clock());
}
