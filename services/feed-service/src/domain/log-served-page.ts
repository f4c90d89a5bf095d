import type { ServiceContext } from "../context.ts";
import type { RankedOrder } from "../peers/ranking-peer.ts";

/**
 * Logs the posts of a ranked page as shown (position on the page, ranking's score and model
 * inputs) with analytics-service, which keeps them and feeds ranking's offline evaluation. Not
 * awaited by the page: logging never slows or fails a read; a failure is a warning.
 */
export function logServedPage(
  ctx: ServiceContext,
  page: {
    viewerId: string;
    surface: string;
    shown: readonly { id: string; authorId: string }[];
    /** The first shown post's position in the whole order served so far (0 on a first page). */
    firstPosition?: number;
    order: RankedOrder;
  },
): void {
  const impressions = page.shown.flatMap((p, position) => {
    const scored = page.order.scored.get(p.id);
    return scored
      ? [{ postId: p.id, authorId: p.authorId, position: (page.firstPosition ?? 0) + position, ...scored }]
      : [];
  });
  if (impressions.length === 0 || !page.order.rankingId) return;
  void ctx.impressionLog
    .record({
      viewerId: page.viewerId,
      surface: page.surface,
      rankingId: page.order.rankingId,
      modelVersion: page.order.modelVersion,
      servedAt: ctx.clock(),
      impressions,
    })
    .catch((err) => ctx.log.warn("impressions of a served page not logged (analytics-service)", { err }));
}
