import type { ServiceContext } from "../context.ts";
import { changedIds, startChangeCapture, stopChangeCapture } from "../db/reindex-capture.ts";
import { dropNextTables } from "../db/reindex-tables.ts";
import { rebuildProjectionFromOwners } from "./rebuild-from-owners.ts";

/**
 * `bun run search:reindex`: rebuilds search's projection from the owners' RPCs (new tables swapped
 * in), then the engine's copy (Elasticsearch: new indices + alias swap; embedded: the projection is
 * the engine). Events keep being applied throughout: those that land while tables or indices are
 * being built are captured and patched into the new copy, so none is lost.
 */
export async function reindex(args: {
  ctx: ServiceContext;
  /** Called between owner pages (tests interleave live writes here). */
  onPage?: () => Promise<void>;
}): Promise<{ engine: string; counts: Record<string, number> }> {
  const { ctx } = args;
  const db = ctx.db.db;
  const copiesAfterSwap = ctx.engine.name !== "postgres";
  await startChangeCapture(db);
  try {
    const counts = await rebuildProjectionFromOwners(ctx, {
      keepCapturing: copiesAfterSwap,
      ...(args.onPage ? { onPage: args.onPage } : {}),
    });
    if (copiesAfterSwap) {
      Object.assign(counts, await ctx.engine.rebuild());
      // Rows events changed while the engine copied went to the old indices: send them again.
      const changed = await changedIds(db);
      await ctx.engine.sync({ documents: changed.documents, accounts: changed.accounts });
      counts.resynced = changed.documents.length + changed.accounts.length;
    }
    return { engine: ctx.engine.name, counts };
  } finally {
    await stopChangeCapture(db);
    await dropNextTables(db);
  }
}
