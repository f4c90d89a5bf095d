import type { Database } from "@nova/db";
import type { EnforcementChanged } from "@nova/proto/trust_safety/v1/enforcement-events";
import { and, eq, isNull } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { findPost, updatePostRow } from "../db/post-queries.ts";
import { type PostRow, posts } from "../db/schema/index.ts";
import { enqueuePostHidden, enqueuePostPublished } from "../events/enqueue-content-events.ts";
import { applyToComment } from "./comment-moderation.ts";
import { HELD_PREFIX, labelsAfter } from "./moderate.ts";

type Meta = { traceparent?: string | undefined; at: Date };

/**
 * trust-safety's decision applied to content, in the consumer's transaction (once per event):
 * - post hide/remove: hidden from everyone but its author (who sees why) and PostHidden, so feeds
 *   and search drop it; lifted: restored and announced again (PostCreated; mentions only when a
 *   held post is released for the first time);
 * - post label: labels stored and returned with the post; lifted: removed;
 * - account suspend/ban: every published post of the account is hidden the same way, and restored
 *   when that action is lifted (only the posts that action hid).
 * - comment hide/remove/label: see comment-moderation.ts (same rules, CommentHidden/CommentRestored).
 * Messages are not enforced here (see the README).
 */
export async function applyEnforcement(ctx: ServiceContext, tx: Database, e: EnforcementChanged, meta: Meta) {
  if (e.subjectType === "post") return applyToPost(ctx, tx, e, meta);
  if (e.subjectType === "comment") return applyToComment(ctx, tx, e, meta);
  if (e.subjectType === "account" && (e.action === "suspend" || e.action === "ban"))
    return applyToAccount(ctx, tx, e, meta);
}

const hiddenReason = (e: EnforcementChanged) => `${e.action}: ${e.reason}`;

async function hide(ctx: ServiceContext, tx: Database, row: PostRow, e: EnforcementChanged, meta: Meta) {
  const wasVisible = !row.hiddenAt;
  const updated = await updatePostRow(tx, row.id, {
    hiddenAt: row.hiddenAt ?? meta.at,
    hiddenReason: hiddenReason(e),
    hiddenByAction: e.actionId,
    updatedAt: meta.at,
  });
  if (wasVisible && updated.status === "published")
    await enqueuePostHidden(ctx, tx, updated, { ...meta, reason: hiddenReason(e) });
}

async function restore(ctx: ServiceContext, tx: Database, row: PostRow, meta: Meta) {
  const released = row.hiddenByAction === null;
  const updated = await updatePostRow(tx, row.id, {
    hiddenAt: null,
    hiddenReason: null,
    hiddenByAction: null,
    updatedAt: meta.at,
  });
  if (updated.status === "published")
    await enqueuePostPublished(ctx, tx, updated, { ...meta, ...(released ? {} : { newMentions: [] }) });
}

async function applyToPost(ctx: ServiceContext, tx: Database, e: EnforcementChanged, meta: Meta) {
  const row = await findPost(tx, e.subjectId, { forUpdate: true });
  if (!row) return; // erased since
  if (e.action === "hide" || e.action === "remove") {
    if (e.active) return hide(ctx, tx, row, e, meta);
    const heldByCheck = row.hiddenByAction === null && (row.hiddenReason ?? "").startsWith(HELD_PREFIX);
    if (row.hiddenAt && (row.hiddenByAction === e.actionId || heldByCheck)) await restore(ctx, tx, row, meta);
    return;
  }
  if (e.action === "label") {
    await updatePostRow(tx, row.id, {
      moderationLabels: labelsAfter(row.moderationLabels, e),
      updatedAt: meta.at,
    });
  }
}

async function applyToAccount(ctx: ServiceContext, tx: Database, e: EnforcementChanged, meta: Meta) {
  const accountId = e.subjectAccountId || e.subjectId;
  const rows = await tx
    .select()
    .from(posts)
    .where(
      e.active
        ? and(eq(posts.authorId, accountId), isNull(posts.hiddenAt))
        : and(eq(posts.authorId, accountId), eq(posts.hiddenByAction, e.actionId)),
    )
    .for("update");
  for (const row of rows) {
    if (e.active) await hide(ctx, tx, row, e, meta);
    else await restore(ctx, tx, row, meta);
  }
}
