import { requireAccountOwner } from "@nova/auth";
import type { ServiceContext } from "../context.ts";

/** Most rows of each kind one export carries (the logs are training data, kept bounded). */
export const EXPORT_ROW_LIMIT = 10_000;

/**
 * ranking-service's section of the account export: the feedback the account gave on ranked posts
 * and the rankings it was shown (impressions with the scores they were ranked on), oldest first.
 * Only for the account itself (the verified token's subject).
 */
export async function exportAccountData(args: {
  ctx: Pick<ServiceContext, "impressions">;
  viewer: { accountId: string } | undefined;
  input: { accountId: string };
}) {
  const accountId = requireAccountOwner(args.viewer, args.input.accountId);
  const [feedback, shown] = await Promise.all([
    args.ctx.impressions.feedbackOf(accountId, EXPORT_ROW_LIMIT),
    args.ctx.impressions.listLabelled({ viewerIds: [accountId], limit: EXPORT_ROW_LIMIT }),
  ]);
  return {
    feedback: feedback.map((f) => ({ postId: f.postId, kind: f.kind, at: f.at.toISOString() })),
    impressions: shown.map((i) => ({
      rankingId: i.rankingId,
      postId: i.postId,
      authorId: i.authorId,
      position: i.position,
      score: i.score,
      modelVersion: i.modelVersion,
      shownAt: i.shownAt.toISOString(),
    })),
  };
}
