import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { optionalAuth } from "@nova/auth";
import {
  type ExportAccountDataRequest,
  type ExportAccountDataResponse,
  ExportAccountDataResponseSchema,
} from "@nova/proto/user/v1";
import type { ServiceContext } from "../context.ts";
import { exportAccountData as verb } from "../domain/export-account-data.ts";
import { toProtoProfile, toProtoSettings } from "./to-proto.ts";

/** nova.user.v1.UserService/ExportAccountData */
export function exportAccountData(ctx: ServiceContext) {
  return async (req: ExportAccountDataRequest, call: HandlerContext): Promise<ExportAccountDataResponse> => {
    const { profile, settings } = await verb({
      ctx,
      viewer: optionalAuth(call),
      input: { accountId: req.accountId },
    });
    return create(ExportAccountDataResponseSchema, {
      profile: toProtoProfile(profile),
      settings: toProtoSettings(settings, profile.birthdayVisibility),
    });
  };
}
