import { createContextKey, type HandlerContext } from "@connectrpc/connect";
import { UnauthenticatedError } from "@nova/errors";

/**
 * Connect context value holding the name of the Nova service that called (e.g. "feed-service"),
 * set only after its service credential was verified (a service token on the HTTP port, a client
 * certificate or service token on the gRPC port). Undefined for end-user clients.
 */
export const serviceCallerKey = createContextKey<string | undefined>(undefined, {
  description: "nova calling service",
});

/** Who may call an RPC: end-user clients with their token (`public`) or Nova services only (`internal`). */
export type RpcAccess = "public" | "internal";

/** The verified calling service, if the call carried a valid service credential. */
export function optionalServiceCaller(ctx: Pick<HandlerContext, "values"> | undefined): string | undefined {
  return ctx?.values.get(serviceCallerKey);
}

/** The verified calling service, or UnauthenticatedError: for rules that only a service may invoke. */
export function requireServiceCaller(ctx: Pick<HandlerContext, "values"> | undefined): string {
  const service = optionalServiceCaller(ctx);
  if (!service) throw new UnauthenticatedError("a service credential is required");
  return service;
}
