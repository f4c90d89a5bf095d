import type { Database } from "@nova/db";
import type { EnforcementChanged } from "@nova/proto/trust_safety/v1/enforcement-events";
import { eq } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { addToReplyCount, findComment } from "../db/comment-queries.ts";
import { addToCommentCount, findPost } from "../db/post-queries.ts";
import { type CommentRow, comments } from "../db/schema/index.ts";
import { enqueueCommentHidden, enqueueCommentRestored } from "../events/enqueue-comment-moderation-events.ts";
import { enqueueCommentCreated } from "../events/enqueue-content-events.ts";
import { HELD_ON_RECHECK, labelsAfter } from "./moderate.ts";
import { heldByCheck } from "./moderate-comment.ts";
import type { Viewer } from "./viewer.ts";

type Meta = { traceparent?: string | undefined; at: Date };

/** A comment a moderator hid exists only for its author (who sees why); for everyone else it is gone. */
export function visibleComment(row: Pick<CommentRow, "hiddenAt" | "authorId">, viewer: Viewer): boolean {
  return !row.hiddenAt || row.authorId === viewer?.accountId;
}

/**
 * trust-safety's hide/remove on a comment, in the enforcement consumer's transaction (the same
 * path as posts, see apply-enforcement.ts): active → hidden from everyone but its author, with the
 * action's reason, and CommentHidden; lifted → restored (only when that action hid it) and
 * CommentRestored; a comment the Check held is released by any lifted hide (releaseHeld). A hidden
 * comment is not counted (the post's commentCount, its parent's
 * replyCount): hiding uncounts it, restoring counts it again, deleting it while hidden changes no
 * count. A label action adds its labels to the comment's (returned to everyone who sees it, as on
 * posts); lifted, it removes them. Replaying an event changes nothing (the consumer's ledger also
 * drops it).
 */
export async function applyToComment(ctx: ServiceContext, tx: Database, e: EnforcementChanged, meta: Meta) {
  if (e.action !== "hide" && e.action !== "remove" && e.action !== "label") return;
  const [row] = await tx.select().from(comments).where(eq(comments.id, e.subjectId)).for("update");
  if (!row) return; // deleted or erased since
  if (e.action === "label") {
    await updateComment(tx, row.id, { moderationLabels: labelsAfter(row.moderationLabels, e) });
    return;
  }
  const post = await findPost(tx, row.postId);
  const postAuthorId = post?.authorId ?? "";
  if (e.active) {
    const reason = `${e.action}: ${e.reason}`;
    const updated = await updateComment(tx, row.id, {
      hiddenAt: row.hiddenAt ?? meta.at,
      hiddenReason: reason,
      hiddenByAction: e.actionId,
    });
    if (!row.hiddenAt) {
      await recountComment(tx, row, -1);
      await enqueueCommentHidden(ctx, tx, updated, { ...meta, postAuthorId, reason });
    }
    return;
  }
  if (heldByCheck(row)) return releaseHeld(ctx, tx, row, postAuthorId, meta);
  if (!row.hiddenAt || row.hiddenByAction !== e.actionId) return;
  const restored = await updateComment(tx, row.id, {
    hiddenAt: null,
    hiddenReason: null,
    hiddenByAction: null,
  });
  await recountComment(tx, row, 1);
  await enqueueCommentRestored(ctx, tx, restored, { ...meta, postAuthorId });
}

/**
 * A comment the Check held, released by a moderator (the hold's case dismissed → a lifted hide):
 * published as if just written — counted, and CommentCreated (it was never announced). One held by
 * the re-check (recheck-pending-posts.ts) was announced before it was hidden: CommentRestored.
 */
async function releaseHeld(
  ctx: ServiceContext,
  tx: Database,
  row: CommentRow,
  postAuthorId: string,
  meta: Meta,
) {
  const released = await updateComment(tx, row.id, {
    hiddenAt: null,
    hiddenReason: null,
    hiddenByAction: null,
  });
  await recountComment(tx, row, 1);
  if ((row.hiddenReason ?? "").startsWith(HELD_ON_RECHECK))
    return enqueueCommentRestored(ctx, tx, released, { ...meta, postAuthorId });
  const parent = row.parentCommentId ? await findComment(tx, row.parentCommentId) : undefined;
  await enqueueCommentCreated(ctx, tx, released, postAuthorId, {
    ...meta,
    parentCommentAuthorId: parent?.authorId,
  });
}

/**
 * Moves the counts a comment is in (its post's commentCount, its parent's replyCount). Deleting a
 * hidden comment must not call it: hiding already uncounted it.
 */
export async function recountComment(
  tx: Database,
  row: Pick<CommentRow, "postId" | "parentCommentId">,
  delta: number,
): Promise<void> {
  await addToCommentCount(tx, row.postId, delta);
  if (row.parentCommentId) await addToReplyCount(tx, row.parentCommentId, delta);
}

/** Sets a comment's moderation columns; returns the row as updated. */
export async function updateComment(
  tx: Database,
  id: string,
  values: Pick<
    Partial<CommentRow>,
    "hiddenAt" | "hiddenReason" | "hiddenByAction" | "moderationLabels" | "moderationPending"
  >,
): Promise<CommentRow> {
  const [row] = await tx.update(comments).set(values).where(eq(comments.id, id)).returning();
  if (!row) throw new Error(`comment ${id} vanished inside its transaction`);
  return row;
}
