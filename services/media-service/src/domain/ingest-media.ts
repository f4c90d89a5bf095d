import { withTransaction } from "@nova/db";
import type { ServiceContext } from "../context.ts";
import { type MediaRow, media, type StoredVariant } from "../db/schema/index.ts";
import { checkQuota, checkSize } from "./check-limits.ts";
import { deletePrefix } from "./delete-stored-files.ts";
import { detectMediaType } from "./detect-media-type.ts";
import { gifToMp4 } from "./gif-to-mp4.ts";
import { enqueueOutcome, enqueueVideoJob } from "./media-events.ts";
import { checkImageHeader, type ProcessedImage, processGif, processImage } from "./process-image.ts";
import { isBlockedImage, recordBlockedImage } from "./screen-image.ts";
import { extensionOf, mediaPrefix } from "./storage-keys.ts";

/** The bytes of an upload: in hand (multipart form), or already in the store (upload session). */
export type IngestSource =
  | { bytes: Uint8Array }
  | { key: string; size: number; head: Uint8Array; read: () => Promise<Uint8Array> };

export interface IngestInput {
  ownerId: string;
  alt?: string | undefined;
  focus?: { x: number; y: number } | undefined;
  source: IngestSource;
}

/**
 * Turns an upload into a media object. The type comes from the bytes; size and quota are checked
 * before anything is stored. Images and GIFs are processed now (ready, or refused with nothing
 * stored; one on trust-safety's hash blocklist is recorded failed, see screen-image.ts); a video is stored as is and its transcoding queued on the bus (processing).
 */
export async function ingestMedia(
  ctx: ServiceContext,
  input: IngestInput,
  traceparent?: string,
): Promise<MediaRow> {
  const { source, ownerId } = input;
  const head = "bytes" in source ? source.bytes.subarray(0, 4100) : source.head;
  const size = "bytes" in source ? source.bytes.byteLength : source.size;
  const type = await detectMediaType(head);
  checkSize(ctx, type.kind, size);
  const id = Bun.randomUUIDv7();
  const prefix = mediaPrefix(ownerId, id);
  const now = ctx.clock();
  const base = {
    id,
    ownerId,
    kind: type.kind,
    alt: input.alt ?? "",
    focusX: input.focus?.x ?? 0,
    focusY: input.focus?.y ?? 0,
    createdAt: now,
    updatedAt: now,
  };

  if (type.kind === "video") {
    await checkQuota(ctx, ownerId, size);
    let sourceKey: string;
    if ("bytes" in source) {
      sourceKey = `${prefix}source.${extensionOf(type.contentType)}`;
      await ctx.storage.store.put(sourceKey, source.bytes, { contentType: type.contentType });
    } else {
      sourceKey = source.key;
    }
    return withTransaction(ctx.db.db, async (tx) => {
      const [row] = await tx
        .insert(media)
        .values({ ...base, status: "processing", sourceKey, storedBytes: size })
        .returning();
      await enqueueVideoJob(ctx, tx, base, traceparent);
      return row as MediaRow;
    });
  }

  const bytes = "bytes" in source ? source.bytes : await source.read();
  const max = ctx.config.extra.MEDIA_MAX_PIXELS;
  // A GIF is a "gif" only when it moves (more than one frame): a still GIF is a plain image.
  const animated = type.kind === "gif" && ((await checkImageHeader(bytes, max)).pages ?? 1) > 1;
  const kind = type.kind === "gif" && !animated ? "image" : type.kind;
  const processed: ProcessedImage = animated
    ? await processGif(bytes, max)
    : await processImage(bytes, max, { avif: ctx.config.extra.MEDIA_AVIF });
  if (animated) {
    const { FFMPEG_PATH: ffmpeg, FFPROBE_PATH: ffprobe } = ctx.config.extra;
    processed.variants.push(await gifToMp4({ ffmpeg, ffprobe }, bytes));
  }
  const total = processed.variants.reduce(
    (n, v) =>
      n + v.main.bytes.byteLength + (v.fallback?.bytes.byteLength ?? 0) + (v.avif?.bytes.byteLength ?? 0),
    0,
  );
  await checkQuota(ctx, ownerId, total);
  if (await isBlockedImage(ctx, { ownerId, mediaId: id, bytes }))
    return recordBlockedImage(ctx, { ...base, kind }, prefix, traceparent);
  const variants: StoredVariant[] = [];
  try {
    for (const v of processed.variants) {
      const key = `${prefix}${v.name}.${extensionOf(v.main.contentType)}`;
      await ctx.storage.store.put(key, v.main.bytes, { contentType: v.main.contentType });
      const storeExtra = async (file: { bytes: Uint8Array; contentType: string }) => {
        const extraKey = `${prefix}${v.name}.${extensionOf(file.contentType)}`;
        await ctx.storage.store.put(extraKey, file.bytes, { contentType: file.contentType });
        return { key: extraKey, contentType: file.contentType, size: file.bytes.byteLength };
      };
      const fallback = v.fallback && (await storeExtra(v.fallback));
      const avif = v.avif && (await storeExtra(v.avif));
      variants.push({
        name: v.name,
        key,
        width: v.width,
        height: v.height,
        contentType: v.main.contentType,
        size: v.main.bytes.byteLength,
        ...(fallback && { fallback }),
        ...(avif && { avif }),
      });
    }
    return await withTransaction(ctx.db.db, async (tx) => {
      const [row] = await tx
        .insert(media)
        .values({
          ...base,
          kind,
          status: "ready",
          width: processed.width,
          height: processed.height,
          blurhash: processed.blurhash,
          variants,
          storedBytes: total,
          processingProgress: 1,
        })
        .returning();
      await enqueueOutcome(ctx, tx, { ...base, kind, status: "ready" }, traceparent);
      return row as MediaRow;
    });
  } catch (err) {
    await deletePrefix(ctx, prefix);
    throw err;
  }
}
