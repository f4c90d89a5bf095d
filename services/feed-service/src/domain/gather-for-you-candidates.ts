import type { ServiceContext } from "../context.ts";
import { homeCandidates } from "./home-candidates.ts";
import { limitedForViewer } from "./limited-accounts.ts";
import { type ForYouCandidate, mergeForYouCandidates } from "./merge-for-you-candidates.ts";
import { compareEntries } from "./timeline-cursor.ts";
import type { TimelineEntry } from "./timeline-store.ts";

// Followed accounts whose recent engagement is read (graph's first page), and engagements per account.
const FOLLOWED_ENGAGERS = 100;
const ENGAGED_PER_ACCOUNT = 30;
// Read-time (heavy-author) posts among the `following` candidates.
const HEAVY_CANDIDATES = 100;

/** Posts the accounts the viewer follows liked or reposted lately, newest engagement first. */
async function friendsOfFriends(
  ctx: ServiceContext,
  viewerId: string,
  now: number,
): Promise<TimelineEntry[]> {
  const following = await ctx.graph.following(viewerId, FOLLOWED_ENGAGERS);
  const sets = await Promise.all(following.map((id) => ctx.engaged.recent(id, ENGAGED_PER_ACCOUNT, now)));
  return sets.flat().sort(compareEntries);
}

/**
 * Recent posts with engagement, best trending score first (explore's order, before one-per-author),
 * without limited accounts the viewer doesn't follow (as explore).
 */
async function trending(ctx: ServiceContext, viewerId: string, now: number): Promise<TimelineEntry[]> {
  const engaged = (await ctx.trending.ranked(now)).filter((c) => c.engagement > 0);
  const limited = await limitedForViewer(
    ctx,
    viewerId,
    engaged.map((c) => c.authorId),
  );
  return limited.size === 0 ? engaged : engaged.filter((c) => !limited.has(c.authorId));
}

/**
 * For-you's candidates, at most FEED_FOR_YOU_CANDIDATES: the viewer's home timeline (followed
 * authors, source `following`), posts that accounts the viewer follows engaged with
 * (`friends_of_friends`) and trending posts (`trending`), read in parallel and merged by
 * `mergeForYouCandidates`. `at` is the publication time, except for friends-of-friends posts, whose
 * publication time isn't known here: there it is when the followed account engaged. Nothing is
 * checked for visibility: hydration asks content with the viewer's token, which leaves out what
 * the viewer may not see (a followers-only post of an author it doesn't follow, for one).
 */
export async function gatherForYouCandidates(
  ctx: ServiceContext,
  viewerId: string,
): Promise<ForYouCandidate[]> {
  const cap = ctx.config.extra.FEED_FOR_YOU_CANDIDATES;
  const now = ctx.clock().getTime();
  const [home, fof, hot] = await Promise.all([
    // The newest 100 posts of followed heavy authors (one content page) are plenty to rank among
    // a timeline's 500; three pages cost content and feed more than the rest of a for-you read.
    homeCandidates(ctx, viewerId, undefined, cap, HEAVY_CANDIDATES),
    friendsOfFriends(ctx, viewerId, now),
    trending(ctx, viewerId, now),
  ]);
  return mergeForYouCandidates(
    { following: home.entries, friends_of_friends: fof, trending: hot },
    { viewerId, cap, isHidden: home.isHidden },
  );
}
