import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ServiceContext } from "../context.ts";
import { serveHlsPlaylist } from "../domain/serve-hls-playlist.ts";
import type { MediaEnv } from "./media-env.ts";
import { problems } from "./schemas.ts";

export const hlsPlaylistRoute = createRoute({
  method: "get",
  path: "/api/v1/media/{id}/hls/{file}",
  tags: ["media"],
  summary: "A signed HLS playlist of a video (its references re-signed)",
  request: {
    params: z.object({ id: z.string().max(64), file: z.string().max(80) }),
    query: z.object({ expires: z.string().max(20).optional(), signature: z.string().max(100).optional() }),
  },
  responses: {
    200: {
      description: "The playlist",
      content: { "application/vnd.apple.mpegurl": { schema: z.string() } },
    },
    ...problems(400, 403, 404),
  },
});

export function mountHlsRoutes(app: OpenAPIHono<MediaEnv>, ctx: ServiceContext): void {
  app.openapi(hlsPlaylistRoute, async (c) => {
    const text = await serveHlsPlaylist({ ctx, input: { ...c.req.valid("param"), ...c.req.valid("query") } });
    return c.body(text, 200, {
      "content-type": "application/vnd.apple.mpegurl",
      "cache-control": "private, max-age=0",
      "cross-origin-resource-policy": "cross-origin",
    });
  });
}
