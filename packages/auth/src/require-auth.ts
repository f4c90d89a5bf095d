import type { HandlerContext } from "@connectrpc/connect";
import { UnauthenticatedError } from "@nova/errors";
import type { AuthContext } from "./auth-context.ts";
import { authContextKey } from "./auth-interceptor.ts";

/** Anything that may carry the caller: an AuthContext, a Connect HandlerContext or a Hono context. */
export type AuthSource =
  | AuthContext
  | HandlerContext
  | { get(key: "auth"): AuthContext | undefined }
  | null
  | undefined;

/** The caller's AuthContext if the source holds one. */
export function optionalAuth(source: AuthSource): AuthContext | undefined {
  if (!source) return undefined;
  if ("values" in source && typeof source.values?.get === "function")
    return source.values.get(authContextKey);
  if ("get" in source && typeof source.get === "function")
    return (source as { get(key: "auth"): AuthContext | undefined }).get("auth");
  return source as AuthContext;
}

/** The caller's AuthContext, or UnauthenticatedError; domain verbs call this before any rule. */
export function requireAuth(source: AuthSource): AuthContext {
  const auth = optionalAuth(source);
  if (!auth) throw new UnauthenticatedError("an access token is required");
  return auth;
}
