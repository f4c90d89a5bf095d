import type { HandlerContext } from "@connectrpc/connect";
import { PermissionDeniedError, UnauthenticatedError } from "@nova/errors";
import type { AuthContext } from "./auth-context.ts";
import { authContextKey } from "./auth-interceptor.ts";
import { serviceCallerKey } from "./service-caller.ts";

/** Who made an RPC, as the gate verified it: a Nova service, an end user, or both (a service acting for a user). */
export interface RpcCaller {
  readonly service: string | undefined;
  readonly user: AuthContext | undefined;
}

/** The verified caller of an RPC (for domain verbs, which should not see Connect types). */
export function rpcCaller(ctx: Pick<HandlerContext, "values">): RpcCaller {
  return { service: ctx.values.get(serviceCallerKey), user: ctx.values.get(authContextKey) };
}

/**
 * The account an RPC acts for — the viewer is the token, never a field. A service caller may name
 * the account in a request field (it acts on its own, e.g. a fan-out from an event, or for the
 * user whose token it forwards); without one, the account is the end user's token: a field naming
 * anyone else is PermissionDeniedError. Undefined only when a service named nobody.
 */
export function actingAccountId(
  caller: RpcCaller,
  claimed: string | undefined,
  field = "viewer_id",
): string | undefined {
  const named = claimed ? claimed : undefined;
  if (caller.service) return named ?? caller.user?.accountId;
  if (!caller.user) throw new UnauthenticatedError("an access token is required");
  if (named !== undefined && named !== caller.user.accountId)
    throw new PermissionDeniedError(`${field} must be the caller's own account`);
  return caller.user.accountId;
}
