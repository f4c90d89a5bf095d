import { create } from "@bufbuild/protobuf";
import {
  type ListBlockedAndMutedRequest,
  type ListBlockedAndMutedResponse,
  ListBlockedAndMutedResponseSchema,
} from "@nova/proto/graph/v1";
import type { ServiceContext } from "../context.ts";
import { listHiddenAccounts } from "../domain/list-hidden-accounts.ts";

/** nova.graph.v1.GraphService/ListBlockedAndMuted */
export function listBlockedAndMuted(ctx: ServiceContext) {
  return async (req: ListBlockedAndMutedRequest): Promise<ListBlockedAndMutedResponse> => {
    const hidden = await listHiddenAccounts({ ctx, input: { accountId: req.accountId } });
    return create(ListBlockedAndMutedResponseSchema, {
      blockingIds: hidden.blocking,
      blockedByIds: hidden.blockedBy,
      mutingIds: hidden.muting,
    });
  };
}
