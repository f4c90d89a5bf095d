import type { HandlerContext } from "@connectrpc/connect";
import { authContextKey } from "./auth-interceptor.ts";
import { serviceCallerKey } from "./service-caller.ts";

/**
 * Who is calling an RPC, as the verified credentials say (never a request field): a Nova service
 * (its service credential) and/or an end user (the access token it sent or a service forwarded).
 * Both are absent on a call nobody vouched for.
 */
export interface VerifiedCaller {
  /** The verified calling service, e.g. "feed-service". */
  readonly service?: string;
  /** The verified end user's account id. */
  readonly accountId?: string;
}

/** The VerifiedCaller of a Connect call, for domain rules that treat services and users apart. */
export function verifiedCaller(ctx: Pick<HandlerContext, "values">): VerifiedCaller {
  const service = ctx.values.get(serviceCallerKey);
  const accountId = ctx.values.get(authContextKey)?.accountId;
  return { ...(service ? { service } : {}), ...(accountId ? { accountId } : {}) };
}
