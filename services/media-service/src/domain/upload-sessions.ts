import { createHash } from "node:crypto";
import type { UploadedPart } from "@nova/blob";
import { DomainError, FailedPreconditionError, InvalidArgumentError, NotFoundError } from "@nova/errors";
import { eq } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { type UploadSessionRow, uploadSessions } from "../db/schema/index.ts";
import { checkQuota } from "./check-limits.ts";
import { ingestMedia } from "./ingest-media.ts";
import { parseAlt, parseFocus, parseMediaId } from "./media-input.ts";
import { type MediaView, toMediaView } from "./media-view.ts";
import {
  checkCompletedParts,
  parseCompletedParts,
  planParts,
  presignParts,
  type UploadPartUrl,
} from "./multipart-parts.ts";
import { uploadKey } from "./storage-keys.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

const CONTENT_TYPE = /^(image|video)\/[a-z0-9.+-]{1,64}$/;

export interface UploadSessionView {
  id: string;
  /** The presigned PUT; for a multipart session, part 1's URL (a client that ignores parts PUTs it all there). */
  uploadUrl: string;
  method: "PUT";
  headers: Record<string, string>;
  expiresAt: string;
  /** Multipart sessions (size over MEDIA_MULTIPART_THRESHOLD): PUT each part to its URL, keep each ETag. */
  partSize?: number;
  partCount?: number;
  parts?: UploadPartUrl[];
}

/** Seconds a presigned upload URL stays valid. */
export function uploadUrlTtl(ctx: ServiceContext): number {
  return Math.max(60, Math.floor(ctx.config.extra.MEDIA_URL_TTL / 1000));
}

/**
 * POST /api/v1/media/uploads: a presigned PUT (S3, or the embedded store's signed URL) for a file
 * too big for a form post, or — over MEDIA_MULTIPART_THRESHOLD — a multipart upload with one
 * presigned URL per part, resumable (GET the session to see which parts arrived). The declared type
 * only signs the PUT; the bytes decide on completion.
 */
export async function createUploadSession(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { contentType: string; size: number; sha256?: string | undefined };
}): Promise<UploadSessionView> {
  const { ctx, input } = args;
  const ownerId = requireViewer(args.viewer);
  if (!CONTENT_TYPE.test(input.contentType)) {
    throw new InvalidArgumentError("contentType must be image/* or video/*", [
      { field: "contentType", message: "must be image/* or video/*" },
    ]);
  }
  if (!Number.isSafeInteger(input.size) || input.size < 1) {
    throw new InvalidArgumentError("size must be a positive integer", [
      { field: "size", message: "positive integer" },
    ]);
  }
  if (input.sha256 !== undefined && !/^[0-9a-f]{64}$/.test(input.sha256)) {
    throw new InvalidArgumentError("sha256 must be 64 lowercase hex digits", [
      { field: "sha256", message: "hex" },
    ]);
  }
  const limit = Math.max(ctx.config.extra.MEDIA_MAX_VIDEO_BYTES, ctx.config.extra.MEDIA_MAX_IMAGE_BYTES);
  if (input.size > limit)
    throw new DomainError("payload_too_large", `size exceeds ${limit} bytes`, { limitBytes: limit });
  await checkQuota(ctx, ownerId, input.size);
  const id = Bun.randomUUIDv7();
  const key = uploadKey(ownerId, id);
  const ttl = uploadUrlTtl(ctx);
  const expiresAt = new Date(ctx.clock().getTime() + ttl * 1000);
  const row = {
    id,
    ownerId,
    declaredContentType: input.contentType,
    declaredSize: input.size,
    sha256: input.sha256 ?? null,
    key,
    expiresAt,
    createdAt: ctx.clock(),
  };
  if (input.size > ctx.config.extra.MEDIA_MULTIPART_THRESHOLD) {
    const { partSize, partCount } = planParts(ctx, input.size);
    const uploadId = await ctx.storage.store.createMultipartUpload(key, { contentType: input.contentType });
    const numbers = Array.from({ length: partCount }, (_, i) => i + 1);
    const parts = await presignParts(ctx, { key, uploadId, partSize, size: input.size }, numbers, ttl);
    await ctx.db.db
      .insert(uploadSessions)
      .values({ ...row, multipartUploadId: uploadId, partSize, partCount });
    return {
      id,
      uploadUrl: (parts[0] as UploadPartUrl).url,
      method: "PUT",
      headers: {},
      expiresAt: expiresAt.toISOString(),
      partSize,
      partCount,
      parts,
    };
  }
  const uploadUrl = await ctx.storage.store.presignPut(key, {
    expiresInSeconds: ttl,
    contentType: input.contentType,
  });
  await ctx.db.db.insert(uploadSessions).values(row);
  return {
    id,
    uploadUrl,
    method: "PUT",
    headers: { "content-type": input.contentType },
    expiresAt: expiresAt.toISOString(),
  };
}

