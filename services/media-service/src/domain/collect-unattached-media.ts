import type { ServiceContext } from "../context.ts";
import { listUnattachedBefore } from "../db/media-queries.ts";
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

/** Runs the collector every MEDIA_GC_INTERVAL (each instance; deletes are idempotent). */
export function startUnattachedMediaCollector(ctx: ServiceContext): { stop(): void } {
  const timer = setInterval(() => {
    collectUnattachedMedia(ctx).then(
      (n) => n > 0 && ctx.log.info("collected unattached media", { collected: n }),
      (err) => ctx.log.warn("unattached media collection failed", { err }),
    );
  }, ctx.config.extra.MEDIA_GC_INTERVAL);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
