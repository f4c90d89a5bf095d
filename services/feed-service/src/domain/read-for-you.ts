import { DomainError, UnauthenticatedError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { homeCandidates } from "./home-candidates.ts";
import { hydratePage, type TimelinePost } from "./hydrate-page.ts";
import type { Viewer } from "./read-home-timeline.ts";

/** How a for-you page was ordered: by ranking-service, or chronologically because it was unavailable. */
export interface ForYouPage {
  items: TimelinePost[];
  ranked: boolean;
  /** Why the page fell back to chronological order; null when ranked. */
  fallbackReason: string | null;
  /** Ranking-service's model version; null when not ranked. */
  modelVersion: string | null;
}

// Candidates sent to ranking: the newest of the viewer's home timeline (fan-out + read-time merge).
const CANDIDATES = 200;

/**
 * A ranked page for the viewer: the newest home-timeline candidates (followed authors only; no
 * friends-of-friends or trending sources yet) ordered by ranking-service, then hydrated like the
 * home timeline. When ranking fails (down, slow, erroring) the page is chronological and says so.
 * One page only: a ranked order is not stable enough to page through with a cursor.
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
  const candidates = await homeCandidates(ctx, viewer.accountId, undefined, CANDIDATES);
  const visible = candidates.entries.slice(0, CANDIDATES).filter((e) => !candidates.isHidden(e.authorId));
  let order: string[];
  let fallbackReason: string | null = null;
  let modelVersion: string | null = null;
  try {
    const ranked = await ctx.ranking.rank(viewer.accountId, visible, "following");
    order = ranked.postIds;
    modelVersion = ranked.modelVersion;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    ctx.log.warn("for-you falls back to chronological order", { err });
    order = visible.map((e) => e.postId);
    fallbackReason = `ranking-service unavailable (${err.code})`;
  }
  const items = await hydratePage(
    ctx,
    viewer.accountId,
    { postIds: order.slice(0, input.limit) },
    input.withEngagement,
  );
  return { items, ranked: fallbackReason === null, fallbackReason, modelVersion };
}
