import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { optionalAuth } from "@nova/auth";
import {
  type CheckUsernameAvailabilityRequest,
  type CheckUsernameAvailabilityResponse,
  CheckUsernameAvailabilityResponseSchema,
} from "@nova/proto/user/v1";
import type { ServiceContext } from "../context.ts";
import { checkUsernameAvailability as verb } from "../domain/check-username-availability.ts";

/** nova.user.v1.UserService/CheckUsernameAvailability */
export function checkUsernameAvailability(ctx: ServiceContext) {
  return async (
    req: CheckUsernameAvailabilityRequest,
    call: HandlerContext,
  ): Promise<CheckUsernameAvailabilityResponse> => {
    const result = await verb({ ctx, viewer: optionalAuth(call), input: { username: req.username } });
    return create(CheckUsernameAvailabilityResponseSchema, { ...result, reason: result.reason ?? "" });
  };
}
