import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { ServiceContext } from "../context.ts";
import type { TimelineEntry } from "./timeline-store.ts";

/** Accounts followed that a rebuild reads posts of (the same bound as the heavy-author registry's fallback). */
const MAX_FOLLOWING = 5_000;
/** Content pages (100 posts each, newest first across the followed accounts) a rebuild reads. */
const REBUILD_PAGES = 3;
const PAGE_SIZE = 100;

/**
 * Rebuilds a home timeline that lost its completeness mark — the cache was flushed, failed over
 * empty or evicted the set — from what its owner follows now (graph) and those accounts' recent
 * posts as content shows them to the owner (the call carries the owner's token: followers-only
 * posts are included, what the owner may not see is not). Up to 300 posts; older ones are read
 * from the timeline's fallback paths as before. The set is marked afterwards, so it is rebuilt
 * once. Returns what it wrote. Idempotent (sorted-set adds), so two concurrent first reads are harmless.
 */
export async function rebuildHomeTimeline(ctx: ServiceContext, viewerId: string): Promise<TimelineEntry[]> {
  const following = await ctx.graph.following(viewerId, MAX_FOLLOWING);
  const entries: TimelineEntry[] = [];
  let cursor = "";
  for (let page = 0; page < REBUILD_PAGES && following.length > 0; page++) {
    const res = await ctx.content.postsByAuthors(following, PAGE_SIZE, cursor);
    for (const p of res.posts)
      if (p.publishedAt) entries.push({ postId: p.id, authorId: p.authorId, at: timestampMs(p.publishedAt) });
    cursor = res.nextCursor;
    if (!cursor) break;
  }
  await ctx.timelines.pushMany(viewerId, entries);
  await ctx.timelines.markComplete(viewerId);
  return entries;
}
