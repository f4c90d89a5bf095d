import { withTransaction } from "@nova/db";
import { NotFoundError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { findPost, updatePostRow } from "../db/post-queries.ts";
import { enqueuePostHidden } from "../events/enqueue-content-events.ts";

/**
 * Moderation's later verdict on a published post: hide it from every read path and announce
 * PostHidden so feeds and search drop it too. Idempotent (hiding a hidden post changes nothing).
 * Called by trust-safety's integration (its RPC arrives with that service), not by end users.
 */
export async function hidePost(args: {
  ctx: ServiceContext;
  input: { id: string; reason: string };
  traceparent?: string;
}): Promise<{ hidden: boolean }> {
  const { ctx } = args;
  const now = ctx.clock();
  const changed = await withTransaction(ctx.db.db, async (tx) => {
    const row = await findPost(tx, args.input.id, { forUpdate: true });
    if (!row) throw new NotFoundError("post", args.input.id);
    if (row.hiddenAt) return false;
    const updated = await updatePostRow(tx, row.id, {
      hiddenAt: now,
      hiddenReason: args.input.reason,
      updatedAt: now,
    });
    if (row.status === "published")
      await enqueuePostHidden(ctx, tx, updated, {
        reason: args.input.reason,
        traceparent: args.traceparent,
        at: now,
      });
    return true;
  });
  if (changed) ctx.relay.wake();
  return { hidden: changed };
}
