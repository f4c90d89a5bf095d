import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { ServiceContext } from "../context.ts";
import { CONTENT_MAX_AUTHORS, MAX_FOLLOWING } from "./followed-heavy-authors.ts";
import type { TimelineEntry } from "./timeline-store.ts";

/** Posts read per group of followed accounts (one content page, newest first). */
const POSTS_PER_GROUP = 100;
/** Groups of followed accounts asked of content at once. */
const PARALLEL_GROUPS = 4;

/**
 * Rebuilds a home timeline that lost its completeness mark — the cache was flushed, failed over
 * empty or evicted the set — from what its owner follows now (graph, up to 5,000 accounts) and
 * those accounts' recent posts as content shows them to the owner (the calls carry the owner's
 * token: followers-only posts are included, what the owner may not see is not): the newest 100
 * posts of each group of 100 followed accounts, the set's cap keeping the newest overall. The set
 * is marked afterwards, so it is rebuilt once. Returns how many entries it wrote. Idempotent
 * (sorted-set adds), so two concurrent first reads are harmless.
 */
export async function rebuildHomeTimeline(ctx: ServiceContext, viewerId: string): Promise<number> {
  const following = await ctx.graph.following(viewerId, MAX_FOLLOWING);
  const groups: string[][] = [];
  for (let i = 0; i < following.length; i += CONTENT_MAX_AUTHORS)
    groups.push(following.slice(i, i + CONTENT_MAX_AUTHORS));
  let written = 0;
  for (let i = 0; i < groups.length; i += PARALLEL_GROUPS) {
    const pages = await Promise.all(
      groups.slice(i, i + PARALLEL_GROUPS).map((g) => ctx.content.postsByAuthors(g, POSTS_PER_GROUP)),
    );
    const entries: TimelineEntry[] = pages.flatMap((page) =>
      page.posts.flatMap((p) =>
        p.publishedAt ? [{ postId: p.id, authorId: p.authorId, at: timestampMs(p.publishedAt) }] : [],
      ),
    );
    await ctx.timelines.pushMany(viewerId, entries);
    written += entries.length;
  }
  await ctx.timelines.markComplete(viewerId);
  return written;
}
