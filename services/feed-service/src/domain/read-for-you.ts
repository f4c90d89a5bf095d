import { DomainError, UnauthenticatedError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import type { RankedOrder } from "../peers/ranking-peer.ts";
import { gatherForYouCandidates } from "./gather-for-you-candidates.ts";
import { assemblePage, fetchHydration, type TimelinePost } from "./hydrate-page.ts";
import { limitedForViewer } from "./limited-accounts.ts";
import { logServedPage } from "./log-served-page.ts";
import type { CandidateSource } from "./merge-for-you-candidates.ts";
import {
  decodeRankedCursor,
  encodeRankedCursor,
  keepRankedOrder,
  type RankedCursor,
  readRankedOrder,
} from "./ranked-snapshot.ts";
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

// Ids of the order asked of content per round: posts the viewer may not see are dropped there, so
// twice the page is asked to still fill it — at most content's batch limit. Each id costs content
// a visibility check of its author (user and graph), so asking for all 100 would slow every page.
const HYDRATE = 100;
const hydrateCount = (limit: number) => Math.min(HYDRATE, limit * 2);
// Rounds before a page is served short (a later page goes on from where it stopped).
const MAX_ROUNDS = 3;

/** A for-you page and its cursors: the next page's, and this page's own (see ranked-snapshot.ts). */
export interface RankedPage extends ForYouPage {
  nextCursor: string | null;
  pageCursor: string | null;
}

/** A ranked order as kept between pages (see ranked-snapshot.ts): entries, then how it was ordered. */
interface KeptForYou {
  /** [postId, authorId, source] in served order. */
  entries: [string, string, CandidateSource][];
  fallbackReason: string | null;
  modelVersion: string | null;
  rankingId: string | null;
  /** Ranking's score and model inputs by post id (empty when not ranked). */
  scored: [string, { score: number; features: Record<string, number> }][];
}

/**
 * A ranked page for the viewer: candidates from followed authors, from what followed accounts
 * engaged with and from trending (`gatherForYouCandidates`) ordered by ranking-service, then
 * hydrated with the viewer's token (content leaves out anything the viewer may not see). When
 * ranking fails (down, slow, erroring) the page is in time order and says so. The first page keeps
 * the order (ranked-snapshot.ts) when there is more of it; `cursor` pages through that same order,
 * asking again on every page what the viewer may see and whom it blocks, mutes or may not see
 * under a moderation limit.
 */
export async function readForYou({
  ctx,
  viewer,
  input,
}: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { limit: number; cursor?: string; withEngagement?: boolean };
}): Promise<RankedPage> {
  if (!viewer) throw new UnauthenticatedError();
  if (input.cursor) {
    const at = decodeRankedCursor(input.cursor);
    const kept = await readRankedOrder<KeptForYou>(ctx, "for-you", viewer.accountId, at.s);
    return servePage(ctx, viewer.accountId, kept, at, input);
  }
  const candidates = await gatherForYouCandidates(ctx, viewer.accountId);
  let order: string[];
  let fallbackReason: string | null = null;
  let ranked: RankedOrder | undefined;
  try {
    ranked = await ctx.ranking.rank(viewer.accountId, candidates, "following");
    order = ranked.postIds;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    ctx.log.warn("for-you falls back to chronological order", { err });
    order = [...candidates].sort(compareEntries).map((c) => c.postId);
    fallbackReason = `ranking-service unavailable (${err.code})`;
  }
  const byId = new Map(candidates.map((c) => [c.postId, c]));
  const kept: KeptForYou = {
    entries: order.flatMap((postId) => {
      const c = byId.get(postId);
      return c ? [[postId, c.authorId, c.source] as [string, string, CandidateSource]] : [];
    }),
    fallbackReason,
    modelVersion: ranked?.modelVersion ?? null,
    rankingId: ranked?.rankingId || null,
    scored: ranked ? [...ranked.scored] : [],
  };
  return servePage(ctx, viewer.accountId, kept, undefined, input);
}

/**
 * The page of `kept` that starts at `at` (the first page without it): up to `limit` posts the
 * viewer may see, top-level only, in the kept order; the next cursor when the order goes on.
 */
async function servePage(
  ctx: ServiceContext,
  viewerId: string,
  kept: KeptForYou,
  at: RankedCursor | undefined,
  input: { limit: number; withEngagement?: boolean },
): Promise<RankedPage> {
  let offset = at?.o ?? 0;
  let entries = kept.entries;
  if (at) {
    // The first page's candidates already left these out; a later page asks again.
    const [hidden, limited] = await Promise.all([
      ctx.graph.hiddenAuthors(viewerId),
      limitedForViewer(
        ctx,
        viewerId,
        entries.slice(offset).map(([, authorId]) => authorId),
      ),
    ]);
    const out = (authorId: string) =>
      hidden.blocked.has(authorId) || hidden.muted.has(authorId) || limited.has(authorId);
    entries = entries.map((e) => (out(e[1]) ? ([e[0], "", e[2]] as typeof e) : e));
  }
  const shown: TimelinePost[] = [];
  let next = offset;
  for (let round = 0; round < MAX_ROUNDS && shown.length < input.limit && offset < entries.length; round++) {
    // Content and social are asked together for the head of the order (social's answers for posts
    // content leaves out are dropped unread): one round trip instead of two. A liked or reposted
    // reply would come without its thread; timelines leave replies out too.
    const head = entries.slice(offset, offset + hydrateCount(input.limit));
    const { posts, engagement, authors, media } = await fetchHydration(
      ctx,
      viewerId,
      head.flatMap(([postId, authorId]) => (authorId ? [{ postId, authorId }] : [])),
      input.withEngagement,
    );
    next = offset + head.length;
    for (const [k, [postId]] of head.entries()) {
      if (shown.length === input.limit) break;
      if (!posts.has(postId) || posts.get(postId)?.replyToPostId) continue;
      shown.push(...assemblePage([postId], posts, engagement, authors, media));
      next = offset + k + 1;
    }
    offset += head.length;
  }
  const sourceOf = new Map(kept.entries.map(([postId, , source]) => [postId, source]));
  const served = at?.n ?? 0;
  if (kept.rankingId)
    logServedPage(ctx, {
      viewerId,
      surface: "for_you",
      shown,
      firstPosition: served,
      order: {
        postIds: [],
        rankingId: kept.rankingId,
        modelVersion: kept.modelVersion ?? "",
        scored: new Map(kept.scored),
      },
    });
  // Kept when there is more to page to — after the page, or after one of its posts (GraphQL's
  // edge cursors point into this page: `pageCursor` reads it again).
  const id =
    next < kept.entries.length || shown.length > 1
      ? (at?.s ?? (await keepRankedOrder(ctx, "for-you", viewerId, kept)))
      : undefined;
  const nextCursor =
    id && next < kept.entries.length
      ? encodeRankedCursor({ s: id, o: next, n: served + shown.length })
      : null;
  return {
    pageCursor: id ? encodeRankedCursor({ s: id, o: at?.o ?? 0, n: served }) : null,
    items: shown.map((p) => ({ ...p, source: sourceOf.get(p.id) ?? "following" })),
    ranked: kept.fallbackReason === null,
    fallbackReason: kept.fallbackReason,
    modelVersion: kept.modelVersion,
    nextCursor,
  };
}
