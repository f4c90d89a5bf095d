import type { ServiceContext } from "../context.ts";
import { ingestMedia } from "./ingest-media.ts";
import { parseAlt, parseFocus } from "./media-input.ts";
import { type MediaView, toMediaView } from "./media-view.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/** POST /api/v1/media: an image comes back ready (201), a video processing (202). */
export async function uploadMedia(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { bytes: Uint8Array; alt?: string | undefined; focus?: string | undefined };
  traceparent?: string | undefined;
}): Promise<MediaView> {
  const ownerId = requireViewer(args.viewer);
  const alt = parseAlt(args.input.alt);
  const focus = parseFocus(args.input.focus);
  const row = await ingestMedia(
    args.ctx,
    { ownerId, alt, focus, source: { bytes: args.input.bytes } },
    args.traceparent,
  );
  return toMediaView(args.ctx, row);
}
