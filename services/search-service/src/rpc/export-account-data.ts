import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { optionalAuth } from "@nova/auth";
import {
  type ExportAccountDataRequest,
  type ExportAccountDataResponse,
  ExportAccountDataResponseSchema,
} from "@nova/proto/search/v1";
import type { ServiceContext } from "../context.ts";
import { exportAccountData as verb } from "../domain/export-account-data.ts";

/** nova.search.v1.SearchService/ExportAccountData (internal: identity's account export). */
export function exportAccountData(ctx: ServiceContext) {
  return async (req: ExportAccountDataRequest, call: HandlerContext): Promise<ExportAccountDataResponse> => {
    const data = await verb({ ctx, viewer: optionalAuth(call), input: { accountId: req.accountId } });
    // The section holds only JSON values (ISO strings for times); the round trip types it as a Struct.
    return create(ExportAccountDataResponseSchema, { data: JSON.parse(JSON.stringify(data)) });
  };
}
