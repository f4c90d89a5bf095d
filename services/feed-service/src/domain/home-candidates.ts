import { timestampMs } from "@bufbuild/protobuf/wkt";
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
): Promise<{ entries: TimelineEntry[]; more: boolean }> {
  const entries: TimelineEntry[] = [];
  let cursor = "";
  for (let i = 0; i < MAX_MERGE_PAGES && entries.length < want; i++) {
    const page = await ctx.content.postsByAuthors(authors, 100, cursor);
    for (const p of page.posts) {
      const e = { postId: p.id, authorId: p.authorId, at: p.publishedAt ? timestampMs(p.publishedAt) : 0 };
      if (isAfter(e, pos)) entries.push(e);
    }
    cursor = page.nextCursor;
    if (!cursor) return { entries, more: false };
  }
  return { entries, more: true };
}

/** Home-timeline entries after a position, newest first, without the viewer's blocked or muted authors. */
export interface HomeCandidates {
  /** Sorted and deduplicated; may hold more than asked (the caller slices). */
  entries: TimelineEntry[];
  /** Whether entries beyond these may exist. */
  more: boolean;
  /** Authors hidden from the viewer (blocked either way, or muted). */
  isHidden(authorId: string): boolean;
}

/**
 * The two halves of the hybrid timeline, merged: entries fanned out on write (the cached sorted
 * set) and posts of followed heavy authors read now, plus who the viewer must not see.
 */
export async function homeCandidates(
  ctx: ServiceContext,
  viewerId: string,
  pos: TimelinePosition | undefined,
  want: number,
): Promise<HomeCandidates> {
  const [pushed, heavy, hidden] = await Promise.all([
    ctx.timelines.read(viewerId, want, pos?.at),
    followedHeavyAuthors(ctx, viewerId),
    ctx.graph.hiddenAuthors(viewerId),
  ]);
  const merged = heavy.length > 0 ? await mergedAtRead(ctx, heavy, pos, want) : { entries: [], more: false };
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
    isHidden: (authorId) => hidden.blocked.has(authorId) || hidden.muted.has(authorId),
  };
}
