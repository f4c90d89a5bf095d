import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { formatTraceparent } from "@nova/observability";
import type { ServiceContext } from "../context.ts";
import { deleteMedia } from "../domain/delete-media.ts";
import { getMedia } from "../domain/get-media.ts";
import { updateMedia } from "../domain/update-media.ts";
import { uploadMedia } from "../domain/upload-media.ts";
import type { MediaEnv } from "./media-env.ts";
import { idParams, json, mediaSchema, problems } from "./schemas.ts";

const bearer = [{ bearerAuth: [] }];

export const uploadMediaRoute = createRoute({
  method: "post",
  path: "/api/v1/media",
  tags: ["media"],
  summary: "Upload a photo, GIF or short video (the type is decided by the bytes)",
  security: bearer,
  request: {
    body: {
      required: true,
      content: {
        "multipart/form-data": {
          schema: z.object({
            file: z.instanceof(File).openapi({ type: "string", format: "binary" }),
            alt: z.string().max(6000).optional().openapi({ description: "≤ 1,500 characters" }),
            focus: z
              .string()
              .max(64)
              .optional()
              .openapi({ description: "x,y in −1..1", example: "0.2,-0.4" }),
          }),
        },
      },
    },
  },
  responses: {
    ...json(201, "An image or GIF, processed and ready", mediaSchema),
    ...json(202, "A video, queued for transcoding (status processing)", mediaSchema),
    ...problems(400, 401, 413, 415, 422),
  },
});

export const getMediaRoute = createRoute({
  method: "get",
  path: "/api/v1/media/{id}",
  tags: ["media"],
  summary: "A media object with freshly signed URLs",
  request: { params: idParams },
  responses: { ...json(200, "The media object", mediaSchema), ...problems(400, 404) },
});

export const updateMediaRoute = createRoute({
  method: "patch",
  path: "/api/v1/media/{id}",
  tags: ["media"],
  summary: "Change alt text and focal point (owner only)",
  security: bearer,
  request: {
    params: idParams,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({ alt: z.string().max(6000).optional(), focus: z.string().max(64).optional() }),
        },
      },
    },
  },
  responses: { ...json(200, "The media object", mediaSchema), ...problems(400, 401, 404) },
});

export const deleteMediaRoute = createRoute({
  method: "delete",
  path: "/api/v1/media/{id}",
  tags: ["media"],
  summary: "Delete a media object and every stored file of it (owner only)",
  security: bearer,
  request: { params: idParams },
  responses: { 204: { description: "Deleted" }, ...problems(400, 401, 404) },
});

export function mountMediaRoutes(app: OpenAPIHono<MediaEnv>, ctx: ServiceContext): void {
  app.openapi(uploadMediaRoute, async (c) => {
    const form = c.req.valid("form");
    const view = await uploadMedia({
      ctx,
      viewer: c.get("auth"),
      input: { bytes: new Uint8Array(await form.file.arrayBuffer()), alt: form.alt, focus: form.focus },
      traceparent: formatTraceparent(c.get("trace")),
    });
    return view.status === "processing" ? c.json(view, 202) : c.json(view, 201);
  });
  app.openapi(getMediaRoute, async (c) =>
    c.json(await getMedia({ ctx, viewer: c.get("auth"), input: { id: c.req.valid("param").id } }), 200),
  );
  app.openapi(updateMediaRoute, async (c) =>
    c.json(
      await updateMedia({
        ctx,
        viewer: c.get("auth"),
        input: { id: c.req.valid("param").id, ...c.req.valid("json") },
      }),
      200,
    ),
  );
  app.openapi(deleteMediaRoute, async (c) => {
    await deleteMedia({
      ctx,
      viewer: c.get("auth"),
      input: { id: c.req.valid("param").id },
      traceparent: formatTraceparent(c.get("trace")),
    });
    return c.body(null, 204);
  });
}
