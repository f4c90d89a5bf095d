import type { ServiceContext } from "../context.ts";
import { forgetSearches, listRecentSearches } from "../db/recent-search-queries.ts";
import { parseQuery } from "./search-input.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/** The viewer's own recent searches, newest first. */
export async function listMyRecentSearches(args: { ctx: ServiceContext; viewer: Viewer }) {
  const accountId = requireViewer(args.viewer);
  const rows = await listRecentSearches(args.ctx.db.db, accountId);
  return { items: rows.map((r) => ({ query: r.query, searchedAt: new Date(r.searched_at).toISOString() })) };
}

/** Forgets one of the viewer's searches (`q`), or all of them. */
export async function clearMyRecentSearches(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { q?: string | undefined };
}) {
  const accountId = requireViewer(args.viewer);
  const q = args.input.q === undefined ? undefined : parseQuery(args.input.q);
  return { removed: await forgetSearches(args.ctx.db.db, accountId, q) };
}
