import { NotFoundError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { findMedia } from "../db/media-queries.ts";
import { verifyHlsQuery } from "./hls-signature.ts";
import { parseMediaId } from "./media-input.ts";
import { hlsPlaylistUrl, presign } from "./media-view.ts";

const FILE = /^[A-Za-z0-9_-]{1,64}\.m3u8$/;

/**
 * A signed HLS playlist with every reference re-signed: variant playlists point back here, segments
 * to presigned store URLs (S3 or the embedded store). A player needs nothing but the master URL.
 */
export async function serveHlsPlaylist(args: {
  ctx: ServiceContext;
  input: { id: string; file: string; expires?: string | undefined; signature?: string | undefined };
}): Promise<string> {
  const { ctx, input } = args;
  const id = parseMediaId(input.id);
  if (!FILE.test(input.file)) throw new NotFoundError("playlist");
  verifyHlsQuery(
    ctx.config.extra.MEDIA_SIGNING_SECRET,
    id,
    input.file,
    input,
    Math.floor(ctx.clock().getTime() / 1000),
  );
  const row = await findMedia(ctx.db.db, id);
  if (!row?.video || row.status !== "ready") throw new NotFoundError("media", id);
  const prefix = row.video.hlsPrefix;
  const stored = await ctx.storage.store.head(`${prefix}${input.file}`);
  if (!stored) throw new NotFoundError("playlist");
  const text = await new Response((await ctx.storage.store.get(`${prefix}${input.file}`)).body).text();
  const lines = await Promise.all(
    text.split("\n").map(async (line) => {
      const ref = line.trim();
      if (ref === "" || ref.startsWith("#")) return line;
      if (FILE.test(ref)) return hlsPlaylistUrl(ctx, id, ref);
      if (/^[A-Za-z0-9_-]{1,64}\.ts$/.test(ref)) return presign(ctx, `${prefix}${ref}`);
      return "";
    }),
  );
  return lines.join("\n");
}
