import { withTransaction } from "@nova/db";
import { InvalidArgumentError, NotFoundError } from "@nova/errors";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { findPost, insertPostEdit, updatePostRow } from "../db/post-queries.ts";
import type { posts } from "../db/schema/index.ts";
import {
  enqueueMentions,
  enqueuePostEdited,
  enqueuePostHidden,
  enqueuePostPublished,
} from "../events/enqueue-content-events.ts";
import { moderate } from "./moderate.ts";
import { type EditPostInput, editPostSchema } from "./post-input.ts";
import { attachPostMedia } from "./post-media.ts";
import { extractHashtags } from "./post-text.ts";
import { type PostView, toPostView } from "./post-view.ts";
import { requireOwnPost } from "./require-own-post.ts";
import { resolveMentions } from "./resolve-mentions.ts";
import { scheduleTime } from "./schedule-time.ts";
import { validateInput } from "./validate-input.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

const idSchema = z.object({ id: z.uuid("must be a post id (UUID)") });
const DRAFT_ONLY = ["publish", "scheduledAt", "visibility"] as const;

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The author changes a post. A published post keeps its earlier version in the history and shows
 * as edited (text, media or content warning changed); reply/quote controls change without that.
 * A draft or scheduled post is freely editable and may be published or (re)scheduled here.
 */
export async function editPost(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { id: string; changes: EditPostInput };
  traceparent?: string;
}): Promise<PostView> {
  const { ctx } = args;
  const authorId = requireViewer(args.viewer);
  const { id } = validateInput(idSchema, { id: args.input.id }, "post id");
  const patch = validateInput(editPostSchema(ctx.config.extra.POST_MAX_LENGTH), args.input.changes, "post");
  const current = await requireOwnPost(ctx, { accountId: authorId }, id);
  const published = current.status === "published";
  if (published) {
    const bad = DRAFT_ONLY.filter((f) => patch[f] !== undefined);
    if (bad.length)
      throw new InvalidArgumentError(
        "post is invalid",
        bad.map((field) => ({ field, message: "can only be changed before the post is published" })),
      );
  }
  if (patch.publish && patch.scheduledAt)
    throw new InvalidArgumentError("post is invalid", [
      { field: "scheduledAt", message: "give publish or scheduledAt, not both" },
    ]);
  const now = ctx.clock();
  const publishAt = patch.scheduledAt ? scheduleTime(patch.scheduledAt, now) : undefined;
  const text = patch.text ?? current.text;
  const mediaIds = patch.mediaIds ?? current.mediaIds;
  if (!text && mediaIds.length === 0)
    throw new InvalidArgumentError("post is invalid", [
      { field: "text", message: "a post needs text or media" },
    ]);
  if (patch.mediaIds && !sameList(current.mediaIds, mediaIds))
    await attachPostMedia(ctx, authorId, id, mediaIds, current.mediaIds.length > 0);
  const mentionedUserIds =
    patch.text !== undefined && patch.text !== current.text
      ? await resolveMentions(ctx, authorId, text)
      : current.mentionedUserIds;
  const publishing = !published && patch.publish === true;
  // Publishing is checked as a post, an edit of a published post's text as an edit (422 if refused).
  const checked = {
    ...current,
    text,
    mediaIds,
    contentWarning: patch.contentWarning ?? current.contentWarning,
  };
  const moderation = publishing
    ? await moderate(ctx, checked)
    : published && text !== current.text
      ? await moderate(ctx, checked, "post_edit")
      : undefined;

  const row = await withTransaction(ctx.db.db, async (tx) => {
    const locked = await findPost(tx, id, { forUpdate: true });
    if (!locked || locked.status !== current.status) throw new NotFoundError("post", id);
    const changes: Partial<typeof posts.$inferInsert> = {
      text,
      mediaIds,
      hashtags: extractHashtags(text),
      mentionedUserIds,
      updatedAt: now,
      ...(patch.contentWarning !== undefined ? { contentWarning: patch.contentWarning } : {}),
      ...(patch.replyPolicy ? { replyPolicy: patch.replyPolicy } : {}),
      ...(patch.quotesAllowed !== undefined ? { quotesAllowed: patch.quotesAllowed } : {}),
      ...(patch.visibility ? { visibility: patch.visibility } : {}),
    };
    if (moderation) Object.assign(changes, moderation);
    if (publishing) Object.assign(changes, { status: "published", publishAt: null, publishedAt: now });
    else if (publishAt) Object.assign(changes, { status: "scheduled", publishAt });
    const contentChanged =
      locked.text !== text ||
      !sameList(locked.mediaIds, mediaIds) ||
      (patch.contentWarning !== undefined && patch.contentWarning !== locked.contentWarning);
    if (published && contentChanged) {
      await insertPostEdit(tx, {
        id: Bun.randomUUIDv7(),
        postId: id,
        text: locked.text,
        mediaIds: locked.mediaIds,
        contentWarning: locked.contentWarning,
        replacedAt: now,
      });
      changes.editedAt = now;
    }
    const updated = await updatePostRow(tx, id, changes);
    const meta = { traceparent: args.traceparent, at: now };
    if (publishing && !updated.hiddenAt) await enqueuePostPublished(ctx, tx, updated, meta);
    else if (published && updated.hiddenAt && !locked.hiddenAt)
      await enqueuePostHidden(ctx, tx, updated, {
        ...meta,
        reason: updated.hiddenReason ?? "held for review",
      });
    else if (published && !updated.hiddenAt) {
      await enqueuePostEdited(ctx, tx, updated, meta);
      const added = mentionedUserIds.filter((m) => !locked.mentionedUserIds.includes(m));
      await enqueueMentions(ctx, tx, updated, added, meta);
    }
    return updated;
  });
  if (published || publishing) ctx.relay.wake();
  return toPostView(row);
}
