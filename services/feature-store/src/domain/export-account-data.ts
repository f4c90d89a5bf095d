import { requireAccountOwner } from "@nova/auth";
import type { ServiceContext } from "../context.ts";
import { loadOwnPairStates, loadStates } from "../db/entity-state-queries.ts";
import type { EntityType } from "./entity-types.ts";
import { assembleBatch, type FeatureBatch } from "./feature-batch.ts";
import { resolveFeatures } from "./feature-registry.ts";

/** One entity's features by name, only those with a known (non-default) value. */
function known(batch: FeatureBatch): Record<string, unknown>[] {
  return batch.rows.map((row) =>
    Object.fromEntries(
      row.values.flatMap((v, i) => (v.isDefault ? [] : [[batch.featureNames[i] as string, v.value]])),
    ),
  );
}

/**
 * feature-store's section of the account export: the features about the account as served now —
 * its user features (hashtag interests, following count), its author features, and its own viewer
 * × author pairs (affinities, built partly from its profile visits). Others' pairs towards the
 * account are their signals, not the account's, and are left out. Only for the account itself.
 */
export async function exportAccountData(args: {
  ctx: Pick<ServiceContext, "db" | "clock">;
  viewer: { accountId: string } | undefined;
  input: { accountId: string };
}) {
  const accountId = requireAccountOwner(args.viewer, args.input.accountId);
  const db = args.ctx.db.db;
  const now = args.ctx.clock();
  const of = async (entityType: EntityType) => {
    const states = await loadStates(db, entityType, [accountId]);
    return known(assembleBatch(resolveFeatures(entityType, []), [accountId], (id) => states.get(id), now))[0];
  };
  const pairStates = await loadOwnPairStates(db, accountId);
  const pairIds = [...pairStates.keys()];
  const pairs = known(
    assembleBatch(resolveFeatures("user_author", []), pairIds, (id) => pairStates.get(id), now),
  );
  return {
    computedAt: now.toISOString(),
    user: await of("user"),
    author: await of("author"),
    authors: pairIds.map((id, i) => ({ authorId: id.split(":")[1] ?? "", features: pairs[i] })),
  };
}
