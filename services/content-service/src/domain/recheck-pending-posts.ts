import { withTransaction } from "@nova/db";
import { and, asc, eq } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { findPost, updatePostRow } from "../db/post-queries.ts";
import { comments, posts } from "../db/schema/index.ts";
import { enqueueCommentHidden } from "../events/enqueue-comment-moderation-events.ts";
import { enqueuePostHidden } from "../events/enqueue-content-events.ts";
import { recountComment, updateComment } from "./comment-moderation.ts";
import { HELD_ON_RECHECK, HELD_PREFIX } from "./moderate.ts";

/**
 * The re-check queue of the `publish_and_recheck` fail mode: posts published while trust-safety
 * could not answer are asked about again (oldest first, FOR UPDATE SKIP LOCKED so replicas share
 * the work). A verdict clears the flag: allow/label keeps the post (with its labels); hold hides it
 * until review; reject hides it with the reason code — both announced as PostHidden, so feeds and
 * search drop it. Still no answer: the post stays pending for the next round.
 */
export async function recheckPendingPosts(ctx: ServiceContext, limit = 20): Promise<number> {
  let decided = 0;
  const hidden = await withTransaction(ctx.db.db, async (tx) => {
    const rows = await tx
      .select()
      .from(posts)
      .where(and(eq(posts.moderationPending, true), eq(posts.status, "published")))
      .orderBy(asc(posts.createdAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    let changed = 0;
    for (const row of rows) {
      const decision = await ctx.moderation.review({
        postId: row.id,
        authorId: row.authorId,
        text: row.text,
        mediaIds: row.mediaIds,
        contentWarning: row.contentWarning,
      });
      if (decision.action === "publish" && decision.recheck) break; // still unreachable: try later
      decided++;
      const now = ctx.clock();
      if (decision.action === "publish") {
        await updatePostRow(tx, row.id, {
          moderationPending: false,
          moderationLabels: [...new Set([...row.moderationLabels, ...(decision.labels ?? [])])],
        });
        continue;
      }
      const reason =
        decision.action === "hold"
          ? `${HELD_PREFIX}: ${decision.reason}`
          : `rejected on re-check: ${decision.reason}`;
      const updated = await updatePostRow(tx, row.id, {
        moderationPending: false,
        ...(row.hiddenAt ? {} : { hiddenAt: now, hiddenReason: reason }),
        updatedAt: now,
      });
      if (!row.hiddenAt) {
        await enqueuePostHidden(ctx, tx, updated, { reason, at: now });
        changed++;
      }
    }
    return changed;
  });
  if (hidden) ctx.relay.wake();
  return decided;
}

/**
 * The same queue for comments published while trust-safety could not answer: allow/label keeps the
 * comment (with its labels); hold or reject hides it from everyone but its author (who sees why),
 * uncounts it and announces CommentHidden, as a moderator's hide does (comment-moderation.ts).
 */
export async function recheckPendingComments(ctx: ServiceContext, limit = 20): Promise<number> {
  let decided = 0;
  const hidden = await withTransaction(ctx.db.db, async (tx) => {
    const rows = await tx
      .select()
      .from(comments)
      .where(eq(comments.moderationPending, true))
      .orderBy(asc(comments.createdAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    let changed = 0;
    for (const row of rows) {
      const decision = await ctx.moderation.review({
        postId: row.id,
        authorId: row.authorId,
        text: row.text,
        mediaIds: [],
        contentWarning: null,
        kind: "comment",
      });
      if (decision.action === "publish" && decision.recheck) break; // still unreachable: try later
      decided++;
      const now = ctx.clock();
      if (decision.action === "publish") {
        await updateComment(tx, row.id, {
          moderationPending: false,
          moderationLabels: [...new Set([...row.moderationLabels, ...(decision.labels ?? [])])],
        });
        continue;
      }
      const reason =
        decision.action === "hold"
          ? `${HELD_ON_RECHECK}: ${decision.reason}`
          : `rejected on re-check: ${decision.reason}`;
      const updated = await updateComment(tx, row.id, {
        moderationPending: false,
        ...(row.hiddenAt ? {} : { hiddenAt: now, hiddenReason: reason }),
      });
      if (!row.hiddenAt) {
        await recountComment(tx, row, -1);
        const post = await findPost(tx, row.postId);
        await enqueueCommentHidden(ctx, tx, updated, { at: now, postAuthorId: post?.authorId ?? "", reason });
        changed++;
      }
    }
    return changed;
  });
  if (hidden) ctx.relay.wake();
  return decided;
}

/**
 * Runs recheckPendingPosts and recheckPendingComments every MODERATION_RECHECK_INTERVAL; failures
 * are logged and retried.
 */
export function startModerationRecheck(ctx: ServiceContext): { stop(): void } {
  const timer = setInterval(() => {
    recheckPendingPosts(ctx)
      .then(() => recheckPendingComments(ctx))
      .catch((err) => ctx.log.warn("moderation re-check failed", { err }));
  }, ctx.config.extra.MODERATION_RECHECK_INTERVAL);
  return { stop: () => clearInterval(timer) };
}
