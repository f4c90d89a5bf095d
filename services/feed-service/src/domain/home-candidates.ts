import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { Post } from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import { followedHeavyAuthors } from "./followed-heavy-authors.ts";
import { rebuildHomeTimeline } from "./rebuild-home-timeline.ts";
import { compareEntries, isAfter, type TimelinePosition } from "./timeline-cursor.ts";
import type { TimelineEntry } from "./timeline-store.ts";

// content pages scanned to reach the cursor's position among the heavy authors' posts.
const MAX_MERGE_PAGES = 3;

interface Merged {
  entries: TimelineEntry[];
  more: boolean;
  /** Posts content already returned for this viewer (the fallback path only). */
  posts: Map<string, Post>;
}

/** Heavy authors' posts older than `pos` from content, newest first (when feed's index has none). */
async function mergedFromContent(
  ctx: ServiceContext,
  authors: string[],
  pos: TimelinePosition | undefined,
  want: number,
): Promise<Merged> {
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

/**
 * Posts of the followed heavy authors older than `pos`, newest first (read-time half of the hybrid
 * fan-out): from feed's index of each author's posts (`ctx.authorPosts`), one cache round trip. An
 * author whose index holds nothing and is not marked complete — lost with the cache, or an account
 * older than the index — is asked of content instead.
 */
async function mergedAtRead(
  ctx: ServiceContext,
  authors: string[],
  pos: TimelinePosition | undefined,
  want: number,
): Promise<Merged> {
  if (authors.length === 0) return { entries: [], more: false, posts: new Map() };
  const lists = await Promise.all(authors.map((a) => ctx.authorPosts.read(a, want + 1, pos?.at)));
  const entries = lists.flat().filter((e) => isAfter(e, pos));
  let more = lists.some((l) => l.length > want);
  const empty = authors.filter((_, i) => lists[i]?.length === 0);
  // An empty read may be the end of a held index (past a cursor) or of a complete one: only an
  // index holding nothing, unmarked, falls back.
  const unindexed = (
    await Promise.all(
      empty.map(async (a) => {
        const c = await ctx.authorPosts.coverage(a);
        return c.complete || c.size > 0 ? [] : [a];
      }),
    )
  ).flat();
  if (unindexed.length === 0) return { entries, more, posts: new Map() };
  const fallback = await mergedFromContent(ctx, unindexed, pos, want);
  more ||= fallback.more;
  return { entries: [...entries, ...fallback.entries], more, posts: fallback.posts };
}

/** Home-timeline entries after a position, newest first, without the viewer's blocked or muted authors. */
export interface HomeCandidates {
  /** Sorted and deduplicated, hidden authors left out; may hold more than asked (the caller slices). */
  entries: TimelineEntry[];
  /** Whether entries beyond these may exist. */
  more: boolean;
  /** Authors hidden from the viewer (blocked either way, or muted). */
  isHidden(authorId: string): boolean;
  /** Posts content already returned for this viewer (heavy authors' posts read from content). */
  fetchedPosts: Map<string, Post>;
}

/**
 * The two halves of the hybrid timeline, merged: entries fanned out on write (the cached sorted
 * set) and posts of followed heavy authors (their own index), plus who the viewer must not see —
 * the three read in parallel, so the page is known after one round (two when content must fill in
 * for a heavy author's missing index).
 */
export async function homeCandidates(
  ctx: ServiceContext,
  viewerId: string,
  pos: TimelinePosition | undefined,
  want: number,
  /** At most this many read-time posts (default `want`); for-you takes one content page. */
  mergeLimit?: number,
): Promise<HomeCandidates> {
  const [pushed, merged, hidden] = await Promise.all([
    pos ? ctx.timelines.read(viewerId, want, pos.at) : firstPage(ctx, viewerId, want),
    followedHeavyAuthors(ctx, viewerId).then((heavy) =>
      mergedAtRead(ctx, heavy, pos, Math.min(want, mergeLimit ?? want)),
    ),
    ctx.graph.hiddenAuthors(viewerId),
  ]);
  const isHidden = (authorId: string) => hidden.blocked.has(authorId) || hidden.muted.has(authorId);
  const seen = new Set<string>();
  const entries = [...pushed.filter((e) => isAfter(e, pos)), ...merged.entries]
    .sort(compareEntries)
    .filter((e) => {
      if (seen.has(e.postId) || isHidden(e.authorId)) return false;
      seen.add(e.postId);
      return true;
    });
  return {
    entries,
    more: pushed.length === want || merged.more,
    isHidden,
    fetchedPosts: merged.posts,
  };
}

/**
 * The newest entries of the viewer's timeline. A timeline without its completeness mark (marked
 * when the account is created) was lost from the cache: it is rebuilt first. If the rebuild fails
 * (graph or content unavailable), what the set holds is served and the next read tries again.
 */
async function firstPage(ctx: ServiceContext, viewerId: string, want: number): Promise<TimelineEntry[]> {
  const top = await ctx.timelines.readTop(viewerId, want);
  if (top.complete) return top.entries;
  try {
    await rebuildHomeTimeline(ctx, viewerId);
  } catch (err) {
    ctx.log.warn("home timeline rebuild failed; serving what is held", { viewerId, err });
    return top.entries;
  }
  return ctx.timelines.read(viewerId, want);
}
