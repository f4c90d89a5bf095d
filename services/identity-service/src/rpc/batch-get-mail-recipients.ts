import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { rpcCaller } from "@nova/auth";
import {
  type BatchGetMailRecipientsRequest,
  type BatchGetMailRecipientsResponse,
  BatchGetMailRecipientsResponseSchema,
} from "@nova/proto/identity/v1";
import type { ServiceContext } from "../context.ts";
import { getMailRecipients } from "../domain/get-mail-recipients.ts";

/** BatchGetMailRecipients (internal, notification-service only): convert → getMailRecipients → convert. */
export function batchGetMailRecipientsHandler(ctx: ServiceContext) {
  return async function batchGetMailRecipients(
    req: BatchGetMailRecipientsRequest,
    call: HandlerContext,
  ): Promise<BatchGetMailRecipientsResponse> {
    const recipients = await getMailRecipients({
      ctx,
      callerService: rpcCaller(call).service,
      input: { accountIds: req.accountIds },
    });
    return create(BatchGetMailRecipientsResponseSchema, { recipients });
  };
}
