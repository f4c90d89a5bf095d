import type { ServiceContext } from "../context.ts";
import { rememberSearch } from "../db/recent-search-queries.ts";
import type { Viewer } from "./viewer.ts";

/**
 * A signed-in viewer's first-page search counts against its search limit (RATE_LIMIT_SEARCHES; 429
 * beyond) and joins its recent searches (only it can read them). Called before the query runs.
 */
export async function rememberIfSignedIn(ctx: ServiceContext, viewer: Viewer, query: string): Promise<void> {
  if (!viewer) return;
  await ctx.writeLimits.consume("searches", viewer.accountId);
  await rememberSearch(ctx.db.db, viewer.accountId, query, ctx.config.extra.RECENT_SEARCHES_KEPT);
}
