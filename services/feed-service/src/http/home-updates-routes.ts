import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { eventStreamResponse } from "@nova/server";
import type { ServiceContext } from "../context.ts";
import { watchHomeUpdates } from "../domain/watch-home-updates.ts";
import type { FeedEnv } from "./feed-env.ts";
import { problems } from "./schemas.ts";

export const homeUpdatesRoute = createRoute({
  method: "get",
  path: "/api/v1/feed/home/updates",
  tags: ["timelines"],
  summary: "Server-sent events telling you that new posts are available in your home timeline",
  description:
    'Events `new-posts` with data `{"count":n,"newestAt":"ISO-8601"}` (posts since the previous event, ' +
    "at most one event per second), and a comment line every 15 s. No post content: reload the home " +
    "timeline. Posts by accounts you block, are blocked by or mute never notify.",
  security: [{ bearerAuth: [] }],
  responses: {
    200: {
      description: "An open event stream (text/event-stream)",
      content: { "text/event-stream": { schema: z.string() } },
    },
    ...problems(401, 429, 503),
  },
});

/** `GET /api/v1/feed/home/updates`: the home timeline's "new posts" stream over SSE. */
export function mountHomeUpdatesRoutes(app: OpenAPIHono<FeedEnv>, ctx: ServiceContext): void {
  app.openapi(homeUpdatesRoute, async (c) => {
    const updates = await watchHomeUpdates({ ctx, viewer: c.get("auth"), signal: c.req.raw.signal });
    return eventStreamResponse(updates, (data) => ({ event: "new-posts", data }));
  });
}
