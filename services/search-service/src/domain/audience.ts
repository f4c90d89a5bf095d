import type { ServiceContext } from "../context.ts";
import type { QueryAudience } from "../db/post-search-queries.ts";
import type { Viewer } from "./viewer.ts";

/** Nobody signed in: public posts of public accounts; no follows, nothing hidden. */
export const ANONYMOUS: QueryAudience = { viewerId: undefined, following: [], hidden: [], blocked: [] };

/**
 * The viewer's follows, blocks and mutes from graph-service, to push into the query. Anonymous
 * viewers need no call: they see public posts of public accounts. When graph-service is down the
 * error propagates (503): answering without blocks would leak.
 */
export async function audienceOf(
  ctx: ServiceContext,
  viewer: Viewer,
  opts: { includeMuted: boolean } = { includeMuted: true },
): Promise<QueryAudience> {
  if (!viewer) return ANONYMOUS;
  const g = await ctx.graph.viewerGraph(viewer.accountId, opts);
  return { viewerId: viewer.accountId, following: g.following, hidden: g.hidden, blocked: g.blocked };
}
