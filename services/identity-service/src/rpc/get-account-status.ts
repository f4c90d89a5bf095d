import { create } from "@bufbuild/protobuf";
import type { GetAccountStatusRequest, GetAccountStatusResponse } from "@nova/proto/identity/v1";
import { GetAccountStatusResponseSchema } from "@nova/proto/identity/v1";
import type { ServiceContext } from "../context.ts";
import { getAccountStatus as getStatus } from "../domain/get-account-statuses.ts";
import { toAccountStatusMessage } from "./account-status-message.ts";

/** GetAccountStatus: convert → getAccountStatus → convert. */
export function getAccountStatusHandler(ctx: ServiceContext) {
  return async function getAccountStatus(req: GetAccountStatusRequest): Promise<GetAccountStatusResponse> {
    const status = await getStatus({ ctx, input: { accountId: req.accountId } });
    return create(GetAccountStatusResponseSchema, { status: toAccountStatusMessage(status) });
  };
}
