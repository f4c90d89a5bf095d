import { UnauthenticatedError } from "@nova/errors";
import type { MiddlewareHandler } from "hono";
import type { AuthContext } from "./auth-context.ts";
import { bearerToken } from "./bearer-token.ts";
import type { TokenVerifier } from "./create-token-verifier.ts";

/** Hono variables set by `authenticate`; merge into a service's Env (`{ Variables: AuthVariables & … }`). */
export interface AuthVariables {
  auth: AuthContext | undefined;
}
export type AuthEnv = { Variables: AuthVariables };

export interface AuthenticateOptions {
  /** Let requests without a token through with `auth` undefined (a bad token is still refused). */
  optional?: boolean;
}

/**
 * Verifies `Authorization: Bearer <access token>` and sets `c.get("auth")`. Throws
 * UnauthenticatedError (→ 401 problem) for a missing token unless `optional`, and always for a
 * malformed, expired, revoked-key or wrongly-signed one.
 */
export function authenticate(
  verifier: TokenVerifier,
  opts: AuthenticateOptions = {},
): MiddlewareHandler<AuthEnv> {
  return async function authenticateMiddleware(c, next) {
    const token = bearerToken(c.req.header("authorization"));
    if (token === undefined) {
      if (!opts.optional) throw new UnauthenticatedError("an access token is required");
      c.set("auth", undefined);
    } else {
      c.set("auth", await verifier.verify(token));
    }
    await next();
  };
}
