import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { formatTraceparent } from "@nova/observability";
import type { ServiceContext } from "../context.ts";
import { getUploadSession } from "../domain/get-upload-session.ts";
import { completeUploadSession, createUploadSession } from "../domain/upload-sessions.ts";
import type { MediaEnv } from "./media-env.ts";
import {
  completedPartsSchema,
  idParams,
  json,
  mediaSchema,
  problems,
  uploadSessionSchema,
  uploadSessionStatusSchema,
} from "./schemas.ts";

const bearer = [{ bearerAuth: [] }];

export const createUploadRoute = createRoute({
  method: "post",
  path: "/api/v1/media/uploads",
  tags: ["media"],
  summary:
    "Start an upload session for a large file: PUT the bytes to uploadUrl (or each of parts[] for big files), then complete it",
  security: bearer,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({
            contentType: z.string().max(100),
            size: z.number().int(),
            sha256: z.string().max(64).optional(),
          }),
        },
      },
    },
  },
  responses: { ...json(201, "The session", uploadSessionSchema), ...problems(400, 401, 413) },
});

export const getUploadRoute = createRoute({
  method: "get",
  path: "/api/v1/media/uploads/{id}",
  tags: ["media"],
  summary: "Where an upload session stands: parts received, fresh URLs for the missing ones (resume)",
  security: bearer,
  request: { params: idParams },
  responses: { ...json(200, "The session's state", uploadSessionStatusSchema), ...problems(400, 401, 404) },
});

export const completeUploadRoute = createRoute({
  method: "post",
  path: "/api/v1/media/uploads/{id}/complete",
  tags: ["media"],
  summary: "Turn the uploaded bytes into a media object",
  security: bearer,
  request: {
    params: idParams,
    body: {
      required: false,
      content: {
        "application/json": {
          schema: z.object({
            alt: z.string().max(6000).optional(),
            focus: z.string().max(64).optional(),
            parts: completedPartsSchema.optional().openapi({
              description: "Multipart sessions: every part in order with the ETag its PUT answered",
            }),
          }),
        },
      },
    },
  },
  responses: {
    ...json(201, "An image or GIF, ready", mediaSchema),
    ...json(202, "A video, processing", mediaSchema),
    ...problems(400, 401, 404, 412, 413, 415, 422),
  },
});

export function mountUploadRoutes(app: OpenAPIHono<MediaEnv>, ctx: ServiceContext): void {
  app.openapi(createUploadRoute, async (c) =>
    c.json(await createUploadSession({ ctx, viewer: c.get("auth"), input: c.req.valid("json") }), 201),
  );
  app.openapi(getUploadRoute, async (c) =>
    c.json(await getUploadSession({ ctx, viewer: c.get("auth"), input: c.req.valid("param") }), 200),
  );
  app.openapi(completeUploadRoute, async (c) => {
    const body = (c.req.header("content-type")?.includes("json") ? c.req.valid("json") : undefined) ?? {};
    const view = await completeUploadSession({
      ctx,
      viewer: c.get("auth"),
      input: { id: c.req.valid("param").id, ...body },
      traceparent: formatTraceparent(c.get("trace")),
    });
    return view.status === "processing" ? c.json(view, 202) : c.json(view, 201);
  });
}
