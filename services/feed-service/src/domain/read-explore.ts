import type { Post } from "@nova/proto/content/v1";
import type { ServiceContext } from "../context.ts";
import { hydratePage } from "./hydrate-page.ts";
import { limitedForViewer } from "./limited-accounts.ts";
import { onePerAuthor } from "./rank-trending.ts";
import type { TimelinePage, Viewer } from "./read-home-timeline.ts";
import { visiblePosts } from "./visible-posts.ts";

// Ranked candidates asked of content per round (its batch limit), and rounds before giving up
// filling the page (most candidates are public, so one round is the usual case).
const BATCH = 100;
const MAX_ROUNDS = 3;

/**
 * One page of trending posts, best first: recent top-level posts and quotes ranked by engagement
 * velocity with time decay, one per author. Safe for anyone: content is asked WITHOUT the
 * viewer's token, so only what an anonymous viewer may see (public posts of public accounts,
 * not deleted or hidden) is served even to signed-in viewers; for them, authors they block, are
 * blocked by or mute are also left out. Accounts under a moderation `limit` are left out for
 * everyone but themselves and their followers. One page only (a trending order shifts between reads).
 */
export async function readExplore({
  ctx,
  viewer,
  input,
}: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { limit: number; withEngagement?: boolean };
}): Promise<TimelinePage> {
  const now = ctx.clock().getTime();
  const [all, hidden] = await Promise.all([
    ctx.trending.ranked(now),
    viewer ? ctx.graph.hiddenAuthors(viewer.accountId) : undefined,
  ]);
  const limited = await limitedForViewer(
    ctx,
    viewer?.accountId,
    all.map((c) => c.authorId),
  );
  const ranked = all.filter(
    (c) => !limited.has(c.authorId) && !hidden?.blocked.has(c.authorId) && !hidden?.muted.has(c.authorId),
  );
  let posts: Post[] = [];
  for (let round = 0; round < MAX_ROUNDS && posts.length < input.limit; round++) {
    const refs = ranked.slice(round * BATCH, (round + 1) * BATCH);
    if (refs.length === 0) break;
    // No viewer: only what content shows a logged-out viewer (hidden authors are already out).
    const visible = await visiblePosts(ctx, refs, undefined);
    posts = onePerAuthor([...posts, ...refs.flatMap((r) => visible.get(r.postId) ?? [])]);
  }
  const items = await hydratePage(ctx, viewer?.accountId, posts.slice(0, input.limit), input.withEngagement);
  return { items, nextCursor: null };
}
