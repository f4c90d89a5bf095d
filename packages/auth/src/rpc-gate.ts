import type { HandlerContext } from "@connectrpc/connect";
import { toConnectError, UnauthenticatedError } from "@nova/errors";
import type { AuthContext } from "./auth-context.ts";
import { authContextKey } from "./auth-interceptor.ts";
import { bearerToken } from "./bearer-token.ts";
import type { TokenVerifier } from "./create-token-verifier.ts";
import { peerServiceKey } from "./peer-service.ts";
import { type RpcAccess, serviceCallerKey } from "./service-caller.ts";
import type { ServiceIdentity } from "./service-identity.ts";
import { SERVICE_TOKEN_HEADER } from "./service-token.ts";

/** What the gate checks credentials with: end-user access tokens and peer services' tokens. */
export interface RpcGuard {
  readonly verifier: TokenVerifier;
  readonly identity: ServiceIdentity;
}

async function serviceCaller(ctx: HandlerContext, identity: ServiceIdentity): Promise<string | undefined> {
  const fromCertificate = ctx.values.get(peerServiceKey);
  const token = ctx.requestHeader.get(SERVICE_TOKEN_HEADER);
  if (!token) return fromCertificate;
  const fromToken = await identity.verify(token);
  if (fromCertificate && fromCertificate !== fromToken)
    throw new UnauthenticatedError("service token and client certificate name different services");
  return fromToken;
}

async function endUser(ctx: HandlerContext, verifier: TokenVerifier): Promise<AuthContext | undefined> {
  const token = bearerToken(ctx.requestHeader.get("authorization"));
  return token === undefined ? undefined : verifier.verify(token);
}

/**
 * The Connect request gate of every declared RPC, on both listeners, before the body is read:
 * `internal` needs a verified service credential (mTLS client certificate or service token) — an
 * end-user token alone is refused; `public` needs an end-user access token or a service
 * credential. A credential that is present but bad is always refused. Sets `serviceCallerKey` and
 * `authContextKey` for the handler.
 */
export function rpcAccessGate(
  guard: RpcGuard,
  accessOf: (method: string) => RpcAccess | undefined,
): (ctx: HandlerContext) => Promise<void> {
  return async function rpcAccessGateCheck(ctx) {
    try {
      const access = accessOf(ctx.method.localName);
      if (access === undefined) throw new UnauthenticatedError("this RPC has no access declaration");
      const service = await serviceCaller(ctx, guard.identity);
      if (access === "internal" && !service)
        throw new UnauthenticatedError("internal RPC: a service credential is required");
      const user = await endUser(ctx, guard.verifier);
      if (!service && !user) throw new UnauthenticatedError("an access token is required");
      ctx.values.set(serviceCallerKey, service);
      ctx.values.set(authContextKey, user);
    } catch (err) {
      // The gate runs outside the interceptor chain, so map the domain error here.
      throw toConnectError(err);
    }
  };
}
