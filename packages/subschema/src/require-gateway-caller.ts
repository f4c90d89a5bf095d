import { SERVICE_TOKEN_HEADER } from "@nova/auth";
import { PermissionDeniedError, UnauthenticatedError } from "@nova/errors";

/** The service whose credential a service's own /graphql accepts: only the gateway talks to it. */
export const GATEWAY_SERVICE = "graphql-gateway";

/** What checking a service credential needs (a service's `ctx.identity` fits). */
export interface ServiceCredentialVerifier {
  /** The calling service's name, or UnauthenticatedError. */
  verify(token: string): Promise<string>;
}

/**
 * Zero trust for a service's /graphql: the request must carry a service token
 * (`x-nova-service-token`, docs/SERVICE-IDENTITY.md) of one of `callers` (the gateway). A client
 * calling the service directly gets a 401 problem, another service a 403, before the body is read.
 */
export async function requireGatewayCaller(
  request: Request,
  identity: ServiceCredentialVerifier,
  callers: readonly string[] = [GATEWAY_SERVICE],
): Promise<string> {
  const token = request.headers.get(SERVICE_TOKEN_HEADER);
  if (!token)
    throw new UnauthenticatedError(
      "this /graphql endpoint answers only the gateway: use the gateway's /graphql",
    );
  const service = await identity.verify(token);
  if (!callers.includes(service))
    throw new PermissionDeniedError(`service ${service} may not call this /graphql endpoint`);
  return service;
}
