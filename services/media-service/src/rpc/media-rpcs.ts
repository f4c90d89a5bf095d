import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { optionalAuth } from "@nova/auth";
import {
  type AttachMediaRequest,
  AttachMediaResponseSchema,
  type BatchGetMediaRequest,
  BatchGetMediaResponseSchema,
  type ExportAccountDataRequest,
  ExportAccountDataResponseSchema,
  type ReleaseMediaRequest,
  ReleaseMediaResponseSchema,
} from "@nova/proto/media/v1";
import type { ServiceContext } from "../context.ts";
import { attachMedia, releaseMedia } from "../domain/attach-media.ts";
import { batchGetMedia } from "../domain/batch-get-media.ts";
import { exportAccountData as exportVerb } from "../domain/export-account-data.ts";
import { toProtoMedia } from "./to-proto.ts";

/** nova.media.v1.MediaService handlers; each converts and delegates to a domain verb. */
export function mediaRpcs(ctx: ServiceContext) {
  return {
    batchGetMedia: async (req: BatchGetMediaRequest) =>
      create(BatchGetMediaResponseSchema, {
        media: (await batchGetMedia({ ctx, input: { ids: req.ids } })).map(toProtoMedia),
      }),
    attachMedia: async (req: AttachMediaRequest) =>
      create(AttachMediaResponseSchema, {
        media: (
          await attachMedia({
            ctx,
            input: { ownerId: req.ownerId, subject: req.subject, mediaIds: req.mediaIds },
          })
        ).map(toProtoMedia),
      }),
    releaseMedia: async (req: ReleaseMediaRequest) =>
      create(ReleaseMediaResponseSchema, {
        released: await releaseMedia({ ctx, input: { subject: req.subject } }),
      }),
    exportAccountData: async (req: ExportAccountDataRequest, call: HandlerContext) => {
      const data = await exportVerb({ ctx, viewer: optionalAuth(call), input: { accountId: req.accountId } });
      return create(ExportAccountDataResponseSchema, { data: JSON.parse(JSON.stringify(data)) });
    },
  };
}
