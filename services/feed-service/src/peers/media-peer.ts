import type { Client } from "@connectrpc/connect";
import { type MediaObjectView, toMediaObjectView } from "@nova/media-view";
import type { Logger } from "@nova/observability";
import type { MediaService } from "@nova/proto/media/v1";

/** A media object as timelines show it (the same view content's post views return). */
export type TimelineMedia = MediaObjectView;

/** media-service as feed-service uses it: the media objects of a page's posts. */
export interface MediaPeer {
  /**
   * Media objects by id, 100 per call. Presentation only: when media-service cannot answer, the
   * failure is logged and the page goes out without media objects (the ids stay in `mediaIds`).
   */
  media(ids: readonly string[]): Promise<Map<string, TimelineMedia>>;
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
          for (const m of res.media) out.set(m.id, toMediaObjectView(m));
        }
      } catch (err) {
        log.warn("media-service unavailable: timeline items go out without media objects", { err });
      }
      return out;
    },
  };
}
