import { withTransaction } from "@nova/db";
import type { ServiceContext } from "../context.ts";
import { claimDuePosts, updatePostRow } from "../db/post-queries.ts";
import { enqueuePostPublished } from "../events/enqueue-content-events.ts";
import { moderationEffect } from "./moderate.ts";

/**
 * Publishes scheduled posts that are due, at most `limit` per call, each exactly once: the rows are
 * claimed FOR UPDATE SKIP LOCKED and published (with their PostCreated) in the same transaction, so
 * two replicas never both publish one post and a crash before commit leaves it to the next poll.
 * A post the moderation hook rejects goes back to the author's drafts; a hook that fails leaves the
 * post scheduled for the next poll.
 */
export async function publishDuePosts(args: { ctx: ServiceContext; limit?: number }): Promise<number> {
  const { ctx } = args;
  const now = ctx.clock();
  const published = await withTransaction(ctx.db.db, async (tx) => {
    let count = 0;
    for (const row of await claimDuePosts(tx, now, args.limit ?? 50)) {
      let decision: Awaited<ReturnType<typeof ctx.moderation.review>>;
      try {
        decision = await ctx.moderation.review({
          postId: row.id,
          authorId: row.authorId,
          text: row.text,
          mediaIds: row.mediaIds,
          contentWarning: row.contentWarning,
        });
      } catch (err) {
        ctx.log.warn("moderation hook failed; the scheduled post stays scheduled", { postId: row.id, err });
        continue;
      }
      if (decision.action === "reject") {
        await updatePostRow(tx, row.id, { status: "draft", publishAt: null, updatedAt: now });
        ctx.log.info("scheduled post rejected by moderation; returned to drafts", { postId: row.id });
        continue;
      }
      const updated = await updatePostRow(tx, row.id, {
        status: "published",
        publishedAt: row.publishAt ?? now,
        publishAt: null,
        updatedAt: now,
        ...moderationEffect(decision, now),
      });
      if (!updated.hiddenAt) await enqueuePostPublished(ctx, tx, updated, { at: now });
      count++;
    }
    return count;
  });
  if (published) ctx.relay.wake();
  return published;
}
