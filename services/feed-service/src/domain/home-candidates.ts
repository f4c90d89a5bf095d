import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { Post } from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import { followedHeavyAuthors } from "./followed-heavy-authors.ts";
import { compareEntries, isAfter, type TimelinePosition } from "./timeline-cursor.ts";
import type { TimelineEntry } from "./timeline-store.ts";

// content pages scanned to reach the cursor's position among the heavy authors' posts.
const MAX_MERGE_PAGES = 3;

/** Posts of heavy authors older than `pos`, newest first (read-time half of the hybrid fan-out). */
async function mergedAtRead(
  ctx: ServiceContext,
  authors: string[],
  pos: TimelinePosition | undefined,
  want: number,
): Promise<{ entries: TimelineEntry[]; more: boolean; posts: Map<string, Post> }> {
  const entries: TimelineEntry[] = [];
  // content's answer is already viewer-aware: a page need not ask content again for these.
  const posts = new Map<string, Post>();
  let cursor = "";
  for (let i = 0; i < MAX_MERGE_PAGES && entries.length < want; i++) {
    // The first page asks for just what the read needs; deeper cursors scan in larger steps.
    const page = await ctx.content.postsByAuthors(authors, i === 0 ? Math.min(want, 100) : 100, cursor);
    for (const p of page.posts) {
      const e = { postId: p.id, authorId: p.authorId, at: p.publishedAt ? timestampMs(p.publishedAt) : 0 };
      if (isAfter(e, pos)) {
        entries.push(e);
        posts.set(p.id, p);
      }
    }
    cursor = page.nextCursor;
    if (!cursor) return { entries, more: false, posts };
  }
  return { entries, more: true, posts };
}

/** Home-timeline entries after a position, newest first, without the viewer's blocked or muted authors. */
export interface HomeCandidates<P = undefined> {
  /** Sorted and deduplicated; may hold more than asked (the caller slices). */
  entries: TimelineEntry[];
  /** Whether entries beyond these may exist. */
  more: boolean;
  /** Authors hidden from the viewer (blocked either way, or muted). */
  isHidden(authorId: string): boolean;
  /** Posts of the read-time half as content returned them for this viewer (visible ones only). */
  mergedPosts: Map<string, Post>;
  /** What `prefetch` resolved to (undefined without one). */
  prefetched: P;
}

/**
 * The two halves of the hybrid timeline, merged: entries fanned out on write (the cached sorted
 * set) and posts of followed heavy authors read now, plus who the viewer must not see.
 */
export async function homeCandidates<P = undefined>(
  ctx: ServiceContext,
  viewerId: string,
  pos: TimelinePosition | undefined,
  want: number,
  /**
   * Started on the fanned-out entries (after `pos`, hidden authors left out, newest first) while
   * the read-time half is fetched, so a page's hydration of them costs no extra round trip;
   * `merging` says whether a read-time half is being fetched at all.
   */
  prefetch?: (pushed: TimelineEntry[], how: { merging: boolean }) => Promise<P>,
  /** At most this many read-time posts (default `want`); for-you takes one content page. */
  mergeLimit?: number,
): Promise<HomeCandidates<P>> {
  const [pushed, heavy, hidden] = await Promise.all([
    ctx.timelines.read(viewerId, want, pos?.at),
    followedHeavyAuthors(ctx, viewerId),
    ctx.graph.hiddenAuthors(viewerId),
  ]);
  const isHidden = (authorId: string) => hidden.blocked.has(authorId) || hidden.muted.has(authorId);
  const [merged, prefetched] = await Promise.all([
    heavy.length > 0
      ? mergedAtRead(ctx, heavy, pos, Math.min(want, mergeLimit ?? want))
      : { entries: [], more: false, posts: new Map<string, Post>() },
    prefetch?.(
      pushed.filter((e) => isAfter(e, pos) && !isHidden(e.authorId)),
      { merging: heavy.length > 0 },
    ),
  ]);
  const seen = new Set<string>();
  const entries = [...pushed.filter((e) => isAfter(e, pos)), ...merged.entries]
    .sort(compareEntries)
    .filter((e) => {
      if (seen.has(e.postId)) return false;
      seen.add(e.postId);
      return true;
    });
  return {
    entries,
    more: pushed.length === want || merged.more,
    isHidden,
    mergedPosts: merged.posts,
    prefetched: prefetched as P,
  };
}
