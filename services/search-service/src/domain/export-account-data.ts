import { requireAccountOwner } from "@nova/auth";
import type { ServiceContext } from "../context.ts";
import { listRecentSearches } from "../db/recent-search-queries.ts";
import type { Viewer } from "./viewer.ts";

/**
 * search-service's section of the account export: the account's recent searches (the index holds
 * only copies of other services' data). Only for the account itself.
 */
export async function exportAccountData(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { accountId: string };
}) {
  const accountId = requireAccountOwner(args.viewer, args.input.accountId);
  const rows = await listRecentSearches(args.ctx.db.db, accountId);
  return {
    recentSearches: rows.map((r) => ({ query: r.query, searchedAt: new Date(r.searched_at).toISOString() })),
  };
}
