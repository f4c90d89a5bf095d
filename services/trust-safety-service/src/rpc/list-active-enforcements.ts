import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { HandlerContext } from "@connectrpc/connect";
import { rpcCaller } from "@nova/auth";
import {
  type ListActiveEnforcementsRequest,
  type ListActiveEnforcementsResponse,
  ListActiveEnforcementsResponseSchema,
} from "@nova/proto/trust_safety/v1";
import type { ServiceContext } from "../context.ts";
import { listActiveEnforcements as verb } from "../domain/list-active-enforcements.ts";

/** nova.trust_safety.v1.TrustSafetyService/ListActiveEnforcements (internal, search-service only). */
export function listActiveEnforcements(ctx: ServiceContext) {
  return async (
    req: ListActiveEnforcementsRequest,
    call: HandlerContext,
  ): Promise<ListActiveEnforcementsResponse> => {
    const input = { callerService: rpcCaller(call).service, pageSize: req.pageSize, cursor: req.cursor };
    const { items, nextCursor } = await verb({ ctx, input });
    const enforcements = items.map((a) => ({
      actionId: a.id,
      subjectType: a.subjectType,
      subjectId: a.subjectId,
      subjectAccountId: a.subjectAccountId ?? "",
      action: a.action,
      labels: [...a.labels],
      since: timestampFromDate(a.createdAt),
      ...(a.expiresAt ? { expiresAt: timestampFromDate(a.expiresAt) } : {}),
    }));
    return create(ListActiveEnforcementsResponseSchema, { enforcements, nextCursor });
  };
}
