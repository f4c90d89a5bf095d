import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { optionalAuth } from "@nova/auth";
import {
  type BatchGetProfilesByUsernameRequest,
  type BatchGetProfilesByUsernameResponse,
  BatchGetProfilesByUsernameResponseSchema,
} from "@nova/proto/user/v1";
import type { ServiceContext } from "../context.ts";
import { batchGetProfilesByUsername as verb } from "../domain/batch-get-profiles-by-username.ts";
import { withProfilesMedia } from "../domain/profile-media.ts";
import { toProtoProfile } from "./to-proto.ts";

/** nova.user.v1.UserService/BatchGetProfilesByUsername */
export function batchGetProfilesByUsername(ctx: ServiceContext) {
  return async (
    req: BatchGetProfilesByUsernameRequest,
    call: HandlerContext,
  ): Promise<BatchGetProfilesByUsernameResponse> => {
    const views = await verb({ ctx, viewer: optionalAuth(call), input: { usernames: req.usernames } });
    const shown = req.includeMedia ? await withProfilesMedia(ctx, views) : views;
    return create(BatchGetProfilesByUsernameResponseSchema, { profiles: shown.map(toProtoProfile) });
  };
}
