import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { rpcCaller } from "@nova/auth";
import {
  type ListProfilesForReindexRequest,
  type ListProfilesForReindexResponse,
  ListProfilesForReindexResponseSchema,
} from "@nova/proto/user/v1";
import type { ServiceContext } from "../context.ts";
import { listProfilesForReindex as verb } from "../domain/list-profiles-for-reindex.ts";

/** nova.user.v1.UserService/ListProfilesForReindex (internal, search-service only). */
export function listProfilesForReindex(ctx: ServiceContext) {
  return async (
    req: ListProfilesForReindexRequest,
    call: HandlerContext,
  ): Promise<ListProfilesForReindexResponse> => {
    const { items, nextCursor } = await verb({
      ctx,
      callerService: rpcCaller(call).service,
      input: { pageSize: req.pageSize, cursor: req.cursor },
    });
    const profiles = items.map((p) => ({ ...p, avatarMediaId: p.avatarMediaId ?? "" }));
    return create(ListProfilesForReindexResponseSchema, { profiles, nextCursor });
  };
}
