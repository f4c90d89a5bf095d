import type { Client } from "@connectrpc/connect";
import type { Logger } from "@nova/observability";
import { type Media, MediaKind, type MediaService } from "@nova/proto/media/v1";

/** A post's media object as timeline items show it (URLs signed by media-service; they expire). */
export interface TimelineMedia {
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

/** media-service as feed-service uses it: the media objects of a page's posts. */
export interface MediaPeer {
  /**
   * Media objects by id, 100 per call. Presentation only: when media-service cannot answer, the
   * failure is logged and the page goes out without media objects (the ids stay in `mediaIds`).
   */
  media(ids: readonly string[]): Promise<Map<string, TimelineMedia>>;
}

const KIND = { [MediaKind.IMAGE]: "image", [MediaKind.GIF]: "gif", [MediaKind.VIDEO]: "video" } as const;

function toTimelineMedia(m: Media): TimelineMedia {
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

export function createMediaPeer(client: Client<typeof MediaService>, log: Logger): MediaPeer {
  return {
    async media(ids) {
      const unique = [...new Set(ids)];
      const out = new Map<string, TimelineMedia>();
      if (unique.length === 0) return out;
      try {
        for (let i = 0; i < unique.length; i += 100) {
          const res = await client.batchGetMedia({ ids: unique.slice(i, i + 100) });
          for (const m of res.media) out.set(m.id, toTimelineMedia(m));
        }
      } catch (err) {
        log.warn("media-service unavailable: timeline items go out without media objects", { err });
      }
      return out;
    },
  };
}
