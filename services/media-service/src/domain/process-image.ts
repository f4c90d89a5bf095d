import { UnprocessableError } from "@nova/errors";
import { encode } from "blurhash";
import sharp, { type Metadata, type Sharp } from "sharp";

/** Longest side of each size; a source smaller than a size is not enlarged. */
export const IMAGE_SIZES = [
  { name: "small", max: 400 },
  { name: "medium", max: 1200 },
  { name: "large", max: 2048 },
] as const;

export interface ProcessedFile {
  bytes: Uint8Array;
  contentType: string;
}

export interface ProcessedVariant {
  name: string;
  width: number;
  height: number;
  main: ProcessedFile;
  fallback?: ProcessedFile;
  /** The same size as AVIF, when asked for (smaller than WebP at similar quality, slower to encode). */
  avif?: ProcessedFile;
}

export interface ProcessedImage {
  /** Dimensions after EXIF auto-orientation. */
  width: number;
  height: number;
  blurhash: string;
  variants: ProcessedVariant[];
}

/** Refuses images whose header declares more pixels than `maxPixels`, before any decoding. */
export async function checkImageHeader(bytes: Uint8Array, maxPixels: number) {
  let meta: Metadata;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    throw new UnprocessableError("the image could not be read", [
      { field: "file", message: "unreadable image" },
    ]);
  }
  const { width = 0, height = 0 } = meta;
  const frames = meta.pages ?? 1;
  if (width * height * frames > maxPixels) {
    throw new UnprocessableError(
      `the image declares ${width}×${height}${frames > 1 ? `×${frames} frames` : ""} pixels, over the limit of ${maxPixels}`,
      [{ field: "file", message: "too many pixels" }],
    );
  }
  return meta;
}

async function blurhashOf(image: Sharp): Promise<string> {
  const { data, info } = await image
    .clone()
    .resize(32, 32, { fit: "inside" })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return encode(new Uint8ClampedArray(data), info.width, info.height, 4, 3);
}

/** Width and height as displayed: EXIF orientations 5–8 swap them. */
function orientedSize(meta: Metadata): { width: number; height: number } {
  const { width = 0, height = 0, orientation = 1 } = meta;
  return orientation >= 5 ? { width: height, height: width } : { width, height };
}

/**
 * The still-image pipeline: auto-orient from EXIF, then every size as WebP plus a JPEG fallback
 * (and AVIF with `options.avif`),
 * with no metadata at all (sharp writes none unless asked: EXIF, GPS, XMP are dropped), and a
 * blurhash. The source is decoded once, straight to the largest size (libjpeg's shrink-on-load
 * makes that much cheaper than a full 12-MP decode); smaller sizes are resized from those pixels.
 * sharp decodes and encodes on libuv's thread pool, so the event loop stays free.
 */
export async function processImage(
  bytes: Uint8Array,
  maxPixels: number,
  options: { avif?: boolean } = {},
): Promise<ProcessedImage> {
  const meta = await checkImageHeader(bytes, maxPixels);
  const largest = IMAGE_SIZES[IMAGE_SIZES.length - 1]?.max ?? 2048;
  const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels })
    .rotate()
    .resize(largest, largest, { fit: "inside", withoutEnlargement: true })
    // Transparent PNG/WebP are flattened on white (the JPEG fallback has no alpha either).
    .flatten({ background: "#ffffff" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const pixels = { raw: { width: info.width, height: info.height, channels: info.channels } } as const;
  const source = sharp(data, pixels);
  const variants: ProcessedVariant[] = [];
  for (const size of [...IMAGE_SIZES].reverse()) {
    const resized = source.clone().resize(size.max, size.max, { fit: "inside", withoutEnlargement: true });
    const webp = await resized.clone().webp({ quality: 80, effort: 2 }).toBuffer({ resolveWithObject: true });
    const jpeg = await resized.clone().jpeg({ quality: 82 }).toBuffer();
    // effort 2 of 9: libaom's default (4) takes several times longer per image on small nodes.
    const avif = options.avif ? await resized.clone().avif({ quality: 55, effort: 2 }).toBuffer() : undefined;
    variants.unshift({
      name: size.name,
      width: webp.info.width,
      height: webp.info.height,
      main: { bytes: webp.data, contentType: "image/webp" },
      fallback: { bytes: jpeg, contentType: "image/jpeg" },
      ...(avif && { avif: { bytes: avif, contentType: "image/avif" } }),
    });
  }
  return { ...orientedSize(meta), blurhash: await blurhashOf(source), variants };
}

/** An animated GIF becomes a looping animated WebP (same size, capped at `large`), plus a still poster. */
export async function processGif(bytes: Uint8Array, maxPixels: number): Promise<ProcessedImage> {
  await checkImageHeader(bytes, maxPixels);
  const anim = sharp(bytes, { animated: true, limitInputPixels: maxPixels });
  const webp = await anim
    .clone()
    .resize(2048, 2048, { fit: "inside", withoutEnlargement: true })
    .webp({ quality: 75, loop: 0 })
    .toBuffer({ resolveWithObject: true });
  const still = sharp(bytes, { limitInputPixels: maxPixels });
  const poster = await still.clone().jpeg({ quality: 82 }).toBuffer({ resolveWithObject: true });
  const height = webp.info.pageHeight ?? webp.info.height;
  return {
    width: webp.info.width,
    height,
    blurhash: await blurhashOf(still),
    variants: [
      {
        name: "animated",
        width: webp.info.width,
        height,
        main: { bytes: webp.data, contentType: "image/webp" },
        fallback: { bytes: poster.data, contentType: "image/jpeg" },
      },
    ],
  };
}
