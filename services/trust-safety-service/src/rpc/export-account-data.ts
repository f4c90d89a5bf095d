import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { requireServiceCaller } from "@nova/auth";
import { PermissionDeniedError } from "@nova/errors";
import {
  type ExportAccountDataRequest,
  type ExportAccountDataResponse,
  ExportAccountDataResponseSchema,
} from "@nova/proto/trust_safety/v1";
import type { ServiceContext } from "../context.ts";
import { exportAccountData as verb } from "../domain/export-account-data.ts";

/** nova.trust_safety.v1.TrustSafetyService/ExportAccountData (internal: identity's account export). */
export function exportAccountData(ctx: ServiceContext) {
  return async (req: ExportAccountDataRequest, call: HandlerContext): Promise<ExportAccountDataResponse> => {
    if (requireServiceCaller(call) !== "identity-service")
      throw new PermissionDeniedError("only identity-service assembles account exports");
    const data = await verb({ ctx, input: { accountId: req.accountId } });
    return create(ExportAccountDataResponseSchema, { data: JSON.parse(JSON.stringify(data)) });
  };
}
