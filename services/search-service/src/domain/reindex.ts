import type { ServiceContext } from "../context.ts";

/** Rebuilds the search indices from the projection (Elasticsearch: new indices + alias swap; embedded: new tables + rename). */
export async function reindex(args: {
  ctx: ServiceContext;
}): Promise<{ engine: string; counts: Record<string, number> }> {
  const counts = await args.ctx.engine.rebuild();
  return { engine: args.ctx.engine.name, counts };
}
