import { create } from "@bufbuild/protobuf";
import type { BatchGetAccountStatusRequest, BatchGetAccountStatusResponse } from "@nova/proto/identity/v1";
import { BatchGetAccountStatusResponseSchema } from "@nova/proto/identity/v1";
import type { ServiceContext } from "../context.ts";
import { getAccountStatuses } from "../domain/get-account-statuses.ts";
import { toAccountStatusMessage } from "./account-status-message.ts";

/** BatchGetAccountStatus: convert → getAccountStatuses → convert. */
export function batchGetAccountStatusHandler(ctx: ServiceContext) {
  return async function batchGetAccountStatus(
    req: BatchGetAccountStatusRequest,
  ): Promise<BatchGetAccountStatusResponse> {
    const statuses = await getAccountStatuses({ ctx, input: { accountIds: req.accountIds } });
    return create(BatchGetAccountStatusResponseSchema, { statuses: statuses.map(toAccountStatusMessage) });
  };
}
