import { withTransaction } from "@nova/db";
import { NotFoundError } from "@nova/errors";
import { eq } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { findMedia } from "../db/media-queries.ts";
import { type MediaRow, media } from "../db/schema/index.ts";
import { deletePrefix } from "./delete-stored-files.ts";
import { enqueueDeleted } from "./media-events.ts";
import { parseMediaId } from "./media-input.ts";
import { mediaPrefix } from "./storage-keys.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/**
 * Removes a row and every stored file of it, with MediaDeleted. The row goes first (in the event's
 * transaction), then the files: a crash between leaves orphan files under a prefix no row points
 * at, never a row whose files are gone. Idempotent.
 */
export async function removeMedia(ctx: ServiceContext, row: MediaRow, traceparent?: string): Promise<void> {
  const removed = await withTransaction(ctx.db.db, async (tx) => {
    const [gone] = await tx.delete(media).where(eq(media.id, row.id)).returning({ id: media.id });
    if (gone) await enqueueDeleted(ctx, tx, row, traceparent);
    return !!gone;
  });
  if (!removed) return;
  await deletePrefix(ctx, mediaPrefix(row.ownerId, row.id));
  if (row.sourceKey && !row.sourceKey.startsWith(mediaPrefix(row.ownerId, row.id))) {
    await ctx.storage.store.delete(row.sourceKey);
  }
}

/** DELETE /api/v1/media/{id}: owner only; deletes every stored object. */
export async function deleteMedia(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { id: string };
  traceparent?: string | undefined;
}): Promise<void> {
  const accountId = requireViewer(args.viewer);
  const id = parseMediaId(args.input.id);
  const row = await findMedia(args.ctx.db.db, id);
  if (!row || row.ownerId !== accountId) throw new NotFoundError("media", id);
  await removeMedia(args.ctx, row, args.traceparent);
}
