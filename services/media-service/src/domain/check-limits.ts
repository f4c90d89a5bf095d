import { DomainError, PayloadTooLargeError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { storedBytesOf } from "../db/media-queries.ts";
import type { MediaKind } from "../db/schema/index.ts";

export function maxBytesFor(ctx: ServiceContext, kind: MediaKind): number {
  return kind === "video" ? ctx.config.extra.MEDIA_MAX_VIDEO_BYTES : ctx.config.extra.MEDIA_MAX_IMAGE_BYTES;
}

/** 413 when the file is over its type's limit. */
export function checkSize(ctx: ServiceContext, kind: MediaKind, size: number): void {
  const limit = maxBytesFor(ctx, kind);
  if (size > limit) throw new PayloadTooLargeError(limit);
}

/** 413 when storing `adding` more bytes would take the account past its quota. */
export async function checkQuota(ctx: ServiceContext, ownerId: string, adding: number): Promise<void> {
  const quota = ctx.config.extra.MEDIA_QUOTA_BYTES;
  const used = await storedBytesOf(ctx.db.db, ownerId);
  if (used + adding > quota) {
    throw new DomainError(
      "payload_too_large",
      `storage quota exceeded: ${used} of ${quota} bytes used, this upload needs ${adding} more`,
      { limitBytes: quota, usedBytes: used },
    );
  }
}
