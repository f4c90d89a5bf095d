import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { optionalAuth } from "@nova/auth";
import {
  type BatchGetProfilesRequest,
  type BatchGetProfilesResponse,
  BatchGetProfilesResponseSchema,
} from "@nova/proto/user/v1";
import type { ServiceContext } from "../context.ts";
import { batchGetProfiles as verb } from "../domain/batch-get-profiles.ts";
import { withProfilesMedia } from "../domain/profile-media.ts";
import { toProtoProfile } from "./to-proto.ts";

/** nova.user.v1.UserService/BatchGetProfiles */
export function batchGetProfiles(ctx: ServiceContext) {
  return async (req: BatchGetProfilesRequest, call: HandlerContext): Promise<BatchGetProfilesResponse> => {
    const views = await verb({ ctx, viewer: optionalAuth(call), input: { ids: req.ids } });
    const shown = req.includeMedia ? await withProfilesMedia(ctx, views) : views;
    return create(BatchGetProfilesResponseSchema, { profiles: shown.map(toProtoProfile) });
  };
}
