import { DomainError, UnauthenticatedError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import type { RankedOrder } from "../peers/ranking-peer.ts";
import { gatherForYouCandidates } from "./gather-for-you-candidates.ts";
import { assemblePage, fetchHydration, type TimelinePost } from "./hydrate-page.ts";
import { logServedPage } from "./log-served-page.ts";
import type { CandidateSource } from "./merge-for-you-candidates.ts";
import type { Viewer } from "./read-home-timeline.ts";
import { compareEntries } from "./timeline-cursor.ts";

/** A for-you post and the source that found it. */
export interface ForYouItem extends TimelinePost {
  source: CandidateSource;
}

/** How a for-you page was ordered: by ranking-service, or chronologically because it was unavailable. */
export interface ForYouPage {
  items: ForYouItem[];
  ranked: boolean;
  /** Why the page fell back to chronological order; null when ranked. */
  fallbackReason: string | null;
  /** Ranking-service's model version; null when not ranked. */
  modelVersion: string | null;
}

// Ids of the order asked of content: posts the viewer may not see are dropped there, so twice the
// page is asked to still fill it — at most content's batch limit. Each id costs content a
// visibility check of its author (user and graph), so asking for all 100 would slow every page.
const HYDRATE = 100;
const hydrateCount = (limit: number) => Math.min(HYDRATE, limit * 2);

/**
 * A ranked page for the viewer: candidates from followed authors, from what followed accounts
 * engaged with and from trending (`gatherForYouCandidates`) ordered by ranking-service, then
 * hydrated with the viewer's token (content leaves out anything the viewer may not see). When
 * ranking fails (down, slow, erroring) the page is in time order and says so. One page only: a
 * ranked order is not stable enough to page through with a cursor.
 */
export async function readForYou({
  ctx,
  viewer,
  input,
}: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { limit: number; withEngagement?: boolean };
}): Promise<ForYouPage> {
  if (!viewer) throw new UnauthenticatedError();
  const candidates = await gatherForYouCandidates(ctx, viewer.accountId);
  const sourceOf = new Map(candidates.map((c) => [c.postId, c.source]));
  let order: string[];
  let fallbackReason: string | null = null;
  let modelVersion: string | null = null;
  let ranked: RankedOrder | undefined;
  try {
    ranked = await ctx.ranking.rank(viewer.accountId, candidates, "following");
    order = ranked.postIds;
    modelVersion = ranked.modelVersion;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    ctx.log.warn("for-you falls back to chronological order", { err });
    order = [...candidates].sort(compareEntries).map((c) => c.postId);
    fallbackReason = `ranking-service unavailable (${err.code})`;
  }
  // Content and social are asked together for the head of the order (social's answers for posts
  // content leaves out are dropped unread): one round trip instead of two. A liked or reposted
  // reply would come without its thread; timelines leave replies out too.
  const head = order.slice(0, hydrateCount(input.limit));
  const authorOf = new Map(candidates.map((c) => [c.postId, c.authorId]));
  const { posts, engagement, authors, media } = await fetchHydration(
    ctx,
    viewer.accountId,
    head.flatMap((postId) => {
      const authorId = authorOf.get(postId);
      return authorId ? [{ postId, authorId }] : [];
    }),
    input.withEngagement,
  );
  const shown = head.filter((id) => posts.has(id) && !posts.get(id)?.replyToPostId).slice(0, input.limit);
  const items = assemblePage(shown, posts, engagement, authors, media);
  if (ranked)
    logServedPage(ctx, { viewerId: viewer.accountId, surface: "for_you", shown: items, order: ranked });
  return {
    items: items.map((p) => ({ ...p, source: sourceOf.get(p.id) ?? "following" })),
    ranked: fallbackReason === null,
    fallbackReason,
    modelVersion,
  };
}
