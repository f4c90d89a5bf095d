import { PermissionDeniedError, UnauthenticatedError } from "@nova/errors";
import type { AuthContext } from "./auth-context.ts";
import type { StaffRole } from "./staff-role.ts";

/**
 * The caller when its access token carries at least one of `roles`: the check a staff-only domain
 * verb makes before any rule. No caller → UnauthenticatedError (401); a caller without any of the
 * roles → PermissionDeniedError (403 / permission_denied / FORBIDDEN).
 */
export function requireRole(
  caller: AuthContext | undefined,
  ...roles: readonly [StaffRole, ...StaffRole[]]
): AuthContext {
  if (!caller) throw new UnauthenticatedError("an access token is required");
  if (!caller.roles.some((role) => roles.includes(role)))
    throw new PermissionDeniedError(`this needs the ${roles.join(" or ")} role`);
  return caller;
}
