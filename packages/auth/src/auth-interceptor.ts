import { createContextKey, type HandlerContext, type Interceptor } from "@connectrpc/connect";
import { toConnectError, UnauthenticatedError } from "@nova/errors";
import type { AuthContext } from "./auth-context.ts";
import type { AuthenticateOptions } from "./authenticate.ts";
import { bearerToken } from "./bearer-token.ts";
import type { TokenVerifier } from "./create-token-verifier.ts";

/** Connect context value holding the caller's verified AuthContext (undefined when anonymous). */
export const authContextKey = createContextKey<AuthContext | undefined>(undefined, {
  description: "nova auth context",
});

/** Health probes never carry a user token. */
const DEFAULT_PUBLIC_SERVICES = ["grpc.health.v1.Health"];

export interface RpcAuthOptions extends AuthenticateOptions {
  /** Services callable without a token (a bad token is still refused). Default: grpc.health.v1.Health. */
  publicServices?: readonly string[];
}

async function resolve(
  verifier: TokenVerifier,
  header: string | null,
  serviceName: string,
  opts: RpcAuthOptions,
): Promise<AuthContext | undefined> {
  const token = bearerToken(header);
  if (token === undefined) {
    if (opts.optional || (opts.publicServices ?? DEFAULT_PUBLIC_SERVICES).includes(serviceName))
      return undefined;
    throw new UnauthenticatedError("an access token is required");
  }
  return verifier.verify(token);
}

/**
 * Connect interceptor that verifies the bearer token and stores it under `authContextKey`.
 * Put it in a router's interceptor list; for a single service on the kit's router use
 * `authRequestGate` instead (per-service `interceptors` would replace the kit's).
 */
export function authInterceptor(verifier: TokenVerifier, opts: RpcAuthOptions = {}): Interceptor {
  return (next) =>
    async function authenticateRpc(req) {
      let auth: AuthContext | undefined;
      try {
        auth = await resolve(verifier, req.header.get("authorization"), req.service.typeName, opts);
      } catch (err) {
        // Mapped here too, so the interceptor works at any position in a chain.
        throw toConnectError(err);
      }
      req.contextValues.set(authContextKey, auth);
      return next(req);
    };
}

/**
 * The same check as a Connect `requestGate`: `router.service(Svc, impl, { requestGate })`.
 * Runs before the request body is read, so an unauthenticated call costs nothing.
 */
export function authRequestGate(
  verifier: TokenVerifier,
  opts: RpcAuthOptions = {},
): (ctx: HandlerContext) => Promise<void> {
  return async function authenticateRpcGate(ctx) {
    try {
      const auth = await resolve(
        verifier,
        ctx.requestHeader.get("authorization"),
        ctx.service.typeName,
        opts,
      );
      ctx.values.set(authContextKey, auth);
    } catch (err) {
      // The gate runs outside the interceptor chain, so map the domain error here.
      throw toConnectError(err);
    }
  };
}