/**
 * A multipart session's parts become one object: the client's list (or, without one, every part
 * received) is checked against the store first, so a wrong ETag or a missing part is a 412 and the
 * upload stays resumable.
 */
async function assembleParts(
  ctx: ServiceContext,
  session: UploadSessionRow,
  given: UploadedPart[] | undefined,
): Promise<void> {
  const uploadId = session.multipartUploadId as string;
  const received = await ctx.storage.store.listParts(session.key, uploadId);
  const parts = given ?? received.map(({ partNumber, etag }) => ({ partNumber, etag }));
  checkCompletedParts(parts, received, { partCount: session.partCount ?? 0, size: session.declaredSize });
  await ctx.storage.store.completeMultipartUpload(session.key, uploadId, parts);
}

/** The viewer's session, or 404 (another account's session is not revealed). */
export async function findUploadSession(
  ctx: ServiceContext,
  ownerId: string,
  id: string,
): Promise<UploadSessionRow> {
  const [session] = await ctx.db.db.select().from(uploadSessions).where(eq(uploadSessions.id, id));
  if (!session || session.ownerId !== ownerId) throw new NotFoundError("upload session", id);
  return session;
}

async function readAll(ctx: ServiceContext, key: string): Promise<Uint8Array> {
  return new Uint8Array(await new Response((await ctx.storage.store.get(key)).body).arrayBuffer());
}

async function readHead(ctx: ServiceContext, key: string): Promise<Uint8Array> {
  const reader = (await ctx.storage.store.get(key)).body.getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  while (n < 4100) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    n += value.byteLength;
  }
  await reader.cancel();
  return new Uint8Array(Buffer.concat(chunks).subarray(0, 4100));
}

async function sha256Of(ctx: ServiceContext, key: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of (await ctx.storage.store.get(key)).body as unknown as AsyncIterable<Uint8Array>)
    hash.update(chunk);
  return hash.digest("hex");
}

/**
 * POST /api/v1/media/uploads/{id}/complete: checks what was PUT (present, declared size, sha256
 * when declared), then ingests it like a form upload. Refused bytes are deleted: nothing stays.
 */
export async function completeUploadSession(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: {
    id: string;
    alt?: string | undefined;
    focus?: string | undefined;
    /** Multipart sessions: every part with the ETag its PUT answered (omitted: the parts received). */
    parts?: unknown;
  };
  traceparent?: string | undefined;
}): Promise<MediaView> {
  const { ctx } = args;
  const ownerId = requireViewer(args.viewer);
  const id = parseMediaId(args.input.id);
  const alt = parseAlt(args.input.alt);
  const focus = parseFocus(args.input.focus);
  const given = parseCompletedParts(args.input.parts);
  const session = await findUploadSession(ctx, ownerId, id);
  if (session.mediaId)
    throw new FailedPreconditionError(`upload session ${id} is already complete (media ${session.mediaId})`);
  if (session.multipartUploadId) {
    // Assembled once: after that the object is there (and the parts are gone).
    if (!(await ctx.storage.store.head(session.key))) await assembleParts(ctx, session, given);
  } else if (given) {
    throw new InvalidArgumentError("parts are only for multipart upload sessions", [
      { field: "parts", message: "this session is a single PUT" },
    ]);
  }
  const stored = await ctx.storage.store.head(session.key);
  if (!stored) throw new FailedPreconditionError("nothing was uploaded to this session's URL yet");
  try {
    if (stored.size !== session.declaredSize) {
      throw new FailedPreconditionError(`uploaded ${stored.size} bytes, declared ${session.declaredSize}`);
    }
    if (session.sha256 && (await sha256Of(ctx, session.key)) !== session.sha256) {
      throw new FailedPreconditionError("the uploaded bytes do not match the declared sha256");
    }
    const row = await ingestMedia(
      ctx,
      {
        ownerId,
        alt,
        focus,
        source: {
          key: session.key,
          size: stored.size,
          head: await readHead(ctx, session.key),
          read: () => readAll(ctx, session.key),
        },
      },
      args.traceparent,
    );
    await ctx.db.db.update(uploadSessions).set({ mediaId: row.id }).where(eq(uploadSessions.id, id));
    // A video keeps the upload as its source until transcoded; an image's bytes are no longer needed.
    if (row.kind !== "video") await ctx.storage.store.delete(session.key);
    return toMediaView(ctx, row);
  } catch (err) {
    await ctx.storage.store.delete(session.key);
    throw err;
  }
}
