import type { ServiceContext } from "../context.ts";
import type { LoggedFeedbackKind } from "../peers/ranking-log.ts";
import type { EventRow } from "../store/event-row.ts";

const KINDS: Record<string, LoggedFeedbackKind> = {
  post_open: "click",
  like: "like",
  comment: "comment",
  repost: "repost",
};

/**
 * Passes engagement with posts (opens, likes, comments, reposts of signed-in accounts) on to
 * ranking-service's feedback log, one call per viewer: the labels of its offline evaluation. Best
 * effort — ranking's log is idempotent, and an outage only costs ranking labels (logged).
 */
export async function forwardFeedback(ctx: ServiceContext, rows: readonly EventRow[]): Promise<void> {
  const byViewer = new Map<string, { postId: string; kind: LoggedFeedbackKind; at: Date }[]>();
  for (const r of rows) {
    const kind = KINDS[r.name];
    if (!kind || !r.accountId || !r.postId) continue;
    const list = byViewer.get(r.accountId) ?? [];
    list.push({ postId: r.postId, kind, at: r.occurredAt });
    byViewer.set(r.accountId, list);
  }
  for (const [viewerId, feedback] of byViewer)
    for (let i = 0; i < feedback.length; i += 1000)
      await ctx.rankingLog
        .logFeedback(viewerId, feedback.slice(i, i + 1000))
        .catch((err) => ctx.log.warn("ranking feedback log unavailable: labels not passed on", { err }));
}
