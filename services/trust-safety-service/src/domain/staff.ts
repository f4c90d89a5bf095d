import { type AuthContext, requireRole } from "@nova/auth";
import { UnauthenticatedError } from "@nova/errors";

/** A moderator (or admin) token; 401 without a token, 403 without the role. */
export function requireModerator(auth: AuthContext | undefined): AuthContext {
  if (!auth) throw new UnauthenticatedError();
  return requireRole(auth, "moderator", "admin");
}

/** An admin token (transparency stats). */
export function requireAdmin(auth: AuthContext | undefined): AuthContext {
  if (!auth) throw new UnauthenticatedError();
  return requireRole(auth, "admin");
}

/** Any signed-in account. */
export function requireAccount(auth: AuthContext | undefined): AuthContext {
  if (!auth) throw new UnauthenticatedError();
  return auth;
}
