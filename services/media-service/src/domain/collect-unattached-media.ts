import { NotFoundError } from "@nova/errors";
import { eq } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { listAbandonedUploadsBefore, listUnattachedBefore } from "../db/media-queries.ts";
import { uploadSessions } from "../db/schema/index.ts";
import { removeMedia } from "./delete-media.ts";

/** Deletes media attached to nothing for MEDIA_UNATTACHED_TTL (uploads never used, released by deleted posts). */
export async function collectUnattachedMedia(ctx: ServiceContext): Promise<number> {
  const before = new Date(ctx.clock().getTime() - ctx.config.extra.MEDIA_UNATTACHED_TTL);
  let collected = 0;
  for (;;) {
    const rows = await listUnattachedBefore(ctx.db.db, before, 100);
    for (const row of rows) await removeMedia(ctx, row);
    collected += rows.length;
    if (rows.length < 100) return collected;
  }
}

/**
 * Upload sessions opened MEDIA_UNATTACHED_TTL ago and never completed: the store's multipart upload
 * is aborted (its parts deleted), a single PUT's object deleted, the session forgotten — a client
 * that comes back later gets 404 and starts again. Idempotent (each step tolerates a repeat).
 */
export async function collectAbandonedUploads(ctx: ServiceContext): Promise<number> {
  const before = new Date(ctx.clock().getTime() - ctx.config.extra.MEDIA_UNATTACHED_TTL);
  let collected = 0;
  for (;;) {
    const rows = await listAbandonedUploadsBefore(ctx.db.db, before, 100);
    for (const row of rows) {
      if (row.multipartUploadId) {
        await ctx.storage.store.abortMultipartUpload(row.key, row.multipartUploadId).catch((err) => {
          if (!(err instanceof NotFoundError)) throw err; // aborted by an earlier run
        });
      }
      await ctx.storage.store.delete(row.key);
      await ctx.db.db.delete(uploadSessions).where(eq(uploadSessions.id, row.id));
    }
    collected += rows.length;
    if (rows.length < 100) return collected;
  }
}

/** Runs the collectors every MEDIA_GC_INTERVAL (each instance; deletes are idempotent). */
export function startUnattachedMediaCollector(ctx: ServiceContext): { stop(): void } {
  const timer = setInterval(() => {
    Promise.all([collectUnattachedMedia(ctx), collectAbandonedUploads(ctx)]).then(
      ([n, uploads]) =>
        n + uploads > 0 && ctx.log.info("collected unattached media", { collected: n, uploads }),
      (err) => ctx.log.warn("unattached media collection failed", { err }),
    );
  }, ctx.config.extra.MEDIA_GC_INTERVAL);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
