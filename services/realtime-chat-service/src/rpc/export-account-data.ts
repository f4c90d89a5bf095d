import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { optionalAuth } from "@nova/auth";
import {
  type ExportAccountDataRequest,
  type ExportAccountDataResponse,
  ExportAccountDataResponseSchema,
} from "@nova/proto/realtime_chat/v1";
import type { ServiceContext } from "../context.ts";
import { exportAccountData as verb } from "../domain/export-account-data.ts";

/** nova.realtime_chat.v1.RealtimeChatService/ExportAccountData (internal: identity's account export). */
export function exportAccountData(ctx: ServiceContext) {
  return async (req: ExportAccountDataRequest, call: HandlerContext): Promise<ExportAccountDataResponse> => {
    const data = await verb({ ctx, viewer: optionalAuth(call), input: { accountId: req.accountId } });
    return create(ExportAccountDataResponseSchema, { data: JSON.parse(JSON.stringify(data)) });
  };
}
