import { type Transaction, withTransaction } from "@nova/db";
import { and, asc, eq } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { findPost, updatePostRow } from "../db/post-queries.ts";
import { comments, posts } from "../db/schema/index.ts";
import { enqueueCommentHidden } from "../events/enqueue-comment-moderation-events.ts";
import { enqueuePostHidden } from "../events/enqueue-content-events.ts";
import { recountComment, updateComment } from "./comment-moderation.ts";
import { HELD_ON_RECHECK, HELD_PREFIX } from "./moderate.ts";
import type { ModerationDecision } from "./moderation-hook.ts";

/** What one re-check round needs to know about its kind of row (posts or comments). */
interface RecheckKind<Row extends { moderationLabels: string[]; hiddenAt: Date | null }> {
  /** Pending rows, oldest first, locked FOR UPDATE SKIP LOCKED so replicas share the work. */
  pending(tx: Transaction, limit: number): Promise<Row[]>;
  review(row: Row): Promise<ModerationDecision>;
  heldPrefix: string;
  /** allow/label: clear the flag, keep the labels. */
  keep(tx: Transaction, row: Row, labels: string[]): Promise<void>;
  /** hold/reject: clear the flag and hide it (if not hidden yet, then announce it). */
  hide(tx: Transaction, row: Row, hidden: { reason: string; at: Date } | undefined): Promise<void>;
}

/**
 * One round of a re-check queue: each pending row is asked about again; a verdict clears the flag
 * (allow/label keeps it with its labels, hold/reject hides it with the reason); still no answer
 * stops the round (the rest stay pending for the next one). Returns how many got a verdict.
 */
async function recheckRound<Row extends { moderationLabels: string[]; hiddenAt: Date | null }>(
  ctx: ServiceContext,
  kind: RecheckKind<Row>,
  limit: number,
): Promise<number> {
  let decided = 0;
  const hidden = await withTransaction(ctx.db.db, async (tx) => {
    let changed = 0;
    for (const row of await kind.pending(tx, limit)) {
      const decision = await kind.review(row);
      if (decision.action === "publish" && decision.recheck) break; // still unreachable: try later
      decided++;
      if (decision.action === "publish") {
        await kind.keep(tx, row, [...new Set([...row.moderationLabels, ...(decision.labels ?? [])])]);
        continue;
      }
      const reason =
        decision.action === "hold"
          ? `${kind.heldPrefix}: ${decision.reason}`
          : `rejected on re-check: ${decision.reason}`;
      await kind.hide(tx, row, row.hiddenAt ? undefined : { reason, at: ctx.clock() });
      if (!row.hiddenAt) changed++;
    }
    return changed;
  });
  if (hidden) ctx.relay.wake();
  return decided;
}

/**
 * The re-check queue of the `publish_and_recheck` fail mode: posts published while trust-safety
 * could not answer are asked about again (oldest first, FOR UPDATE SKIP LOCKED so replicas share
 * the work). A verdict clears the flag: allow/label keeps the post (with its labels); hold hides it
 * until review; reject hides it with the reason code — both announced as PostHidden, so feeds and
 * search drop it. Still no answer: the post stays pending for the next round.
 */
export function recheckPendingPosts(ctx: ServiceContext, limit = 20): Promise<number> {
  return recheckRound(
    ctx,
    {
      pending: (tx, n) =>
        tx
          .select()
          .from(posts)
          .where(and(eq(posts.moderationPending, true), eq(posts.status, "published")))
          .orderBy(asc(posts.createdAt))
          .limit(n)
          .for("update", { skipLocked: true }),
      review: (row) =>
        ctx.moderation.review({
          postId: row.id,
          authorId: row.authorId,
          text: row.text,
          mediaIds: row.mediaIds,
          contentWarning: row.contentWarning,
        }),
      heldPrefix: HELD_PREFIX,
      keep: async (tx, row, labels) => {
        await updatePostRow(tx, row.id, { moderationPending: false, moderationLabels: labels });
      },
      hide: async (tx, row, hidden) => {
        const updated = await updatePostRow(tx, row.id, {
          moderationPending: false,
          ...(hidden && { hiddenAt: hidden.at, hiddenReason: hidden.reason }),
          updatedAt: ctx.clock(),
        });
        if (hidden) await enqueuePostHidden(ctx, tx, updated, hidden);
      },
    },
    limit,
  );
}

/**
 * The same queue for comments published while trust-safety could not answer: allow/label keeps the
 * comment (with its labels); hold or reject hides it from everyone but its author (who sees why),
 * uncounts it and announces CommentHidden, as a moderator's hide does (comment-moderation.ts).
 */
export function recheckPendingComments(ctx: ServiceContext, limit = 20): Promise<number> {
  return recheckRound(
    ctx,
    {
      pending: (tx, n) =>
        tx
          .select()
          .from(comments)
          .where(eq(comments.moderationPending, true))
          .orderBy(asc(comments.createdAt))
          .limit(n)
          .for("update", { skipLocked: true }),
      review: (row) =>
        ctx.moderation.review({
          postId: row.id,
          authorId: row.authorId,
          text: row.text,
          mediaIds: [],
          contentWarning: null,
          kind: "comment",
        }),
      heldPrefix: HELD_ON_RECHECK,
      keep: async (tx, row, labels) => {
        await updateComment(tx, row.id, { moderationPending: false, moderationLabels: labels });
      },
      hide: async (tx, row, hidden) => {
        const updated = await updateComment(tx, row.id, {
          moderationPending: false,
          ...(hidden && { hiddenAt: hidden.at, hiddenReason: hidden.reason }),
        });
        if (!hidden) return;
        await recountComment(tx, row, -1);
        const post = await findPost(tx, row.postId);
        await enqueueCommentHidden(ctx, tx, updated, {
          at: hidden.at,
          postAuthorId: post?.authorId ?? "",
          reason: hidden.reason,
        });
      },
    },
    limit,
  );
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
