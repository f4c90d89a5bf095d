import type { ServiceContext } from "../context.ts";
import { fanOutAudience } from "./fan-out-audience.ts";
import { recordHeavyAuthor } from "./followed-heavy-authors.ts";
import type { TimelineEntry } from "./timeline-store.ts";

/** What a timeline needs of a new post (from content's PostCreated). */
export interface NewPost extends TimelineEntry {
  isReply: boolean;
}

/**
 * Fan-out on write: the post goes into its author's posts index (user timelines; heavy authors'
 * read-time merge) and own timeline and, when the author has fewer followers than
 * FEED_FANOUT_THRESHOLD, into every follower's. Above the threshold it is merged into followers'
 * timelines at read time from the author's index (see homeCandidates), so one post never costs
 * 50,000 writes. The author's audience is held per instance (fan-out-audience.ts).
 * Replies stay out of both. Idempotent: re-adding a member keeps one entry.
 */
export async function fanOutPost({ ctx, input }: { ctx: ServiceContext; input: NewPost }) {
  if (input.isReply) return { fannedOutTo: 0 };
  await Promise.all([
    ctx.authorPosts.push([input.authorId], input),
    ctx.timelines.push([input.authorId], input),
  ]);
  const audience = await fanOutAudience(ctx, input.authorId);
  if (audience.followers >= ctx.config.extra.FEED_FANOUT_THRESHOLD) {
    await recordHeavyAuthor(ctx, input.authorId, audience.followers);
    return { fannedOutTo: 0 };
  }
  if (audience.ids) {
    await ctx.timelines.push(audience.ids, input);
    return { fannedOutTo: audience.ids.length };
  }
  let fannedOutTo = 0;
  for await (const followers of ctx.graph.followerPages(input.authorId)) {
    await ctx.timelines.push(followers, input);
    fannedOutTo += followers.length;
  }
  return { fannedOutTo };
}
