import { type Media, MediaKind } from "@nova/proto/media/v1";

/** A media object as clients see it next to a post (URLs signed by media-service; they expire). */
export interface MediaObjectView {
  id: string;
  kind: "image" | "gif" | "video";
  alt: string;
  blurhash: string | null;
  focus: { x: number; y: number };
  width: number;
  height: number;
  variants: Array<{
    name: string;
    url: string;
    width: number;
    height: number;
    contentType: string;
    fallbackUrl?: string;
  }>;
  video?: { durationMs: number; hls: { url: string }; poster: { url: string } };
}

const KIND = { [MediaKind.IMAGE]: "image", [MediaKind.GIF]: "gif", [MediaKind.VIDEO]: "video" } as const;

/** media-service's `Media` message → the view content's post views and feed's timelines return. */
export function toMediaObjectView(m: Media): MediaObjectView {
  return {
    id: m.id,
    kind: KIND[m.kind as keyof typeof KIND] ?? "image",
    alt: m.alt,
    blurhash: m.blurhash || null,
    focus: { x: m.focusX, y: m.focusY },
    width: m.width,
    height: m.height,
    variants: m.variants.map((v) => ({
      name: v.name,
      url: v.url,
      width: v.width,
      height: v.height,
      contentType: v.contentType,
      ...(v.fallbackUrl && { fallbackUrl: v.fallbackUrl }),
    })),
    ...(m.video && {
      video: {
        durationMs: Number(m.video.durationMs),
        hls: { url: m.video.hlsUrl },
        poster: { url: m.video.posterUrl },
      },
    }),
  };
}
