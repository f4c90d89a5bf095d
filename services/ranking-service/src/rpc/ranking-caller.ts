import type { HandlerContext } from "@connectrpc/connect";
import { optionalAuth, optionalServiceCaller } from "@nova/auth";
import type { RankingCaller } from "../domain/acting-viewer.ts";

/** Who calls, as the verified credentials of the RPC say (never a request field). */
export function rpcCaller(handlerCtx: HandlerContext): RankingCaller {
  const service = optionalServiceCaller(handlerCtx);
  const accountId = optionalAuth(handlerCtx)?.accountId;
  return { ...(service ? { service } : {}), ...(accountId ? { accountId } : {}) };
}
