import type { ServiceContext } from "../context.ts";
import type { MediaKind, MediaRow, MediaStatus } from "../db/schema/index.ts";
import { signCdnUrl } from "./cdn-signer.ts";
import { signHlsQuery } from "./hls-signature.ts";

export interface VariantView {
  name: string;
  url: string;
  width: number;
  height: number;
  contentType: string;
  size: number;
  fallback?: { url: string; contentType: string; size: number };
  /** MEDIA_AVIF=1: the same size as AVIF (offer it first in <picture>, WebP next, JPEG last). */
  avif?: { url: string; contentType: string; size: number };
}

export interface MediaView {
  id: string;
  ownerId: string;
  kind: MediaKind;
  status: MediaStatus;
  alt: string;
  focus: { x: number; y: number };
  width: number | null;
  height: number | null;
  blurhash: string | null;
  variants: VariantView[];
  video?: { durationMs: number; hls: { url: string }; poster: { url: string } };
  processingProgress: number;
  error?: string;
  createdAt: string;
}

function ttlSeconds(ctx: ServiceContext): number {
  return Math.max(1, Math.floor(ctx.config.extra.MEDIA_URL_TTL / 1000));
}

/** The URL of an HLS playlist of a media object, served (and its references re-signed) by this service. */
export function hlsPlaylistUrl(ctx: ServiceContext, mediaId: string, file: string): string {
  const expires = Math.floor(ctx.clock().getTime() / 1000) + ttlSeconds(ctx);
  const base = ctx.config.extra.MEDIA_PUBLIC_URL.replace(/\/+$/, "");
  return `${base}/api/v1/media/${mediaId}/hls/${file}?${signHlsQuery(ctx.config.extra.MEDIA_SIGNING_SECRET, mediaId, file, expires)}`;
}

/** A signed GET URL of a stored file: the store's own (S3 presigned / HMAC) or, in cdn mode, the CDN's. */
export function presign(ctx: ServiceContext, key: string): Promise<string> {
  const { extra } = ctx.config;
  if (extra.MEDIA_URL_MODE === "cdn" && extra.MEDIA_CDN_BASE_URL && extra.MEDIA_CDN_SIGNING_KEY) {
    const expires = Math.floor(ctx.clock().getTime() / 1000) + ttlSeconds(ctx);
    return Promise.resolve(
      signCdnUrl({ baseUrl: extra.MEDIA_CDN_BASE_URL, key, secret: extra.MEDIA_CDN_SIGNING_KEY, expires }),
    );
  }
  return ctx.storage.store.presignGet(key, { expiresInSeconds: ttlSeconds(ctx) });
}

/** A media row as clients see it: every URL freshly signed, valid for MEDIA_URL_TTL. */
export async function toMediaView(ctx: ServiceContext, row: MediaRow): Promise<MediaView> {
  const variants = await Promise.all(
    row.variants.map(async (v) => ({
      name: v.name,
      url: await presign(ctx, v.key),
      width: v.width,
      height: v.height,
      contentType: v.contentType,
      size: v.size,
      ...(v.fallback && {
        fallback: {
          url: await presign(ctx, v.fallback.key),
          contentType: v.fallback.contentType,
          size: v.fallback.size,
        },
      }),
      ...(v.avif && {
        avif: { url: await presign(ctx, v.avif.key), contentType: v.avif.contentType, size: v.avif.size },
      }),
    })),
  );
  return {
    id: row.id,
    ownerId: row.ownerId,
    kind: row.kind,
    status: row.status,
    alt: row.alt,
    focus: { x: row.focusX, y: row.focusY },
    width: row.width,
    height: row.height,
    blurhash: row.blurhash,
    variants,
    ...(row.video &&
      row.status === "ready" && {
        video: {
          durationMs: row.video.durationMs,
          hls: { url: hlsPlaylistUrl(ctx, row.id, "master.m3u8") },
          poster: { url: await presign(ctx, row.video.posterKey) },
        },
      }),
    processingProgress: row.status === "ready" ? 1 : row.processingProgress,
    ...(row.error && { error: row.error }),
    createdAt: row.createdAt.toISOString(),
  };
}
