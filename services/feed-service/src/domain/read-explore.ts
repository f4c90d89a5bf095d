import type { Post } from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import { hydratePage } from "./hydrate-page.ts";
import { limitedForViewer } from "./limited-accounts.ts";
import {
  decodeRankedCursor,
  encodeRankedCursor,
  keepRankedOrder,
  type RankedCursor,
  readRankedOrder,
} from "./ranked-snapshot.ts";
import type { TimelinePage, Viewer } from "./read-home-timeline.ts";
import type { TrendingCandidate } from "./trending-store.ts";
import { visiblePosts } from "./visible-posts.ts";

// Ranked candidates asked of content per round (its batch limit), and rounds before giving up
// filling the page (most candidates are public, so one round is the usual case).
const BATCH = 100;
const MAX_ROUNDS = 3;

/** Trending's order as kept between pages (see ranked-snapshot.ts): [postId, authorId]. */
type KeptExplore = [string, string][];

// The id of the kept copy of each of this instance's trending snapshots: one copy per snapshot
// (every TRENDING_SNAPSHOT_MS), not one per anonymous read.
const keptIds = new WeakMap<readonly TrendingCandidate[], Promise<string>>();

/**
 * One page of trending posts, best first: recent top-level posts and quotes ranked by engagement
 * velocity with time decay, one per author on a page. Safe for anyone: content is asked WITHOUT
 * the viewer's token, so only what an anonymous viewer may see (public posts of public accounts,
 * not deleted or hidden) is served even to signed-in viewers; for them, authors they block, are
 * blocked by or mute are also left out. Accounts under a moderation `limit` are left out for
 * everyone but themselves and their followers. The trending order shifts between reads, so the
 * first page keeps the order it served from (ranked-snapshot.ts) and `cursor` pages through that
 * same order; every page asks again what may be shown.
 */
export async function readExplore({
  ctx,
  viewer,
  input,
}: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { limit: number; cursor?: string; withEngagement?: boolean };
}): Promise<TimelinePage & { pageCursor: string | null }> {
  const at = input.cursor ? decodeRankedCursor(input.cursor) : undefined;
  const now = ctx.clock().getTime();
  const [trending, hidden] = await Promise.all([
    at ? undefined : ctx.trending.ranked(now),
    viewer ? ctx.graph.hiddenAuthors(viewer.accountId) : undefined,
  ]);
  const all: KeptExplore = trending
    ? trending.map((c) => [c.postId, c.authorId])
    : await readRankedOrder<KeptExplore>(ctx, "explore", "all", (at as RankedCursor).s);
  const start = at?.o ?? 0;
  const limited = await limitedForViewer(
    ctx,
    viewer?.accountId,
    all.slice(start).map(([, authorId]) => authorId),
  );
  const shown = (authorId: string) =>
    !limited.has(authorId) && !hidden?.blocked.has(authorId) && !hidden?.muted.has(authorId);
  const posts: Post[] = [];
  const authors = new Set<string>();
  let next = start;
  for (let round = 0; round < MAX_ROUNDS && posts.length < input.limit && next < all.length; round++) {
    const slice = all.slice(next, next + BATCH);
    const refs = slice.flatMap(([postId, authorId]) => (shown(authorId) ? [{ postId, authorId }] : []));
    // No viewer: only what content shows a logged-out viewer (hidden authors are already out).
    const visible = refs.length > 0 ? await visiblePosts(ctx, refs, undefined) : new Map<string, Post>();
    for (const [postId] of slice) {
      next++;
      const post = visible.get(postId);
      // One post per author on a page: the author's best.
      if (!post || authors.has(post.authorId)) continue;
      authors.add(post.authorId);
      posts.push(post);
      if (posts.length === input.limit) break;
    }
  }
  const items = await hydratePage(ctx, viewer?.accountId, posts, input.withEngagement);
  // Kept when there is more to page to — after the page, or after one of its posts (GraphQL's
  // edge cursors point into this page: `pageCursor` reads it again).
  const served = at?.n ?? 0;
  const id =
    next < all.length || items.length > 1
      ? (at?.s ?? (await keepExplore(ctx, trending as readonly TrendingCandidate[], all)))
      : undefined;
  return {
    items,
    nextCursor:
      id && next < all.length ? encodeRankedCursor({ s: id, o: next, n: served + items.length }) : null,
    pageCursor: id ? encodeRankedCursor({ s: id, o: start, n: served }) : null,
  };
}

function keepExplore(
  ctx: ServiceContext,
  trending: readonly TrendingCandidate[],
  all: KeptExplore,
): Promise<string> {
  const known = keptIds.get(trending);
  if (known) return known;
  const id = keepRankedOrder(ctx, "explore", "all", all);
  keptIds.set(trending, id);
  id.catch(() => keptIds.delete(trending));
  return id;
}
