import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { type Media, MediaSchema, MediaStatus } from "@nova/proto/media/v1";
import { PROTO_KIND } from "../domain/media-events.ts";
import type { MediaView } from "../domain/media-view.ts";

const STATUS = {
  processing: MediaStatus.PROCESSING,
  ready: MediaStatus.READY,
  failed: MediaStatus.FAILED,
} as const;

export function toProtoMedia(v: MediaView): Media {
  return create(MediaSchema, {
    id: v.id,
    ownerId: v.ownerId,
    kind: PROTO_KIND[v.kind],
    status: STATUS[v.status],
    alt: v.alt,
    focusX: v.focus.x,
    focusY: v.focus.y,
    width: v.width ?? 0,
    height: v.height ?? 0,
    blurhash: v.blurhash ?? "",
    variants: v.variants.map((x) => ({
      name: x.name,
      url: x.url,
      width: x.width,
      height: x.height,
      contentType: x.contentType,
      size: BigInt(x.size),
      fallbackUrl: x.fallback?.url ?? "",
      fallbackContentType: x.fallback?.contentType ?? "",
      avifUrl: x.avif?.url ?? "",
    })),
    ...(v.video && {
      video: {
        durationMs: BigInt(v.video.durationMs),
        hlsUrl: v.video.hls.url,
        posterUrl: v.video.poster.url,
      },
    }),
    createdAt: timestampFromDate(new Date(v.createdAt)),
  });
}
