import { z } from "@hono/zod-openapi";

/** The OpenAPI shape of MediaObjectView, for the REST routes that return media next to posts. */
export const mediaObjectSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["image", "gif", "video"]),
    alt: z.string(),
    blurhash: z.string().nullable(),
    focus: z.object({ x: z.number(), y: z.number() }),
    width: z.number().int(),
    height: z.number().int(),
    variants: z.array(
      z.object({
        name: z.string(),
        url: z.string(),
        width: z.number().int(),
        height: z.number().int(),
        contentType: z.string(),
        fallbackUrl: z.string().optional(),
      }),
    ),
    video: z
      .object({
        durationMs: z.number(),
        hls: z.object({ url: z.string() }),
        poster: z.object({ url: z.string() }),
      })
      .optional(),
  })
  .openapi("MediaObject", { description: "A media object (media-service; URLs signed, they expire)" });
