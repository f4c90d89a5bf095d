/** The staff roles identity-service grants (`bun run staff:grant`); normal accounts hold none. */
export const STAFF_ROLES = ["admin", "moderator", "analyst"] as const;

/** One staff role: `admin`, `moderator` or `analyst`. */
export type StaffRole = (typeof STAFF_ROLES)[number];

/** True when `value` names a staff role this build knows. */
export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === "string" && (STAFF_ROLES as readonly string[]).includes(value);
}

/**
 * The `roles` claim of an access token as a sorted, de-duplicated role list. Unknown strings are
 * dropped (a newer issuer may know roles this verifier does not — it must not grant them), an
 * absent or malformed claim is no roles.
 */
export function parseStaffRoles(claim: unknown): readonly StaffRole[] {
  if (!Array.isArray(claim)) return [];
  return STAFF_ROLES.filter((role) => claim.includes(role));
}
