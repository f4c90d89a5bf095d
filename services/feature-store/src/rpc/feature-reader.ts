import type { HandlerContext } from "@connectrpc/connect";
import { optionalAuth, optionalServiceCaller } from "@nova/auth";
import type { FeatureReader } from "../domain/authorise-feature-read.ts";

/** Who calls, as the verified credentials of the call say (never a request field). */
export function featureReader(handlerCtx: HandlerContext): FeatureReader {
  const service = optionalServiceCaller(handlerCtx);
  const accountId = optionalAuth(handlerCtx)?.accountId;
  return { ...(service ? { service } : {}), ...(accountId ? { accountId } : {}) };
}
