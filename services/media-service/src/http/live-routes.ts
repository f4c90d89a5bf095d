import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { problemResponse } from "@nova/errors";
import { currentClientIp, type ServiceEnv } from "@nova/server";
import { Hono } from "hono";
import type { ServiceContext } from "../context.ts";
import {
  createLiveStream,
  getLiveStream,
  onPublish,
  onPublishDone,
  rotateStreamKey,
  serveLiveFile,
} from "../domain/live-streams.ts";
import { RELAY_HEADER } from "../live/live-relay.ts";
import type { MediaEnv } from "./media-env.ts";
import { json, problems } from "./schemas.ts";

const bearer = [{ bearerAuth: [] }];

const liveSchema = z
  .object({
    id: z.string(),
    ownerId: z.string(),
    title: z.string(),
    status: z.enum(["idle", "live", "ended"]),
    viewers: z.number().int(),
    playback: z.object({ hls: z.object({ url: z.string() }) }),
    ingest: z
      .object({ url: z.string(), streamKey: z.string().optional() })
      .optional()
      .openapi({ description: "Owner only; streamKey only when created or rotated" }),
    recordingMediaId: z.string().optional(),
    startedAt: z.string().nullable(),
    endedAt: z.string().nullable(),
  })
  .openapi("LiveStream");

const idParams = z.object({ id: z.string().max(64) });

export const createLiveRoute = createRoute({
  method: "post",
  path: "/api/v1/live",
  tags: ["live"],
  summary: "Create a live stream: push RTMP to ingest.url with the stream key",
  security: bearer,
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: z.object({ title: z.string().max(1000) }) } },
    },
  },
  responses: {
    ...json(201, "The stream, with its secret key (shown once)", liveSchema),
    ...problems(400, 401),
  },
});

export const getLiveRoute = createRoute({
  method: "get",
  path: "/api/v1/live/{id}",
  tags: ["live"],
  summary: "A live stream's status, viewers and playback URL",
  request: { params: idParams },
  responses: { ...json(200, "The stream", liveSchema), ...problems(400, 404) },
});

export const rotateKeyRoute = createRoute({
  method: "post",
  path: "/api/v1/live/{id}/key",
  tags: ["live"],
  summary: "Rotate the stream key (owner); the old key is refused from now on",
  security: bearer,
  request: { params: idParams },
  responses: { ...json(200, "The stream with its new key", liveSchema), ...problems(400, 401, 404) },
});

export const liveFileRoute = createRoute({
  method: "get",
  path: "/api/v1/live/{id}/hls/{file}",
  tags: ["live"],
  summary: "A signed live HLS playlist or segment",
  request: {
    params: z.object({ id: z.string().max(64), file: z.string().max(80) }),
    query: z.object({ expires: z.string().max(20).optional(), signature: z.string().max(100).optional() }),
  },
  responses: {
    200: {
      description: "Playlist or segment",
      content: { "application/vnd.apple.mpegurl": { schema: z.string() } },
    },
    ...problems(400, 403, 404),
  },
});

export function mountLiveRoutes(app: OpenAPIHono<MediaEnv>, ctx: ServiceContext): void {
  app.openapi(createLiveRoute, async (c) =>
    c.json(await createLiveStream({ ctx, viewer: c.get("auth"), input: c.req.valid("json") }), 201),
  );
  app.openapi(getLiveRoute, async (c) =>
    c.json(await getLiveStream({ ctx, viewer: c.get("auth"), input: { id: c.req.valid("param").id } }), 200),
  );
  app.openapi(rotateKeyRoute, async (c) =>
    c.json(
      await rotateStreamKey({ ctx, viewer: c.get("auth"), input: { id: c.req.valid("param").id } }),
      200,
    ),
  );
  app.openapi(liveFileRoute, async (c) => {
    const file = await serveLiveFile({
      ctx,
      input: {
        ...c.req.valid("param"),
        ...c.req.valid("query"),
        client: currentClientIp() ?? "unknown",
        relay: c.req.header(RELAY_HEADER),
      },
    });
    return c.body(file.body as string, 200, {
      "content-type": file.contentType,
      "cache-control": "no-cache",
      "cross-origin-resource-policy": "cross-origin",
    });
  });
}

/**
 * nginx-rtmp's publish callbacks (form-encoded, `name` = the stream key): 204 allows, 403 refuses
 * the connection. Not under /api (not a client API); a key is 192 random bits, so a caller learns
 * nothing by guessing, and a valid key only starts or ends its own stream.
 */
export function createLiveCallbackRoutes(ctx: ServiceContext): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const keyOf = async (req: Request) =>
    String((await req.formData().catch(() => new FormData())).get("name") ?? "");
  app.post("/internal/live/on-publish", async (c) => {
    try {
      await onPublish(ctx, await keyOf(c.req.raw));
      return c.body(null, 204);
    } catch (err) {
      return problemResponse(err, { instance: "/internal/live/on-publish" });
    }
  });
  app.post("/internal/live/on-publish-done", async (c) => {
    // Answered at once: the end (stop ffmpeg, keep the recording) runs after nginx is told.
    const key = await keyOf(c.req.raw);
    onPublishDone(ctx, key).catch((err) => ctx.log.warn("live end failed", { err }));
    return c.body(null, 204);
  });
  return app;
}
