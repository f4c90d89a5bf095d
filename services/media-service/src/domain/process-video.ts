import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withTransaction } from "@nova/db";
import { encode } from "blurhash";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import type { ServiceContext } from "../context.ts";
import { findMedia } from "../db/media-queries.ts";
import { type MediaRow, media } from "../db/schema/index.ts";
import { deletePrefix } from "./delete-stored-files.ts";
import { enqueueOutcome } from "./media-events.ts";
import { probeVideo } from "./probe-video.ts";
import { BLOCKED_MEDIA, isBlockedByHashes } from "./screen-image.ts";
import { videoFrameHashes } from "./screen-video.ts";
import { mediaPrefix } from "./storage-keys.ts";
import { transcodeHls } from "./transcode-hls.ts";

const CONTENT_TYPES: Record<string, string> = {
  m3u8: "application/vnd.apple.mpegurl",
  ts: "video/mp2t",
  jpg: "image/jpeg",
};

async function finish(
  ctx: ServiceContext,
  row: MediaRow,
  patch: Partial<MediaRow> & { status: "ready" | "failed" },
  traceparent?: string,
) {
  await withTransaction(ctx.db.db, async (tx) => {
    const [done] = await tx
      .update(media)
      .set({ ...patch, updatedAt: ctx.clock() })
      .where(eq(media.id, row.id))
      .returning({ id: media.id });
    if (done) await enqueueOutcome(ctx, tx, { ...row, ...patch }, traceparent);
  });
}

/**
 * The video job (from VideoProcessingRequested): probe, refuse what the pipeline cannot take
 * (status failed + error), else HLS renditions + master playlist + poster into the store, then
 * ready. Before transcoding, the frames of `screenedMoments` are hashed and screened by
 * trust-safety's hash blocklist like an image: a match → failed `blocked_media`, every file of it
 * (the source) deleted; no answer with MEDIA_CHECK_FAIL_MODE=reject → throws (the job is retried,
 * the video stays processing). Idempotent: a row that is no longer processing (done, or deleted) is skipped. An
 * unexpected failure (ffmpeg crash, store down) throws, so the bus redelivers the job.
 */
export async function processVideo(
  ctx: ServiceContext,
  mediaId: string,
  traceparent?: string,
): Promise<void> {
  const row = await findMedia(ctx.db.db, mediaId);
  if (row?.status !== "processing" || !row.sourceKey) return;
  const { extra } = ctx.config;
  const dir = await mkdtemp(join(tmpdir(), "nova-media-"));
  try {
    const source = join(dir, "source");
    const blob = await ctx.storage.store.get(row.sourceKey);
    await Bun.write(source, new Response(blob.body));
    const { probe, reason } = await probeVideo(extra.FFPROBE_PATH, source, extra.MEDIA_MAX_VIDEO_SECONDS);
    if (!probe) {
      await finish(
        ctx,
        row,
        { status: "failed", error: reason ?? "unreadable video", storedBytes: 0, sourceKey: null },
        traceparent,
      );
      await ctx.storage.store.delete(row.sourceKey);
      return;
    }
    const hashes = await videoFrameHashes({
      ffmpeg: extra.FFMPEG_PATH,
      source,
      dir,
      probe,
      maxPixels: extra.MEDIA_MAX_PIXELS,
    });
    if (await isBlockedByHashes(ctx, { ownerId: row.ownerId, mediaId: row.id, hashes })) {
      await finish(
        ctx,
        row,
        { status: "failed", error: BLOCKED_MEDIA, storedBytes: 0, sourceKey: null },
        traceparent,
      );
      await ctx.storage.store.delete(row.sourceKey);
      await deletePrefix(ctx, mediaPrefix(row.ownerId, row.id));
      return;
    }
    const out = join(dir, "hls");
    await Bun.write(join(out, ".keep"), "");
    let lastWrite = 0;
    const renditions = await transcodeHls({
      ffmpeg: extra.FFMPEG_PATH,
      source,
      outDir: out,
      probe,
      onProgress: (fraction) => {
        const now = Date.now();
        if (now - lastWrite < 500) return;
        lastWrite = now;
        ctx.db.db
          .update(media)
          .set({ processingProgress: Math.min(0.99, fraction) })
          .where(eq(media.id, row.id))
          .catch((err) => ctx.log.warn("video progress not recorded", { err }));
      },
    });
    const prefix = `${mediaPrefix(row.ownerId, row.id)}hls/`;
    let stored = 0;
    for (const name of await readdir(out)) {
      if (name === ".keep") continue;
      const bytes = await readFile(join(out, name));
      const ext = name.split(".").pop() ?? "";
      await ctx.storage.store.put(`${prefix}${name}`, bytes, {
        contentType: CONTENT_TYPES[ext] ?? "application/octet-stream",
      });
      stored += bytes.byteLength;
    }
    const { data, info } = await sharp(join(out, "poster.jpg"))
      .resize(32, 32, { fit: "inside" })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    await finish(
      ctx,
      row,
      {
        status: "ready",
        width: probe.width,
        height: probe.height,
        blurhash: encode(new Uint8ClampedArray(data), info.width, info.height, 4, 3),
        video: {
          durationMs: probe.durationMs,
          hlsPrefix: prefix,
          posterKey: `${prefix}poster.jpg`,
          renditions,
        },
        storedBytes: stored,
        processingProgress: 1,
        sourceKey: null,
      },
      traceparent,
    );
    await ctx.storage.store.delete(row.sourceKey);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
