import type { ServiceContext } from "../context.ts";

// How long a viewer's answer is cached (a follow or unfollow by the viewer drops it sooner).
const TTL_MS = 60_000;
/** content's ListPostsByAuthors takes at most this many authors. */
export const CONTENT_MAX_AUTHORS = 100;
const MAX_HEAVY = CONTENT_MAX_AUTHORS;
// Above this many known heavy authors, listing the viewer's follows is cheaper than checking each.
const MAX_CHECKED = 1_000;
/** How many followed accounts are listed when a viewer's follows must be scanned (here; timeline rebuilds). */
export const MAX_FOLLOWING = 5_000;

const HEAVY_AUTHORS_KEY = "feed:v1:heavy-authors";
export const heavyAuthorsKey = (viewerId: string) => `feed:v1:heavy:${viewerId}`;

/**
 * Records an author whose post was not fanned out (≥ FEED_FANOUT_THRESHOLD followers when it was
 * published), scored by that follower count. Authors stay in the registry if they later fall below
 * the threshold: their earlier posts were never fanned out, so reads must keep merging them
 * (a post both fanned out and merged is shown once).
 */
export async function recordHeavyAuthor(ctx: ServiceContext, authorId: string, followers: number) {
  await ctx.store.zadd(HEAVY_AUTHORS_KEY, [{ member: authorId, score: followers }]);
}

/**
 * The accounts the viewer follows whose posts are merged at read time. Only authors that have
 * published a post above the threshold can contribute, so the registry of those (few: the
 * heavy tail) is checked against the viewer's follows with graph's cached relationship checks —
 * instead of counting the followers of everyone the viewer follows. Cached per viewer for a
 * minute; a follow or unfollow by the viewer drops the entry. With an empty registry (a fresh or
 * flushed cache) or a very large one, the viewer's follows are listed and their followers counted.
 */
export async function followedHeavyAuthors(ctx: ServiceContext, viewerId: string): Promise<string[]> {
  const cached = await ctx.store.get<string[]>(heavyAuthorsKey(viewerId));
  if (cached) return cached;
  const known = await ctx.store.zrevrange(HEAVY_AUTHORS_KEY, { limit: MAX_CHECKED + 1 });
  let heavy: string[];
  // An empty registry may be a lost cache rather than no heavy authors: list, which needs none.
  if (known.length > 0 && known.length <= MAX_CHECKED) {
    heavy = await ctx.graph.followedAmong(
      viewerId,
      known.map((m) => m.member),
    );
  } else {
    const following = await ctx.graph.following(viewerId, MAX_FOLLOWING);
    const counts = await ctx.graph.followerCounts(following);
    const threshold = ctx.config.extra.FEED_FANOUT_THRESHOLD;
    heavy = following.filter((id) => (counts.get(id) ?? 0) >= threshold);
  }
  heavy = heavy.slice(0, MAX_HEAVY);
  await ctx.store.set(heavyAuthorsKey(viewerId), heavy, { ttlMs: TTL_MS });
  return heavy;
}
