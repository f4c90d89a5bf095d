import type { ServiceContext } from "../context.ts";

// How many followed accounts are checked for the read-time merge, and how long the answer is cached.
const MAX_FOLLOWING = 5_000;
const TTL_MS = 60_000;
// content's ListPostsByAuthors takes at most 100 authors.
const MAX_HEAVY = 100;

export const heavyAuthorsKey = (viewerId: string) => `feed:v1:heavy:${viewerId}`;

/**
 * The accounts the viewer follows whose posts are not fanned out (≥ FEED_FANOUT_THRESHOLD
 * followers). Cached per viewer for a minute; a follow or unfollow by the viewer drops the entry.
 */
export async function followedHeavyAuthors(ctx: ServiceContext, viewerId: string): Promise<string[]> {
  const cached = await ctx.store.get<string[]>(heavyAuthorsKey(viewerId));
  if (cached) return cached;
  const following = await ctx.graph.following(viewerId, MAX_FOLLOWING);
  const counts = await ctx.graph.followerCounts(following);
  const threshold = ctx.config.extra.FEED_FANOUT_THRESHOLD;
  const heavy = following.filter((id) => (counts.get(id) ?? 0) >= threshold).slice(0, MAX_HEAVY);
  await ctx.store.set(heavyAuthorsKey(viewerId), heavy, { ttlMs: TTL_MS });
  return heavy;
}
