import { withTransaction } from "@nova/db";
import { UnavailableError } from "@nova/errors";
import { moderationUnansweredCounter } from "@nova/kit";
import sharp from "sharp";
import type { ServiceContext } from "../context.ts";
import { type MediaRow, media } from "../db/schema/index.ts";
import { deletePrefix } from "./delete-stored-files.ts";
import { enqueueOutcome } from "./media-events.ts";

/** The error of an image or video refused by trust-safety's hash blocklist. */
export const BLOCKED_MEDIA = "blocked_media";

/**
 * The image's 64-bit difference hash as 16 hex digits: auto-oriented, grayscale, squeezed to 9×8,
 * one bit per pixel brighter than its right neighbour (rows top to bottom, most significant first).
 * Re-encoding, resizing and mild recompression move it by a few bits; another image by ~32.
 */
export async function differenceHash(bytes: Uint8Array, maxPixels: number): Promise<string> {
  const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels })
    .rotate()
    .grayscale()
    .resize(9, 8, { fit: "fill" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => data[(y * 9 + x) * info.channels] ?? 0;
  let hash = 0n;
  for (let y = 0; y < 8; y++)
    for (let x = 0; x < 8; x++) hash = (hash << 1n) | (at(x, y) > at(x + 1, y) ? 1n : 0n);
  return hash.toString(16).padStart(16, "0");
}

/**
 * trust-safety's Check on an image before it becomes ready: its dHash against the admins' hash
 * blocklist (subject "media"). True when refused (`reject`; a `hold` is refused too: an image has
 * no "visible to its uploader only" state here). No answer within MEDIA_CHECK_TIMEOUT:
 * MEDIA_CHECK_FAIL_MODE — `reject` (503, nothing stored) or `allow`; logged and counted either way.
 */
export async function isBlockedImage(
  ctx: ServiceContext,
  image: { ownerId: string; mediaId: string; bytes: Uint8Array },
): Promise<boolean> {
  const mediaHash = await differenceHash(image.bytes, ctx.config.extra.MEDIA_MAX_PIXELS);
  return isBlockedByHashes(ctx, { ownerId: image.ownerId, mediaId: image.mediaId, hashes: [mediaHash] });
}

/**
 * The Check of `isBlockedImage` for one media object with several dHashes (a video's frames): one
 * Check per hash, in parallel, each bounded by MEDIA_CHECK_TIMEOUT; blocked when any is refused.
 * Any unanswered Check applies MEDIA_CHECK_FAIL_MODE to the whole object (`reject` throws
 * UnavailableError), logged and counted once.
 */
export async function isBlockedByHashes(
  ctx: ServiceContext,
  subject: { ownerId: string; mediaId: string; hashes: readonly string[] },
): Promise<boolean> {
  const { MEDIA_CHECK_TIMEOUT: timeoutMs, MEDIA_CHECK_FAIL_MODE: failMode } = ctx.config.extra;
  try {
    const answers = await Promise.all(
      [...new Set(subject.hashes)].map((mediaHash) =>
        ctx.trustSafety.check(
          {
            accountId: subject.ownerId,
            subjectType: "media",
            subjectId: subject.mediaId,
            text: "",
            mediaHash,
          },
          { timeoutMs, signal: AbortSignal.timeout(timeoutMs) },
        ),
      ),
    );
    return answers.some((res) => res.decision === "reject" || res.decision === "hold");
  } catch (err) {
    moderationUnansweredCounter(ctx.metrics.registry).inc({ fail_mode: failMode });
    ctx.log.warn("trust-safety did not answer the media check", { mediaId: subject.mediaId, failMode, err });
    if (failMode === "reject") throw new UnavailableError("media checks are unavailable; try again shortly");
    return false;
  }
}

/**
 * A blocked image: nothing of it is kept (any file under its prefix deleted; the caller drops an
 * upload session's bytes), and the media object is recorded `failed` with error `blocked_media`
 * (MediaFailed), so the uploader sees why and it can never be attached.
 */
export async function recordBlockedImage(
  ctx: ServiceContext,
  base: Pick<MediaRow, "id" | "ownerId" | "kind" | "alt" | "focusX" | "focusY" | "createdAt" | "updatedAt">,
  prefix: string,
  traceparent?: string,
): Promise<MediaRow> {
  await deletePrefix(ctx, prefix);
  return withTransaction(ctx.db.db, async (tx) => {
    const [row] = await tx
      .insert(media)
      .values({ ...base, status: "failed", error: BLOCKED_MEDIA, storedBytes: 0 })
      .returning();
    await enqueueOutcome(ctx, tx, { ...base, status: "failed", error: BLOCKED_MEDIA }, traceparent);
    return row as MediaRow;
  });
}
