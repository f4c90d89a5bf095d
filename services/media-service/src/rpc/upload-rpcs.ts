import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { HandlerContext } from "@connectrpc/connect";
import { optionalAuth } from "@nova/auth";
import {
  type CompleteMediaUploadRequest,
  CompleteMediaUploadResponseSchema,
  type CreateMediaUploadRequest,
  CreateMediaUploadResponseSchema,
  type GetMediaUploadRequest,
  GetMediaUploadResponseSchema,
} from "@nova/proto/media/v1";
import type { ServiceContext } from "../context.ts";
import { getUploadSession } from "../domain/get-upload-session.ts";
import type { UploadPartUrl } from "../domain/multipart-parts.ts";
import { completeUploadSession, createUploadSession } from "../domain/upload-sessions.ts";
import { toProtoMedia } from "./to-proto.ts";

const partUrls = (parts: UploadPartUrl[] | undefined) =>
  (parts ?? []).map((p) => ({ partNumber: p.partNumber, url: p.url, size: BigInt(p.size) }));

/**
 * The upload-session verbs for an end user's token (the account acting is the token's): the same
 * domain calls as REST's /api/v1/media/uploads routes and GraphQL's createMediaUpload / mediaUpload
 * / completeMediaUpload.
 */
export function uploadRpcs(ctx: ServiceContext) {
  return {
    createMediaUpload: async (req: CreateMediaUploadRequest, call: HandlerContext) => {
      const s = await createUploadSession({
        ctx,
        viewer: optionalAuth(call),
        input: {
          contentType: req.contentType,
          size: Number(req.size),
          ...(req.sha256 !== "" && { sha256: req.sha256 }),
        },
      });
      return create(CreateMediaUploadResponseSchema, {
        session: {
          id: s.id,
          uploadUrl: s.uploadUrl,
          method: s.method,
          headers: s.headers,
          expiresAt: timestampFromDate(new Date(s.expiresAt)),
          partSize: BigInt(s.partSize ?? 0),
          partCount: s.partCount ?? 0,
          parts: partUrls(s.parts),
        },
      });
    },
    getMediaUpload: async (req: GetMediaUploadRequest, call: HandlerContext) => {
      const s = await getUploadSession({ ctx, viewer: optionalAuth(call), input: { id: req.id } });
      return create(GetMediaUploadResponseSchema, {
        id: s.id,
        status: s.status,
        mediaId: s.mediaId ?? "",
        declaredSize: BigInt(s.declaredSize),
        receivedBytes: BigInt(s.receivedBytes),
        receivedParts: (s.receivedParts ?? []).map((p) => ({
          partNumber: p.partNumber,
          etag: p.etag,
          size: BigInt(p.size),
        })),
        partSize: BigInt(s.partSize ?? 0),
        partCount: s.partCount ?? 0,
        parts: partUrls(s.parts),
        expiresAt: timestampFromDate(new Date(s.expiresAt)),
      });
    },
    completeMediaUpload: async (req: CompleteMediaUploadRequest, call: HandlerContext) => {
      const view = await completeUploadSession({
        ctx,
        viewer: optionalAuth(call),
        input: {
          id: req.id,
          alt: req.alt,
          focus: req.focus,
          parts:
            req.parts.length > 0
              ? req.parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag }))
              : undefined,
        },
      });
      return create(CompleteMediaUploadResponseSchema, { media: toProtoMedia(view) });
    },
  };
}
