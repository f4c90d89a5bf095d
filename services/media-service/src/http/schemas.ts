import { z } from "@hono/zod-openapi";

const variantSchema = z
  .object({
    name: z.string(),
    url: z.string(),
    width: z.number().int(),
    height: z.number().int(),
    contentType: z.string(),
    size: z.number().int(),
    fallback: z.object({ url: z.string(), contentType: z.string(), size: z.number().int() }).optional(),
    avif: z
      .object({ url: z.string(), contentType: z.string(), size: z.number().int() })
      .optional()
      .openapi({ description: "The same size as AVIF (MEDIA_AVIF=1)" }),
  })
  .openapi("MediaVariant");

export const mediaSchema = z
  .object({
    id: z.string(),
    ownerId: z.string(),
    kind: z.enum(["image", "gif", "video"]),
    status: z.enum(["processing", "ready", "failed"]),
    alt: z.string(),
    focus: z.object({ x: z.number(), y: z.number() }),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    blurhash: z.string().nullable(),
    variants: z.array(variantSchema),
    video: z
      .object({
        durationMs: z.number().int(),
        hls: z.object({ url: z.string() }),
        poster: z.object({ url: z.string() }),
      })
      .optional(),
    processingProgress: z.number(),
    error: z.string().optional(),
    createdAt: z.string(),
  })
  .openapi("Media");

const uploadPartUrlSchema = z
  .object({
    partNumber: z.number().int(),
    url: z.string().openapi({ description: "PUT this part's bytes here; keep the response's ETag" }),
    size: z.number().int().openapi({ description: "Bytes that belong in this part" }),
  })
  .openapi("UploadPartUrl");

const receivedPartSchema = z
  .object({ partNumber: z.number().int(), etag: z.string(), size: z.number().int() })
  .openapi("ReceivedUploadPart");

export const uploadSessionSchema = z
  .object({
    id: z.string(),
    uploadUrl: z.string().openapi({
      description:
        "PUT the bytes here with the declared Content-Type (multipart sessions: part 1's URL; PUT each of `parts` instead)",
    }),
    method: z.literal("PUT"),
    headers: z.record(z.string(), z.string()),
    expiresAt: z.string(),
    partSize: z.number().int().optional(),
    partCount: z.number().int().optional(),
    parts: z.array(uploadPartUrlSchema).optional().openapi({
      description: "Multipart sessions (size over MEDIA_MULTIPART_THRESHOLD): one presigned URL per part",
    }),
  })
  .openapi("UploadSession");

export const uploadSessionStatusSchema = z
  .object({
    id: z.string(),
    status: z.enum(["pending", "complete"]),
    mediaId: z.string().optional(),
    declaredSize: z.number().int(),
    receivedBytes: z.number().int(),
    receivedParts: z.array(receivedPartSchema).optional(),
    partSize: z.number().int().optional(),
    partCount: z.number().int().optional(),
    parts: z
      .array(uploadPartUrlSchema)
      .optional()
      .openapi({ description: "Fresh URLs for the parts not received yet" }),
    expiresAt: z.string(),
  })
  .openapi("UploadSessionStatus");

export const completedPartsSchema = z
  .array(z.object({ partNumber: z.number().int(), etag: z.string().max(130) }))
  .max(10_000);

export const idParams = z.object({ id: z.string().max(64) });

const problem = z
  .object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), code: z.string() })
  .openapi("Problem");

export function problems(...statuses: number[]) {
  const described: Record<number, string> = {
    400: "Invalid request (names each bad field)",
    401: "Missing or invalid access token",
    403: "Not allowed, or a signed URL that is invalid or expired",
    404: "No such media (or not yours)",
    412: "The upload session holds no bytes yet, their size/sha256 differs from the declaration, or a part is missing or has another ETag",
    413: "Over the size limit of the file's type, or over your storage quota",
    415: "Not an image or video this service accepts (decided by the bytes)",
    422: "An image whose declared dimensions exceed the pixel limit, or an unreadable image",
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: described[s] ?? "Error", content: { "application/problem+json": { schema: problem } } },
    ]),
  );
}

export const json = <S extends number, T extends z.ZodType>(status: S, description: string, schema: T) =>
  ({ [status]: { description, content: { "application/json": { schema } } } }) as Record<
    S,
    { description: string; content: { "application/json": { schema: T } } }
  >;
