import type { ServiceContext } from "../context.ts";

/** Who an author's new post is written to: the follower count, and the followers when held. Shared: never mutated. */
export interface FanOutAudience {
  readonly followers: number;
  /** Absent for authors at or above the fan-out threshold (merged at read time) and for very large lists. */
  readonly ids?: readonly string[];
}

/** Follower lists longer than this are paged from graph at every post rather than held. */
export const HELD_AUDIENCE_MAX_IDS = 5_000;

export const audienceKey = (authorId: string) => `feed:v1:fan-out-audience:${authorId}`;

/**
 * An author's fan-out audience, held per instance (`ctx.audiences`): an author who posts again
 * within the held TTL costs no graph call (the follower count and the follower pages were two RPCs
 * and a PostgreSQL query per post). Dropped on every instance by `forgetAudience` when feed
 * consumes graph's FollowCreated / FollowDeleted (a block ends follows with FollowDeleted), so a
 * new follower is written to from the next post once feed has consumed the follow — the follow's
 * backfill brings the posts in between.
 */
export async function fanOutAudience(ctx: ServiceContext, authorId: string): Promise<FanOutAudience> {
  const key = audienceKey(authorId);
  const load = async (): Promise<FanOutAudience> => {
    const followers = (await ctx.graph.followerCounts([authorId])).get(authorId) ?? 0;
    if (followers >= ctx.config.extra.FEED_FANOUT_THRESHOLD || followers > HELD_AUDIENCE_MAX_IDS)
      return { followers };
    const ids: string[] = [];
    for await (const page of ctx.graph.followerPages(authorId)) ids.push(...page);
    return { followers, ids };
  };
  const held = await ctx.audiences.getMany([key], async () => new Map([[key, await load()]]));
  return held.get(key) ?? (await load());
}

/** The followers of these accounts changed: every instance drops their held audience. */
export async function forgetAudience(ctx: ServiceContext, authorIds: readonly string[]): Promise<void> {
  await Promise.all([...new Set(authorIds)].map((id) => ctx.audiences.invalidate(audienceKey(id))));
}
