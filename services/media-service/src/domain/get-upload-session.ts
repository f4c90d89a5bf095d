import type { ServiceContext } from "../context.ts";
import { parseMediaId } from "./media-input.ts";
import { presignParts, type ReceivedPart, type UploadPartUrl } from "./multipart-parts.ts";
import { findUploadSession, uploadUrlTtl } from "./upload-sessions.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

export interface UploadSessionStatusView {
  id: string;
  status: "pending" | "complete";
  /** The media object the session became. */
  mediaId?: string;
  declaredSize: number;
  /** Bytes the store holds for this session so far. */
  receivedBytes: number;
  /** Multipart sessions: the parts received (skip them on resume) ... */
  receivedParts?: ReceivedPart[];
  partSize?: number;
  partCount?: number;
  /** ... and freshly presigned URLs for the parts still missing. */
  parts?: UploadPartUrl[];
  /** When the URLs in `parts` expire. */
  expiresAt: string;
}

/**
 * GET /api/v1/media/uploads/{id}: where an upload stands, for resuming — the parts the store
 * already holds, and new URLs for the rest (the first ones may have expired meanwhile).
 */
export async function getUploadSession(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { id: string };
}): Promise<UploadSessionStatusView> {
  const { ctx } = args;
  const ownerId = requireViewer(args.viewer);
  const session = await findUploadSession(ctx, ownerId, parseMediaId(args.input.id));
  const ttl = uploadUrlTtl(ctx);
  const base = {
    id: session.id,
    status: session.mediaId ? ("complete" as const) : ("pending" as const),
    ...(session.mediaId && { mediaId: session.mediaId }),
    declaredSize: session.declaredSize,
    expiresAt: new Date(ctx.clock().getTime() + ttl * 1000).toISOString(),
  };
  const assembled = await ctx.storage.store.head(session.key);
  if (!session.multipartUploadId || session.mediaId || assembled) {
    return { ...base, receivedBytes: session.mediaId ? session.declaredSize : (assembled?.size ?? 0) };
  }
  const partSize = session.partSize as number;
  const partCount = session.partCount as number;
  const received = await ctx.storage.store.listParts(session.key, session.multipartUploadId);
  const have = new Set(received.map((p) => p.partNumber));
  const missing = Array.from({ length: partCount }, (_, i) => i + 1).filter((n) => !have.has(n));
  const parts = await presignParts(
    ctx,
    { key: session.key, uploadId: session.multipartUploadId, partSize, size: session.declaredSize },
    missing,
    ttl,
  );
  return {
    ...base,
    receivedBytes: received.reduce((sum, p) => sum + p.size, 0),
    receivedParts: received,
    partSize,
    partCount,
    parts,
  };
}
