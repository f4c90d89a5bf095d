import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { optionalAuth } from "@nova/auth";
import {
  type ExportAccountDataRequest,
  type ExportAccountDataResponse,
  ExportAccountDataResponseSchema,
  type GetUnreadCountResponse,
  GetUnreadCountResponseSchema,
} from "@nova/proto/notification/v1";
import type { ServiceContext } from "../context.ts";
import { exportAccountData as exportVerb } from "../domain/export-account-data.ts";
import { unreadCount } from "../domain/mark-read.ts";

/** nova.notification.v1.NotificationService/GetUnreadCount (public: the token's account). */
export function getUnreadCount(ctx: ServiceContext) {
  return async (_req: unknown, call: HandlerContext): Promise<GetUnreadCountResponse> =>
    create(GetUnreadCountResponseSchema, await unreadCount({ ctx, viewer: optionalAuth(call) }));
}

/** nova.notification.v1.NotificationService/ExportAccountData (internal: identity's account export). */
export function exportAccountData(ctx: ServiceContext) {
  return async (req: ExportAccountDataRequest, call: HandlerContext): Promise<ExportAccountDataResponse> => {
    const data = await exportVerb({ ctx, viewer: optionalAuth(call), input: { accountId: req.accountId } });
    return create(ExportAccountDataResponseSchema, { data: JSON.parse(JSON.stringify(data)) });
  };
}
